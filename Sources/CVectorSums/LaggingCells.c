#include "LaggingCells.h"

// Only additions: no contraction could change a sum, but none is wanted anywhere here.
#pragma clang fp contract(off)

/// The loop, inlined below once for the five shifts every run has (`RankSensitivity`), where
/// the compiler unrolls the shifts into five additions at offsets held in registers, and once
/// for any count.
static inline __attribute__((always_inline)) void cells(const double *weights, const int32_t *psuOfRow, ptrdiff_t pass, const int32_t *domainOfRow,
                                                        const uint8_t *masks, const bool *complete, ptrdiff_t rows, ptrdiff_t shifts,
                                                        ptrdiff_t domains, ptrdiff_t psuCount, ptrdiff_t profiles, double *tables, double *weight) {
    const ptrdiff_t tableSize = psuCount * profiles;
    // From one shift's cell to the next one's: `domains` tables on.
    const ptrdiff_t shiftStep = domains * tableSize;
    for (ptrdiff_t row = 0; row < rows; row++) {
        if (!complete[row]) continue;
        const ptrdiff_t psu = psuOfRow ? psuOfRow[row] : pass;
        const ptrdiff_t domain = domainOfRow[row];
        const double w = weights[row];
        weight[psu * domains + domain] += w;
        double *const cells = tables + domain * tableSize + psu * profiles;
        for (ptrdiff_t s = 0; s < shifts; s++) cells[s * shiftStep + masks[s * rows + row]] += w;
    }
}

void integra_lagging_cells(const double *weights, const int32_t *psuOfRow, ptrdiff_t pass, const int32_t *domainOfRow, const uint8_t *masks,
                           const bool *complete, ptrdiff_t rows, ptrdiff_t shifts, ptrdiff_t domains, ptrdiff_t psuCount, ptrdiff_t profiles,
                           double *tables, double *weight) {
    if (shifts == 5) {
        cells(weights, psuOfRow, pass, domainOfRow, masks, complete, rows, 5, domains, psuCount, profiles, tables, weight);
    } else {
        cells(weights, psuOfRow, pass, domainOfRow, masks, complete, rows, shifts, domains, psuCount, profiles, tables, weight);
    }
}
