#include "ProfileSums.h"

#include "VectorLanes.h"

/// Two PSUs' sums, each as alone: eight running sums per PSU, lane j adding profiles j,
/// j + 8, … in turn, then the lanes added in order, from −0 (which any first lane leaves as it
/// is). `second` may be NULL (one PSU: its lanes are left at 0 and dropped).
static inline __attribute__((always_inline)) void psuSums(const double *first, const double *second, const double *censored, ptrdiff_t profiles,
                                                          double sums[2]) {
    Lanes low[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}}, high[2] = {{0, 0, 0, 0}, {0, 0, 0, 0}};
    const int count = second ? 2 : 1;
    const double *const weights[2] = {first, second ? second : first};
    for (ptrdiff_t block = 0; block < profiles; block += 8) {
        Lanes shareLow, shareHigh;
        LOAD_LANES(shareLow, censored + block);
        LOAD_LANES(shareHigh, censored + block + 4);
        for (int p = 0; p < 2; p++) {
            Lanes weightLow, weightHigh;
            LOAD_LANES(weightLow, weights[p] + block);
            LOAD_LANES(weightHigh, weights[p] + block + 4);
            low[p] += shareLow * weightLow;
            high[p] += shareHigh * weightHigh;
        }
    }
    for (int p = 0; p < count; p++) {
        double sum = -0.0;
        for (int lane = 0; lane < 4; lane++) sum += low[p][lane];
        for (int lane = 0; lane < 4; lane++) sum += high[p][lane];
        sums[p] = sum;
    }
}

/// The loop, inlined into each variant below and compiled for its target. Two PSUs at a time:
/// a PSU's sum is a chain of dependent additions (each waits for the one before), and two
/// independent chains side by side take the time of one. Each PSU's sum is made as alone, and
/// the numerator still adds the PSUs in order: the same bits.
static inline __attribute__((always_inline)) double sums8(const double *table, const double *censored, const double *multipliers,
                                                          ptrdiff_t psuCount, ptrdiff_t profiles) {
    double numerator = 0;
    // A PSU waiting for a second one to be summed with (−1: none).
    ptrdiff_t waiting = -1;
    for (ptrdiff_t psu = 0; psu < psuCount; psu++) {
        const double multiplier = multipliers ? multipliers[psu] : 1;
        if (multiplier == 0) continue;
        if (waiting < 0) {
            waiting = psu;
            continue;
        }
        double sums[2];
        psuSums(table + waiting * profiles, table + psu * profiles, censored, profiles, sums);
        numerator += (multipliers ? multipliers[waiting] : 1) * sums[0];
        numerator += multiplier * sums[1];
        waiting = -1;
    }
    if (waiting >= 0) {
        double sums[2];
        psuSums(table + waiting * profiles, NULL, censored, profiles, sums);
        numerator += (multipliers ? multipliers[waiting] : 1) * sums[0];
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
