#include "ItemScores.h"

// A multiply, then an add, as the Swift loop: no fused multiply-add.
#pragma clang fp contract(off)

/// A row the item's routing skipped, with no answer: counted as skipped (outcome 0) in its
/// cell, then given the routing's score (written to `scores[row]` too when `scores` is not
/// NULL) or left out of the dimension.
static inline __attribute__((always_inline)) void takeSkipped(ptrdiff_t row, int64_t *cell, bool hasRoutingScore, double routingScore, double *scores,
                                                              double *sums, int32_t *available, int32_t *excluded) {
    cell[0] += 1;
    if (hasRoutingScore) {
        if (scores) scores[row] = routingScore;
        sums[row] += routingScore;
        available[row] += 1;
    } else {
        excluded[row] += 1;
    }
}

ptrdiff_t integra_score_coded(const uint8_t *codes, ptrdiff_t start, ptrdiff_t end, const IntegraCodeRule *rules, const bool *stops,
                              const bool *skipped, bool hasRoutingScore, double routingScore, const int32_t *cellOfRow, const double *weights,
                              double *sums, int32_t *available, int32_t *excluded, int64_t *byCell, IntegraItemSums *itemSums) {
    // In registers through the loop; written back when it ends.
    double weight = itemSums->weight, weightedScore = itemSums->weightedScore;
    ptrdiff_t row = start;
    for (; row < end; row++) {
        const uint8_t code = codes[row];
        int64_t *const cell = byCell + (ptrdiff_t)cellOfRow[row] * 5;
        const double score = rules[code].score;
        if (skipped && skipped[row]) {
            if (score == score) break;
            takeSkipped(row, cell, hasRoutingScore, routingScore, NULL, sums, available, excluded);
            continue;
        }
        if (stops[code]) break;
        if (score == score) {
            sums[row] += score;
            available[row] += 1;
            const double w = weights[row];
            weight += w;
            weightedScore += w * score;
        }
        cell[rules[code].outcome] += 1;
    }
    itemSums->weight = weight;
    itemSums->weightedScore = weightedScore;
    return row;
}

ptrdiff_t integra_score_binned(const double *values, ptrdiff_t start, ptrdiff_t end, const double *bounds, ptrdiff_t boundCount, double divisor,
                               bool reversed, const double *nonAnswers, ptrdiff_t nonAnswerCount, const bool *skipped, bool hasRoutingScore,
                               double routingScore, const int32_t *cellOfRow, const double *weights, double *scores, double *sums,
                               int32_t *available, int32_t *excluded, int64_t *byCell, IntegraItemSums *itemSums) {
    double weight = itemSums->weight, weightedScore = itemSums->weightedScore;
    const double lastBin = (double)(boundCount - 1);
    ptrdiff_t row = start;
    for (; row < end; row++) {
        const double value = values[row];
        int64_t *const cell = byCell + (ptrdiff_t)cellOfRow[row] * 5;
        if (skipped && skipped[row]) {
            if (value == value) break;
            takeSkipped(row, cell, hasRoutingScore, routingScore, scores, sums, available, excluded);
            continue;
        }
        bool declared = false;
        for (ptrdiff_t k = 0; k < nonAnswerCount; k++) declared |= value == nonAnswers[k];
        if (declared) break;
        if (value != value) {
            cell[2] += 1;
            continue;
        }
        const double x = value / divisor;
        // Below the first bound, or NaN (no divisor): outside the bins.
        if (!(x >= bounds[0])) break;
        // The last bound x reaches, by a pass over all of them with no branch on x: which bin
        // a respondent's income falls in is a branch no processor predicts.
        ptrdiff_t bin = 0;
        for (ptrdiff_t k = 1; k < boundCount; k++) bin = x >= bounds[k] ? k : bin;
        double score = (double)bin / lastBin;
        if (reversed) score = 1 - score;
        scores[row] = score;
        sums[row] += score;
        available[row] += 1;
        const double w = weights[row];
        weight += w;
        weightedScore += w * score;
        cell[1] += 1;
    }
    itemSums->weight = weight;
    itemSums->weightedScore = weightedScore;
    return row;
}
