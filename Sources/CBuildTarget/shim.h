#ifndef STEPWISE_CBUILDTARGET_SHIM_H
#define STEPWISE_CBUILDTARGET_SHIM_H
/* What the Swift code importing this header is compiled for. Swift hands its own
 * `-target-cpu` to the C importer, so these are the predefined macros of the Swift build
 * itself (a C target compiled by clang would not see -Xswiftc flags). 1 when present, else 0. */

#if defined(__x86_64__)
#define STEPWISE_ARCHITECTURE "x86-64"
#elif defined(__aarch64__)
#define STEPWISE_ARCHITECTURE "arm64"
#else
#define STEPWISE_ARCHITECTURE "other"
#endif

/* A fused multiply-add instruction: FMA3 on x86-64; every arm64 CPU has one. */
#if defined(__FMA__) || defined(__aarch64__) || defined(__ARM_FEATURE_FMA)
#define STEPWISE_HAS_FMA 1
#else
#define STEPWISE_HAS_FMA 0
#endif

#if defined(__AVX2__)
#define STEPWISE_HAS_AVX2 1
#else
#define STEPWISE_HAS_AVX2 0
#endif

#if defined(__AVX512F__)
#define STEPWISE_HAS_AVX512F 1
#else
#define STEPWISE_HAS_AVX512F 0
#endif

#endif
