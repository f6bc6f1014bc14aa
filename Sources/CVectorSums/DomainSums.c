#include "DomainSums.h"

#include "VectorLanes.h"

/// `*at += lanes`, four doubles from `at`.
#define ADD_LANES(at, lanes)       \
    do {                           \
        Lanes sum_;                \
        LOAD_LANES(sum_, (at));    \
        sum_ += (lanes);           \
        STORE_LANES((at), sum_);   \
    } while (0)

/// The loop, inlined into each variant below and compiled for its target.
static inline __attribute__((always_inline)) ptrdiff_t sums4(const double *const columns[4], const double *weights, const int32_t *unitOfRow,
                                                             ptrdiff_t unitStep, const int32_t *domainOfRow, ptrdiff_t rows, ptrdiff_t domainCount,
                                                             ptrdiff_t units, double *weight, double *weightedValue, double *weightedSquare,
                                                             int64_t *count) {
    const double *const y0 = columns[0], *const y1 = columns[1], *const y2 = columns[2], *const y3 = columns[3];
    for (ptrdiff_t row = 0; row < rows; row++) {
        const Lanes value = {y0[row], y1[row], y2[row], y3[row]};
        // All ones where the lane's value is a number (NaN is unequal to itself).
        const Mask present = value == value;
        const ptrdiff_t d = domainOfRow[row];
        if ((size_t)d >= (size_t)domainCount) {
            if (present[0] | present[1] | present[2] | present[3]) return row;
            continue;
        }
        const ptrdiff_t cell = d * units + unitOfRow[row * unitStep];
        const double w = weights[row];
        // +0 where the value is missing: the bits of w and of y, and-ed with the mask.
        const Lanes wi = (Lanes)((Mask)(Lanes){w, w, w, w} & present);
        const Lanes y = (Lanes)((Mask)value & present);
        const Lanes wy = wi * y;
        ADD_LANES(weight + 4 * cell, wi);
        ADD_LANES(weightedValue + 4 * cell, wy);
        ADD_LANES(weightedSquare + 4 * d, wy * y);
        Mask counted;
        LOAD_LANES(counted, count + 4 * d);
        counted -= present;
        STORE_LANES(count + 4 * d, counted);
    }
    return -1;
}

#define SUMS4_PARAMETERS                                                                                                                 \
    const double *const columns[4], const double *weights, const int32_t *unitOfRow, ptrdiff_t unitStep, const int32_t *domainOfRow, \
        ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight, double *weightedValue, double *weightedSquare, int64_t *count
#define SUMS4_ARGUMENTS columns, weights, unitOfRow, unitStep, domainOfRow, rows, domainCount, units, weight, weightedValue, weightedSquare, count

#if defined(__x86_64__)
__attribute__((target("avx2"))) static ptrdiff_t sums4AVX2(SUMS4_PARAMETERS) { return sums4(SUMS4_ARGUMENTS); }
#endif

ptrdiff_t integra_domain_sums4_baseline(SUMS4_PARAMETERS) { return sums4(SUMS4_ARGUMENTS); }

ptrdiff_t integra_domain_sums4(SUMS4_PARAMETERS) {
#if defined(__x86_64__)
    if (HAS_AVX2()) return sums4AVX2(SUMS4_ARGUMENTS);
#endif
    return sums4(SUMS4_ARGUMENTS);
}
