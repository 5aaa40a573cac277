#ifndef STEPWISE_CVECTORMATH_NONZEROS_H
#define STEPWISE_CVECTORMATH_NONZEROS_H
/* The nonzero numbers of a matrix, row by row, for the engine's SparseRows (compressed sparse
 * rows). One pass: counting, checking and gathering, eight numbers at a time with AVX-512's
 * compress instructions when the Swift build targets a CPU that has them (header-only, so it is
 * compiled for the Swift build's own CPU target), one at a time otherwise. Numbers are only
 * moved, never computed: both paths give the same bytes (Tools/check_cpu_identity.sh compares
 * traces from both). SwiftPM does not recompile the Swift files that import this module when only
 * this header changes: after editing it, touch Sources/StepwiseEngine/Core/SparseRows.swift. */

#include <stdint.h>
#if defined(__AVX512F__) && defined(__AVX512VL__)
#include <immintrin.h>
#endif

/* The smallest magnitude a nonzero number may have (2^-452; see SparseRows). */
#define STEPWISE_SMALLEST_SKIPPED_FACTOR 0x1p-452

/* Whether x is 0, or finite with magnitude at least 2^-452. */
static inline int stepwise_skips_exactly(double x) {
    double magnitude = __builtin_fabs(x);
    return x == 0 || (magnitude >= STEPWISE_SMALLEST_SKIPPED_FACTOR && magnitude <= __DBL_MAX__);
}

/* Gathers the nonzero numbers of `matrix [rows, columns]` (−0 counts as zero) row by row:
 * `values[e]` and its column `indices[e]`, row r's entries at starts[r] ..< starts[r + 1]
 * (starts has rows + 1 numbers). Returns how many, or −1 when more than `maximum` are nonzero
 * (it stops there) or one of them is NaN, infinite or smaller in magnitude than 2^-452.
 * `values` and `indices` need room for `maximum` + 8 numbers (whole vectors of eight are written
 * from the last entry on). */
static inline intptr_t stepwise_gather_nonzeros(
    const double *matrix, intptr_t rows, intptr_t columns, intptr_t maximum,
    intptr_t *starts, int32_t *indices, double *values)
{
    intptr_t count = 0;
    starts[0] = 0;
#if defined(__AVX512F__) && defined(__AVX512VL__)
    const __m512d zero = _mm512_setzero_pd();
    const __m512d smallest = _mm512_set1_pd(STEPWISE_SMALLEST_SKIPPED_FACTOR);
    const __m512d largest = _mm512_set1_pd(__DBL_MAX__);
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __mmask8 refused = 0;
    for (intptr_t r = 0; r < rows; r++) {
        const double *row = matrix + r * columns;
        for (intptr_t j = 0; j < columns; j += 8) {
            __mmask8 inside = columns - j >= 8 ? 0xFF : (__mmask8)((1u << (columns - j)) - 1);
            __m512d v = _mm512_maskz_loadu_pd(inside, row + j);
            /* Unordered: NaN counts as nonzero (and is then refused). */
            __mmask8 nonzero = _mm512_cmp_pd_mask(v, zero, _CMP_NEQ_UQ);
            __m512d magnitude = _mm512_abs_pd(v);
            __mmask8 fine = _mm512_cmp_pd_mask(magnitude, smallest, _CMP_GE_OQ)
                          & _mm512_cmp_pd_mask(magnitude, largest, _CMP_LE_OQ);
            refused |= nonzero & (__mmask8)~fine;
            /* Compressed into registers and stored whole: a compressing store to memory is slow. */
            _mm512_storeu_pd(values + count, _mm512_maskz_compress_pd(nonzero, v));
            __m256i columnsHere = _mm256_add_epi32(lanes, _mm256_set1_epi32((int32_t)j));
            _mm256_storeu_si256((__m256i *)(indices + count), _mm256_maskz_compress_epi32(nonzero, columnsHere));
            count += __builtin_popcount((unsigned)nonzero);
            if (count > maximum) return -1;
        }
        starts[r + 1] = count;
        if (refused) return -1;
    }
#else
    for (intptr_t r = 0; r < rows; r++) {
        const double *row = matrix + r * columns;
        for (intptr_t j = 0; j < columns; j++) {
            double number = row[j];
            if (!stepwise_skips_exactly(number)) return -1;
            indices[count] = (int32_t)j;
            values[count] = number;
            count += number != 0;
            if (count > maximum) return -1;
        }
        starts[r + 1] = count;
    }
#endif
    return count;
}

#endif
