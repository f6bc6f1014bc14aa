#ifndef INTEGRA_COMPOSITESUMS_H
#define INTEGRA_COMPOSITESUMS_H

#include <stddef.h>

// Rank sensitivity (estimates → ranks): a domain's Σ w·y and Σ w of every index dimension
// under one bootstrap draw, the sums `RankCellSums.composite` makes its composite from. A
// thousand draws of every domain of every group variable make it one of a run's larger
// loops, though it reads no rows.
//
// The dimensions are the lanes: a PSU's cells lie side by side, `lanes` doubles (the
// dimensions and zeros after them, a multiple of 4), so four dimensions' sums are one
// vector and each lane adds the PSUs in order, as the loop of one dimension at a time did.
// Two variants, AVX2 and baseline, the same IEEE operations in the same order: the same bits.

/// For each lane j below `lanes`: `sums[j]` = Σ over PSUs p, in order from +0, of
/// m_p × weighted[p × lanes + j] (a multiply, then an add), and `weights[j]` the same of
/// `weight`; m_p is `multipliers[p]`, or 1 without multipliers. A PSU whose multiplier is 0
/// adds nothing, whatever its cells hold (NaN included): skipped, or with eight lanes read and
/// masked to +0, which leaves a sum from +0 as it is.
void integra_composite_sums(const double *weighted, const double *weight, const double *multipliers, ptrdiff_t psuCount, ptrdiff_t lanes,
                            double *sums, double *weights);

/// `integra_composite_sums` compiled for any processor, whatever this one has (for tests).
void integra_composite_sums_baseline(const double *weighted, const double *weight, const double *multipliers, ptrdiff_t psuCount,
                                     ptrdiff_t lanes, double *sums, double *weights);

#endif
