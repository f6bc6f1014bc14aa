#include "CompositeSums.h"

#include "VectorLanes.h"

/// The loop, inlined into each variant below and compiled for its target: four lanes at a
/// time, each block's two running sums in registers over the PSUs.
static inline __attribute__((always_inline)) void compositeSums(const double *weighted, const double *weight, const double *multipliers,
                                                                ptrdiff_t psuCount, ptrdiff_t lanes, double *sums, double *weights) {
    for (ptrdiff_t block = 0; block < lanes; block += 4) {
        Lanes sum = {0, 0, 0, 0}, total = {0, 0, 0, 0};
        for (ptrdiff_t psu = 0; psu < psuCount; psu++) {
            const double multiplier = multipliers ? multipliers[psu] : 1;
            if (multiplier == 0) continue;
            const Lanes m = {multiplier, multiplier, multiplier, multiplier};
            Lanes value, w;
            LOAD_LANES(value, weighted + psu * lanes + block);
            LOAD_LANES(w, weight + psu * lanes + block);
            sum += m * value;
            total += m * w;
        }
        STORE_LANES(sums + block, sum);
        STORE_LANES(weights + block, total);
    }
}

#define COMPOSITE_PARAMETERS                                                                                                           \
    const double *weighted, const double *weight, const double *multipliers, ptrdiff_t psuCount, ptrdiff_t lanes, double *sums, \
        double *weights
#define COMPOSITE_ARGUMENTS weighted, weight, multipliers, psuCount, lanes, sums, weights

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void compositeSumsAVX2(COMPOSITE_PARAMETERS) { compositeSums(COMPOSITE_ARGUMENTS); }
#endif

void integra_composite_sums_baseline(COMPOSITE_PARAMETERS) { compositeSums(COMPOSITE_ARGUMENTS); }

void integra_composite_sums(COMPOSITE_PARAMETERS) {
#if defined(__x86_64__)
    if (HAS_AVX2()) return compositeSumsAVX2(COMPOSITE_ARGUMENTS);
#endif
    compositeSums(COMPOSITE_ARGUMENTS);
}
