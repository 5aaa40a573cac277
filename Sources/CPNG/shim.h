#ifndef STEPWISE_CPNG_SHIM_H
#define STEPWISE_CPNG_SHIM_H
#include <png.h>

/// Nested macros of libpng's simplified API, re-exported as constants Swift can see.
static const png_uint_32 STEPWISE_PNG_IMAGE_VERSION = PNG_IMAGE_VERSION;
static const png_uint_32 STEPWISE_PNG_FORMAT_RGBA = PNG_FORMAT_RGBA;
static const png_uint_32 STEPWISE_PNG_IMAGE_WARNING = PNG_IMAGE_WARNING;
#endif
