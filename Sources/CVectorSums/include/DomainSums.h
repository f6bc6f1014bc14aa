#ifndef INTEGRA_DOMAINSUMS_H
#define INTEGRA_DOMAINSUMS_H

#include <stddef.h>
#include <stdint.h>

// Estimation's one pass over the rows (respondent scores → per-domain sums → estimates):
// `DomainSums.summing`'s loop, for four variables side by side in one vector, or eight in two.
//
// In C because the processors integra runs on mostly have 256-bit vectors (AVX2), which
// Swift's baseline x86-64 target cannot use: its `SIMD4<Double>` is two 128-bit halves, each
// operation done twice. Compiled twice: for AVX2, and for any processor (the baseline), the
// first used where the processor has it. Contraction into fused multiply-adds is off, so
// each lane is the same IEEE operations, in the same order, as the Swift loop it replaces:
// the sums are the same to the bit on either variant.

/// Adds rows `0 ..< rows` into the sums of four variables, lane `l` of each sum the
/// variable `columns[l]`: a row whose value is NaN adds +0 to its lane (sums that start at
/// +0 stay the same to the bit as when the row is skipped).
///
/// For row `r`, with `d = domainOfRow[r]` and `cell = d × units + unitOfRow[r × unitStep]`:
/// `weight[cell]` += w, `weightedValue[cell]` += w·y, `weightedSquare[d]` += (w·y)·y and
/// `count[d]` += 1, lane by lane, where the lane's value y is present (else w and y are +0
/// and the count is unchanged). Each of those is four consecutive numbers.
///
/// A row whose domain is outside `0 ..< domainCount` is skipped when no lane has a value;
/// with a value, the scan stops and returns that row (the caller's error). Returns −1 when
/// every row was added.
ptrdiff_t integra_domain_sums4(const double *const columns[4], const double *weights, const int32_t *unitOfRow, ptrdiff_t unitStep,
                               const int32_t *domainOfRow, ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight,
                               double *weightedValue, double *weightedSquare, int64_t *count);

/// `integra_domain_sums4` compiled for any processor, whatever this one has: for tests, which
/// compare both variants' sums.
ptrdiff_t integra_domain_sums4_baseline(const double *const columns[4], const double *weights, const int32_t *unitOfRow, ptrdiff_t unitStep,
                                        const int32_t *domainOfRow, ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight,
                                        double *weightedValue, double *weightedSquare, int64_t *count);

/// `integra_domain_sums4` for eight variables, lane `l` the variable `columns[l]`: each of
/// the sums is eight consecutive numbers, each lane made exactly as in `integra_domain_sums4`.
/// One pass for eight variables reads each row's domain, unit and weight once, where two
/// passes of four read them twice.
ptrdiff_t integra_domain_sums8(const double *const columns[8], const double *weights, const int32_t *unitOfRow, ptrdiff_t unitStep,
                               const int32_t *domainOfRow, ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight,
                               double *weightedValue, double *weightedSquare, int64_t *count);

/// `integra_domain_sums8` compiled for any processor (for tests).
ptrdiff_t integra_domain_sums8_baseline(const double *const columns[8], const double *weights, const int32_t *unitOfRow, ptrdiff_t unitStep,
                                        const int32_t *domainOfRow, ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight,
                                        double *weightedValue, double *weightedSquare, int64_t *count);

/// `integra_domain_sums4` for twelve variables, three vectors of four: a run's seven
/// dimensions, overall index and headline proportions in one pass over the rows, where eight
/// and then the rest were two.
ptrdiff_t integra_domain_sums12(const double *const columns[12], const double *weights, const int32_t *unitOfRow, ptrdiff_t unitStep,
                                const int32_t *domainOfRow, ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight,
                                double *weightedValue, double *weightedSquare, int64_t *count);

/// `integra_domain_sums12` compiled for any processor (for tests).
ptrdiff_t integra_domain_sums12_baseline(const double *const columns[12], const double *weights, const int32_t *unitOfRow, ptrdiff_t unitStep,
                                         const int32_t *domainOfRow, ptrdiff_t rows, ptrdiff_t domainCount, ptrdiff_t units, double *weight,
                                         double *weightedValue, double *weightedSquare, int64_t *count);

#endif
