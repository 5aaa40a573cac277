#ifndef STEPWISE_CVECTORMATH_SHIM_H
#define STEPWISE_CVECTORMATH_SHIM_H
/* Square roots of eight doubles at once, for the engine's optimizers. Swift's own
 * `squareRoot()` keeps C's errno semantics (a call of sqrt() for negative numbers), which stops
 * the compiler from using the vector instruction; this builtin has none. Each lane is the
 * correctly rounded square root, as `squareRoot()` gives: the same bytes, computed eight at a
 * time. Header-only, so it is compiled for the Swift build's own CPU target. SIMD8<Double> in Swift. */

typedef double stepwise_double8 __attribute__((ext_vector_type(8)));

static inline stepwise_double8 stepwise_square_root8(stepwise_double8 x) {
    return __builtin_elementwise_sqrt(x);
}

#endif
