#ifndef STEPWISE_CPANGO_SHIM_H
#define STEPWISE_CPANGO_SHIM_H
#include <pango/pangocairo.h>

/// PANGO_SCALE as a constant Swift can see.
static const int STEPWISE_PANGO_SCALE = PANGO_SCALE;
#endif
