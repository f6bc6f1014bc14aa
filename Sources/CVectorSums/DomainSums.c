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

/// The loop, inlined into each variant below and compiled for its target: `halves` vectors
/// of four lanes (1, 2 or 3, a constant at each use, so the vectors' steps unroll), lane
/// `4h + j` of the sums the variable `columns[4h + j]`.
static inline __attribute__((always_inline)) ptrdiff_t sums(int halves, const double *const *columns, const double *weights,
                                                            const int32_t *unitOfRow, ptrdiff_t unitStep, const int32_t *domainOfRow,
                                                            ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight,
                                                            double *weightedValue, double *weightedSquare, int64_t *count) {
    const ptrdiff_t width = 4 * halves;
    for (ptrdiff_t row = 0; row < rows; row++) {
        Lanes value[3];
        // All ones where the lane's value is a number (NaN is unequal to itself).
        Mask present[3];
        Mask any = {0, 0, 0, 0};
        for (int h = 0; h < halves; h++) {
            const double *const *y = columns + 4 * h;
            value[h] = (Lanes){y[0][row], y[1][row], y[2][row], y[3][row]};
            present[h] = value[h] == value[h];
            any |= present[h];
        }
        const ptrdiff_t d = domainOfRow[row];
        if ((size_t)d >= (size_t)domainCount) {
            if (any[0] | any[1] | any[2] | any[3]) return row;
            continue;
        }
        const ptrdiff_t cell = d * units + unitOfRow[row * unitStep];
        const double w = weights[row];
        for (int h = 0; h < halves; h++) {
            // +0 where the value is missing: the bits of w and of y, and-ed with the mask.
            const Lanes wi = (Lanes)((Mask)(Lanes){w, w, w, w} & present[h]);
            const Lanes y = (Lanes)((Mask)value[h] & present[h]);
            const Lanes wy = wi * y;
            ADD_LANES(weight + width * cell + 4 * h, wi);
            ADD_LANES(weightedValue + width * cell + 4 * h, wy);
            ADD_LANES(weightedSquare + width * d + 4 * h, wy * y);
            Mask counted;
            LOAD_LANES(counted, count + width * d + 4 * h);
            counted -= present[h];
            STORE_LANES(count + width * d + 4 * h, counted);
        }
    }
    return -1;
}

#define SUMS_PARAMETERS(lanes)                                                                                                                  \
    const double *const columns[lanes], const double *weights, const int32_t *unitOfRow, ptrdiff_t unitStep, const int32_t *domainOfRow, \
        ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight, double *weightedValue, double *weightedSquare, int64_t *count
#define SUMS_ARGUMENTS columns, weights, unitOfRow, unitStep, domainOfRow, rows, domainCount, units, weight, weightedValue, weightedSquare, count

#if defined(__x86_64__)
__attribute__((target("avx2"))) static ptrdiff_t domainSums4AVX2(SUMS_PARAMETERS(4)) { return sums(1, SUMS_ARGUMENTS); }
__attribute__((target("avx2"))) static ptrdiff_t domainSums8AVX2(SUMS_PARAMETERS(8)) { return sums(2, SUMS_ARGUMENTS); }
__attribute__((target("avx2"))) static ptrdiff_t domainSums12AVX2(SUMS_PARAMETERS(12)) { return sums(3, SUMS_ARGUMENTS); }
#endif

ptrdiff_t integra_domain_sums4_baseline(SUMS_PARAMETERS(4)) { return sums(1, SUMS_ARGUMENTS); }
ptrdiff_t integra_domain_sums8_baseline(SUMS_PARAMETERS(8)) { return sums(2, SUMS_ARGUMENTS); }
ptrdiff_t integra_domain_sums12_baseline(SUMS_PARAMETERS(12)) { return sums(3, SUMS_ARGUMENTS); }

ptrdiff_t integra_domain_sums4(SUMS_PARAMETERS(4)) {
#if defined(__x86_64__)
    if (HAS_AVX2()) return domainSums4AVX2(SUMS_ARGUMENTS);
#endif
    return sums(1, SUMS_ARGUMENTS);
}

ptrdiff_t integra_domain_sums8(SUMS_PARAMETERS(8)) {
#if defined(__x86_64__)
    if (HAS_AVX2()) return domainSums8AVX2(SUMS_ARGUMENTS);
#endif
    return sums(2, SUMS_ARGUMENTS);
}

ptrdiff_t integra_domain_sums12(SUMS_PARAMETERS(12)) {
#if defined(__x86_64__)
    if (HAS_AVX2()) return domainSums12AVX2(SUMS_ARGUMENTS);
#endif
    return sums(3, SUMS_ARGUMENTS);
}
