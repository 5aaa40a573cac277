#include "CPNGWriter.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    jmp_buf jump;
    char *error;
    size_t error_size;
    uint8_t *data;
    size_t size;
    size_t capacity;
} writer_state;

static void on_error(png_structp png, png_const_charp message) {
    writer_state *state = (writer_state *)png_get_error_ptr(png);
    if (state->error && state->error_size > 0) {
        strncpy(state->error, message ? message : "unknown libpng error", state->error_size - 1);
        state->error[state->error_size - 1] = '\0';
    }
    longjmp(state->jump, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void on_write(png_structp png, png_bytep bytes, png_size_t length) {
    writer_state *state = (writer_state *)png_get_io_ptr(png);
    if (state->size + length > state->capacity) {
        size_t capacity = state->capacity ? state->capacity : 16384;
        while (capacity < state->size + length) capacity *= 2;
        uint8_t *grown = (uint8_t *)realloc(state->data, capacity);
        if (!grown) png_error(png, "out of memory");
        state->data = grown;
        state->capacity = capacity;
    }
    memcpy(state->data + state->size, bytes, length);
    state->size += length;
}

static void on_flush(png_structp png) { (void)png; }

int stepwise_png_encode_rgb24(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride,
                              const stepwise_png_text *texts, int text_count, int level,
                              uint8_t **output, size_t *output_size,
                              char *error, size_t error_size) {
    *output = NULL;
    *output_size = 0;
    if (error && error_size > 0) error[0] = '\0';

    /* Volatile: these are read after a longjmp back into this frame. */
    writer_state *volatile state = (writer_state *)calloc(1, sizeof(writer_state));
    if (!state) {
        if (error && error_size > 0) strncpy(error, "out of memory", error_size - 1);
        return -1;
    }
    state->error = error;
    state->error_size = error_size;
    png_structp volatile png = NULL;
    png_infop volatile info = NULL;
    png_textp volatile chunks = NULL;

    if (setjmp(state->jump)) {
        png_structp p = png;
        png_infop i = info;
        png_destroy_write_struct(&p, &i);
        free(chunks);
        free(state->data);
        free(state);
        return -1;
    }

    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, state, on_error, on_warning);
    if (!png) {
        if (error && error_size > 0) strncpy(error, "cannot create the libpng writer", error_size - 1);
        free(state);
        return -1;
    }
    info = png_create_info_struct(png);
    if (!info) png_error(png, "cannot create the libpng info");

    png_set_write_fn(png, state, on_write, on_flush);
    png_set_compression_level(png, level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (text_count > 0) {
        chunks = (png_textp)calloc((size_t)text_count, sizeof(png_text));
        if (!chunks) png_error(png, "out of memory");
        for (int k = 0; k < text_count; k++) {
            chunks[k].compression = texts[k].utf8 ? PNG_ITXT_COMPRESSION_NONE : PNG_TEXT_COMPRESSION_NONE;
            chunks[k].key = (png_charp)texts[k].key;
            chunks[k].text = (png_charp)texts[k].text;
            chunks[k].text_length = texts[k].utf8 ? 0 : strlen(texts[k].text);
            chunks[k].itxt_length = texts[k].utf8 ? strlen(texts[k].text) : 0;
            chunks[k].lang = NULL;
            chunks[k].lang_key = NULL;
        }
        png_set_text(png, info, chunks, text_count);
    }
    png_write_info(png, info);
    /* Cairo's RGB24 is a native-endian 32-bit xRGB word: B, G, R, x in memory on little-endian
       machines. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    png_set_bgr(png);
    png_set_filler(png, 0, PNG_FILLER_AFTER);
#else
    png_set_filler(png, 0, PNG_FILLER_BEFORE);
#endif
    for (uint32_t row = 0; row < height; row++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)row * stride));
    }
    png_write_end(png, info);

    png_structp p = png;
    png_infop i = info;
    png_destroy_write_struct(&p, &i);
    free(chunks);
    *output = state->data;
    *output_size = state->size;
    free(state);
    return 0;
}

void stepwise_png_free(uint8_t *buffer) { free(buffer); }
