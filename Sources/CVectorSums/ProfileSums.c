#include "ProfileSums.h"

#include "VectorLanes.h"

/// The loop, inlined into each variant below and compiled for its target.
static inline __attribute__((always_inline)) double sums8(const double *table, const double *censored, const double *multipliers,
                                                          ptrdiff_t psuCount, ptrdiff_t profiles) {
    double numerator = 0;
    for (ptrdiff_t psu = 0; psu < psuCount; psu++) {
        const double multiplier = multipliers ? multipliers[psu] : 1;
        if (multiplier == 0) continue;
        // Lanes 0–3 and 4–7 of the eight running sums.
        Lanes low = {0, 0, 0, 0}, high = {0, 0, 0, 0};
        const double *weights = table + psu * profiles;
        for (ptrdiff_t block = 0; block < profiles; block += 8) {
            Lanes shareLow, shareHigh, weightLow, weightHigh;
            LOAD_LANES(shareLow, censored + block);
            LOAD_LANES(shareHigh, censored + block + 4);
            LOAD_LANES(weightLow, weights + block);
            LOAD_LANES(weightHigh, weights + block + 4);
            low += shareLow * weightLow;
            high += shareHigh * weightHigh;
        }
        // The lanes in order, from −0 (which any first lane leaves as it is).
        double sum = -0.0;
        for (int lane = 0; lane < 4; lane++) sum += low[lane];
        for (int lane = 0; lane < 4; lane++) sum += high[lane];
        numerator += multiplier * sum;
    }
    return numerator;
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static double sums8AVX2(const double *table, const double *censored, const double *multipliers, ptrdiff_t psuCount,
                                                        ptrdiff_t profiles) {
    return sums8(table, censored, multipliers, psuCount, profiles);
}
#endif

double integra_profile_sums8_baseline(const double *table, const double *censored, const double *multipliers, ptrdiff_t psuCount,
                                      ptrdiff_t profiles) {
    return sums8(table, censored, multipliers, psuCount, profiles);
}

double integra_profile_sums8(const double *table, const double *censored, const double *multipliers, ptrdiff_t psuCount, ptrdiff_t profiles) {
#if defined(__x86_64__)
    if (HAS_AVX2()) return sums8AVX2(table, censored, multipliers, psuCount, profiles);
#endif
    return sums8(table, censored, multipliers, psuCount, profiles);
}
