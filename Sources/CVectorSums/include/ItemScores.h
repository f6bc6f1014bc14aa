#ifndef INTEGRA_ITEMSCORES_H
#define INTEGRA_ITEMSCORES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// Scoring (rows → respondent scores): `ItemScorer`'s loops over an item's rows, for an item
// kept in one-byte codes (nearly every item of a survey) and for a numeric item scored by
// bins. Per row: the item's score added to the row's dimension sum, the weighted sums of the
// item's mean score, and the row's count by (group cell, outcome). A row that is a finding
// is handed back to the Swift code, which writes the finding and takes the row.
//
// In C for the loops' registers: the Swift closures kept most of their dozen pointers on the
// stack and reloaded them row by row (perf at a million respondents: the items' loops took
// 6.4% of a run's processor time in Swift, 5.0% in C). The additions are the Swift loops',
// in the same order: the same sums to the bit.

/// What each one-byte code means for the item (index: the code; 255 is a blank cell).
typedef struct {
    /// The score it adds; NaN for none.
    double score;
    /// Its `ItemOutcome` (0–4), counted by the row's group cell.
    int64_t outcome;
} IntegraCodeRule;

/// The running sums of an item over the rows scored so far.
typedef struct {
    double weight;
    double weightedScore;
} IntegraItemSums;

/// Scores rows `start ..< end` of an item whose codes are `codes` (one byte each) and returns
/// the first row it leaves to the caller, or `end`. It leaves a row whose code is marked in
/// `stops` (a code the item does not know: a finding) and, when `skipped` is not NULL, a
/// row the item's routing skipped that has a score (an answer given although skipped: a
/// finding); the caller takes that row and calls again from the next.
///
/// A row that is not skipped, with code c: when `rules[c].score` is not NaN, it is added
/// to `sums[row]`, `available[row]` goes up by 1, and `itemSums` adds w = `weights[row]` and
/// then w × score; `byCell[cellOfRow[row] × 5 + rules[c].outcome]` goes up by 1.
/// A skipped row: `byCell[cell × 5 + 0]` goes up by 1; then, when `hasRoutingScore`,
/// `routingScore` is added to `sums[row]` and `available[row]` goes up by 1, else
/// `excluded[row]` does.
ptrdiff_t integra_score_coded(const uint8_t *codes, ptrdiff_t start, ptrdiff_t end, const IntegraCodeRule *rules, const bool *stops,
                              const bool *skipped, bool hasRoutingScore, double routingScore, const int32_t *cellOfRow, const double *weights,
                              double *sums, int32_t *available, int32_t *excluded, int64_t *byCell, IntegraItemSums *itemSums);

/// Scores rows `start ..< end` of a numeric item scored by bins (`values`, NaN for a blank
/// cell) and returns the first row it leaves to the caller, or `end`: a row whose value is one
/// of the item's declared non-answers (`nonAnswers`), a value outside the bins (below
/// `bounds[0]` once divided by `divisor`; every value when `divisor` is NaN, the study's
/// parameter missing), and a skipped row with a value. The caller takes that row and calls
/// again from the next.
///
/// A row that is not skipped: a blank adds 1 to `byCell[cell × 5 + 2]` (missing); a value x
/// (÷ `divisor`) in bin b of the `boundCount` bounds (the last whose bound x reaches) scores
/// b / (boundCount − 1), or 1 minus that when `reversed`: the score is written to
/// `scores[row]` and added as `integra_score_coded` adds it, with outcome 1 (scored).
/// A skipped blank row is taken as `integra_score_coded` takes a skipped row, the routing's
/// score written to `scores[row]` too.
ptrdiff_t integra_score_binned(const double *values, ptrdiff_t start, ptrdiff_t end, const double *bounds, ptrdiff_t boundCount, double divisor,
                               bool reversed, const double *nonAnswers, ptrdiff_t nonAnswerCount, const bool *skipped, bool hasRoutingScore,
                               double routingScore, const int32_t *cellOfRow, const double *weights, double *scores, double *sums,
                               int32_t *available, int32_t *excluded, int64_t *byCell, IntegraItemSums *itemSums);

#endif
