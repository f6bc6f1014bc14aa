#ifndef INTEGRA_LAGGINGCELLS_H
#define INTEGRA_LAGGINGCELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// The counting view's rank sensitivity (estimates → ranks): the pass over the rows that sums
// the weights of each (shift, domain, PSU, lagging profile) for one group variable,
// `RankLaggingCells`' tables. A row adds its weight to one cell per shift of the cut-offs,
// and to its (PSU, domain) total: a million rows and seven group variables make some forty
// million additions to cells that cannot be known ahead.
//
// In C for the loop's registers: Swift kept the row's place, its weight and the shifts'
// strides on the stack and moved them between registers at every addition (about a hundred
// instructions a row and variable where this takes some thirty). Each cell adds its rows in
// file order, as the Swift loop did: the same sums to the bit.

/// For each row with `complete[row]`: its PSU `p` (`psuOfRow[row]`, or `pass` when
/// `psuOfRow` is NULL), its domain `d` (`domainOfRow[row]`, below `domains`) and its weight
/// `w = weights[row]`; `weight[p × domains + d] += w`, and for each shift `s` below `shifts`
/// `tables[((s × domains + d) × psuCount + p) × profiles + masks[s × rows + row]] += w`.
void integra_lagging_cells(const double *weights, const int32_t *psuOfRow, ptrdiff_t pass, const int32_t *domainOfRow, const uint8_t *masks,
                           const bool *complete, ptrdiff_t rows, ptrdiff_t shifts, ptrdiff_t domains, ptrdiff_t psuCount, ptrdiff_t profiles,
                           double *tables, double *weight);

#endif
