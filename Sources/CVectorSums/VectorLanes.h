#ifndef INTEGRA_VECTORLANES_H
#define INTEGRA_VECTORLANES_H

// What every loop of CVectorSums shares: four doubles (or four 64-bit masks) as one vector,
// which the compiler makes one 256-bit register in a function compiled for AVX2 and two
// 128-bit halves in the baseline one, and no fused multiply-adds, so that both variants make
// each lane's sums with the same IEEE operations in the same order as the Swift loops they
// replace (the same bits on every processor).

#include <stdint.h>
#include <string.h>

#pragma clang fp contract(off)

typedef double Lanes __attribute__((vector_size(32)));
typedef int64_t Mask __attribute__((vector_size(32)));

/// Four lanes from or to memory of no particular alignment. Macros: a function taking a
/// 256-bit vector by value would have one calling convention per variant.
#define LOAD_LANES(target, from) memcpy(&(target), (from), sizeof(target))
#define STORE_LANES(to, source) memcpy((to), &(source), sizeof(source))

/// Whether the processor runs the AVX2 variants: its features as the C runtime read them at
/// start, a load and a test.
#if defined(__x86_64__)
#define HAS_AVX2() __builtin_cpu_supports("avx2")
#else
#define HAS_AVX2() 0
#endif

#endif
