#include "PairSums.h"

#include "VectorLanes.h"

/// A row's four pairs: `xs` and `ys`, `both` all ones in the lanes with both scores (NaN is
/// unequal to itself), and `w` the row's weight there, +0 in the others. A macro, for the
/// reason of `LOAD_LANES`.
#define PAIR_ROW(row)                                                          \
    const Lanes xs = {x[0][row], x[1][row], x[2][row], x[3][row]};             \
    const Lanes ys = {y[0][row], y[1][row], y[2][row], y[3][row]};             \
    const Mask both = (xs == xs) & (ys == ys);                                 \
    const double weight = weights[row];                                        \
    const Lanes w = (Lanes)((Mask)(Lanes){weight, weight, weight, weight} & both)

/// The first pass, inlined into each variant below and compiled for its target.
static inline __attribute__((always_inline)) void first(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start,
                                                        ptrdiff_t end, IntegraPairSums *sums) {
    Mask n;
    Lanes sw, sx, sy;
    LOAD_LANES(n, sums->n);
    LOAD_LANES(sw, sums->sw);
    LOAD_LANES(sx, sums->sx);
    LOAD_LANES(sy, sums->sy);
    for (ptrdiff_t row = start; row < end; row++) {
        PAIR_ROW(row);
        sw += w;
        sx += w * (Lanes)((Mask)xs & both);
        sy += w * (Lanes)((Mask)ys & both);
        n -= both;
    }
    STORE_LANES(sums->n, n);
    STORE_LANES(sums->sw, sw);
    STORE_LANES(sums->sx, sx);
    STORE_LANES(sums->sy, sy);
}

/// The second pass, inlined into each variant below and compiled for its target.
static inline __attribute__((always_inline)) void second(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start,
                                                         ptrdiff_t end, const double meanX[4], const double meanY[4], IntegraPairSums *sums) {
    Lanes sxx, syy, sxy, mx, my;
    LOAD_LANES(sxx, sums->sxx);
    LOAD_LANES(syy, sums->syy);
    LOAD_LANES(sxy, sums->sxy);
    LOAD_LANES(mx, meanX);
    LOAD_LANES(my, meanY);
    for (ptrdiff_t row = start; row < end; row++) {
        PAIR_ROW(row);
        const Lanes dx = (Lanes)((Mask)(xs - mx) & both);
        const Lanes dy = (Lanes)((Mask)(ys - my) & both);
        sxx += w * dx * dx;
        syy += w * dy * dy;
        sxy += w * dx * dy;
    }
    STORE_LANES(sums->sxx, sxx);
    STORE_LANES(sums->syy, syy);
    STORE_LANES(sums->sxy, sxy);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void firstAVX2(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start,
                                                      ptrdiff_t end, IntegraPairSums *sums) {
    first(x, y, weights, start, end, sums);
}

__attribute__((target("avx2"))) static void secondAVX2(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start,
                                                       ptrdiff_t end, const double meanX[4], const double meanY[4], IntegraPairSums *sums) {
    second(x, y, weights, start, end, meanX, meanY, sums);
}
#endif

void integra_pair_sums_first_baseline(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                                      IntegraPairSums *sums) {
    first(x, y, weights, start, end, sums);
}

void integra_pair_sums_second_baseline(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                                       const double meanX[4], const double meanY[4], IntegraPairSums *sums) {
    second(x, y, weights, start, end, meanX, meanY, sums);
}

void integra_pair_sums_first(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                             IntegraPairSums *sums) {
#if defined(__x86_64__)
    if (HAS_AVX2()) return firstAVX2(x, y, weights, start, end, sums);
#endif
    first(x, y, weights, start, end, sums);
}

void integra_pair_sums_second(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                              const double meanX[4], const double meanY[4], IntegraPairSums *sums) {
#if defined(__x86_64__)
    if (HAS_AVX2()) return secondAVX2(x, y, weights, start, end, meanX, meanY, sums);
#endif
    second(x, y, weights, start, end, meanX, meanY, sums);
}
