#ifndef INTEGRA_PROFILESUMS_H
#define INTEGRA_PROFILESUMS_H

#include <stddef.h>

// The counting view's rank sensitivity (estimates → ranks): the numerator of a domain's
// adjusted headcount M0 under one draw, `RankLaggingCells.adjustedHeadcount`'s loop over a
// PSU × profile table of weights. A thousand draws of every domain make it one of a run's
// larger loops, though it reads no rows.
//
// In C for the same reason as `integra_domain_sums4` (DomainSums.h): eight doubles are two
// 256-bit vectors on a processor with AVX2, four 128-bit halves for Swift's baseline target.
// Two variants, AVX2 and baseline, the same IEEE operations in the same order: the same bits.

/// Σ over PSUs p of m_p × Σ_k censored[k] × table[p × profiles + k], the PSUs in order from
/// +0, each PSU's sum as Swift's `SIMD8<Double>` makes it: eight running sums, lane j adding
/// the products of profiles j, j + 8, j + 16, … in turn (a multiply, then an add), then the
/// eight added in lane order. m_p is `multipliers[p]`, or 1 without multipliers; a PSU whose
/// multiplier is 0 adds nothing and is not read. `profiles` is a multiple of 8.
double integra_profile_sums8(const double *table, const double *censored, const double *multipliers, ptrdiff_t psuCount, ptrdiff_t profiles);

/// `integra_profile_sums8` compiled for any processor, whatever this one has (for tests).
double integra_profile_sums8_baseline(const double *table, const double *censored, const double *multipliers, ptrdiff_t psuCount,
                                      ptrdiff_t profiles);

#endif
