#include "PairSums.h"

#include <string.h>

// Each lane's operations exactly as written: no fused multiply-add.
#pragma clang fp contract(off)

typedef double Lanes __attribute__((vector_size(32)));
typedef int64_t Mask __attribute__((vector_size(32)));

#define LOAD(target, from) memcpy(&(target), (from), sizeof(target))
#define STORE(to, source) memcpy((to), &(source), sizeof(source))

/// The first pass, inlined into each variant below and compiled for its target.
static inline __attribute__((always_inline)) void first(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start,
                                                        ptrdiff_t end, IntegraPairSums *sums) {
    Mask n;
    Lanes sw, sx, sy;
    LOAD(n, sums->n);
    LOAD(sw, sums->sw);
    LOAD(sx, sums->sx);
    LOAD(sy, sums->sy);
    for (ptrdiff_t row = start; row < end; row++) {
        const Lanes xs = {x[0][row], x[1][row], x[2][row], x[3][row]};
        const Lanes ys = {y[0][row], y[1][row], y[2][row], y[3][row]};
        // All ones where both are numbers (NaN is unequal to itself).
        const Mask both = (xs == xs) & (ys == ys);
        const double weight = weights[row];
        const Lanes w = (Lanes)((Mask)(Lanes){weight, weight, weight, weight} & both);
        sw += w;
        sx += w * (Lanes)((Mask)xs & both);
        sy += w * (Lanes)((Mask)ys & both);
        n -= both;
    }
    STORE(sums->n, n);
    STORE(sums->sw, sw);
    STORE(sums->sx, sx);
    STORE(sums->sy, sy);
}

/// The second pass, inlined into each variant below and compiled for its target.
static inline __attribute__((always_inline)) void second(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start,
                                                         ptrdiff_t end, const double meanX[4], const double meanY[4], IntegraPairSums *sums) {
    Lanes sxx, syy, sxy, mx, my;
    LOAD(sxx, sums->sxx);
    LOAD(syy, sums->syy);
    LOAD(sxy, sums->sxy);
    LOAD(mx, meanX);
    LOAD(my, meanY);
    for (ptrdiff_t row = start; row < end; row++) {
        const Lanes xs = {x[0][row], x[1][row], x[2][row], x[3][row]};
        const Lanes ys = {y[0][row], y[1][row], y[2][row], y[3][row]};
        const Mask both = (xs == xs) & (ys == ys);
        const double weight = weights[row];
        const Lanes w = (Lanes)((Mask)(Lanes){weight, weight, weight, weight} & both);
        const Lanes dx = (Lanes)((Mask)(xs - mx) & both);
        const Lanes dy = (Lanes)((Mask)(ys - my) & both);
        sxx += w * dx * dx;
        syy += w * dy * dy;
        sxy += w * dx * dy;
    }
    STORE(sums->sxx, sxx);
    STORE(sums->syy, syy);
    STORE(sums->sxy, sxy);
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
    if (__builtin_cpu_supports("avx2")) return firstAVX2(x, y, weights, start, end, sums);
#endif
    first(x, y, weights, start, end, sums);
}

void integra_pair_sums_second(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                              const double meanX[4], const double meanY[4], IntegraPairSums *sums) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) return secondAVX2(x, y, weights, start, end, meanX, meanY, sums);
#endif
    second(x, y, weights, start, end, meanX, meanY, sums);
}
