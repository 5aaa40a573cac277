#ifndef STEPWISE_CPNGWRITER_H
#define STEPWISE_CPNGWRITER_H
#include <stddef.h>
#include <stdint.h>

/// One text chunk: `key` (Latin-1, 1-79 bytes) and `text`. `utf8` non-zero writes an
/// uncompressed iTXt chunk (UTF-8 text), zero a tEXt chunk (the text must be Latin-1).
typedef struct {
    const char *key;
    const char *text;
    int utf8;
} stepwise_png_text;

/// Encodes `height` rows of `width` pixels in Cairo's CAIRO_FORMAT_RGB24 layout (32-bit
/// native-endian xRGB, `stride` bytes per row) as an 8-bit RGB PNG with the given text chunks,
/// at zlib `level` with PNG_FILTER_NONE.
///
/// On success returns 0 and sets `*output` (malloc'd; free with stepwise_png_free) and
/// `*output_size`. On failure returns -1, writes libpng's message into `error` and sets
/// `*output` to NULL. libpng reports errors by longjmp; this function catches them with setjmp,
/// so no longjmp ever crosses into the caller.
int stepwise_png_encode_rgb24(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride,
                              const stepwise_png_text *texts, int text_count, int level,
                              uint8_t **output, size_t *output_size,
                              char *error, size_t error_size);

/// Frees a buffer returned by stepwise_png_encode_rgb24.
void stepwise_png_free(uint8_t *buffer);

#endif
