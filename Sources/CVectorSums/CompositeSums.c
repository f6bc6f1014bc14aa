#include "CompositeSums.h"

#include "VectorLanes.h"

/// The loop, inlined into each variant below and compiled for its target: four lanes at a
/// time, each block's two running sums in registers over the PSUs; eight lanes (a run's seven
/// dimensions) as two blocks side by side, their chains of additions overlapping. A PSU a
/// draw leaves out (multiplier 0) adds +0, by a mask rather than a branch (which a third of
/// the PSUs, drawn at random, made a misprediction each): a sum from +0 is the same to the
/// bit as when the PSU is skipped, whatever its cells hold.
static inline __attribute__((always_inline)) void compositeSums(const double *weighted, const double *weight, const double *multipliers,
                                                                ptrdiff_t psuCount, ptrdiff_t lanes, double *sums, double *weights) {
    if (lanes == 8) {
        Lanes sum[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}}, total[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
        for (ptrdiff_t psu = 0; psu < psuCount; psu++) {
            const double multiplier = multipliers ? multipliers[psu] : 1;
            const Lanes m = {multiplier, multiplier, multiplier, multiplier};
            // All ones where the PSU is drawn.
            const Mask drawn = m != (Lanes){0, 0, 0, 0};
            for (int block = 0; block < 2; block++) {
                Lanes value, w;
                LOAD_LANES(value, weighted + psu * 8 + 4 * block);
                LOAD_LANES(w, weight + psu * 8 + 4 * block);
                sum[block] += (Lanes)((Mask)(m * value) & drawn);
                total[block] += (Lanes)((Mask)(m * w) & drawn);
            }
        }
        for (int block = 0; block < 2; block++) {
            STORE_LANES(sums + 4 * block, sum[block]);
            STORE_LANES(weights + 4 * block, total[block]);
        }
        return;
    }
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
