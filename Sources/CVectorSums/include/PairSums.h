#ifndef INTEGRA_PAIRSUMS_H
#define INTEGRA_PAIRSUMS_H

#include <stddef.h>
#include <stdint.h>

// The dimensions' correlations (respondent scores → the index's checks): weighted sums of
// four pairs of score columns side by side, a lane each, over a range of rows, in the two
// passes `DimensionCorrelation` makes (the weighted means, then the sums around them).
//
// In C for the same reason as `integra_domain_sums4` (DomainSums.h): four doubles are one
// 256-bit vector on a processor with AVX2, two halves for Swift's baseline target. Two
// variants, AVX2 and baseline, the same IEEE operations in the same order: the same bits.

/// Four pairs' running sums, lane `l` the pair of `x[l]` and `y[l]`.
typedef struct {
    int64_t n[4];
    double sw[4], sx[4], sy[4];
    double sxx[4], syy[4], sxy[4];
} IntegraPairSums;

/// The first pass, rows `start ..< end` in order: in each lane where both scores are numbers,
/// n += 1, sw += w, sx += w·x, sy += w·y; elsewhere w, x and y are +0 (sums that start at +0
/// stay the same to the bit as when the row is skipped).
void integra_pair_sums_first(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                             IntegraPairSums *sums);

/// The second pass, rows `start ..< end` in order, around the means `meanX` and `meanY`:
/// with dx = x − mx and dy = y − my (+0 where the lane lacks either score, as w),
/// sxx += (w·dx)·dx, syy += (w·dy)·dy, sxy += (w·dx)·dy.
void integra_pair_sums_second(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                              const double meanX[4], const double meanY[4], IntegraPairSums *sums);

/// Both passes compiled for any processor, whatever this one has (for tests).
void integra_pair_sums_first_baseline(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                                      IntegraPairSums *sums);
void integra_pair_sums_second_baseline(const double *const x[4], const double *const y[4], const double *weights, ptrdiff_t start, ptrdiff_t end,
                                       const double meanX[4], const double meanY[4], IntegraPairSums *sums);

#endif
