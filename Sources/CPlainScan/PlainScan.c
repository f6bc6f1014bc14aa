#include "CPlainScan.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// 64 bytes of a record as two bit masks, bit k for the byte at `base + k`: `any` marks the
/// bytes that can end an unquoted field (separator, line feed, carriage return, quote),
/// `closing` those that end a quoted one (quote, line feed).
typedef struct {
    const uint8_t *bytes;
    ptrdiff_t limit;
    ptrdiff_t base;
    uint64_t any;
    uint64_t closing;
    uint8_t separator;
} Block;

static inline __attribute__((always_inline)) void classify(Block *block, const uint8_t *window) {
    uint64_t any = 0;
    uint64_t closing = 0;
#if defined(__SSE2__)
    const __m128i separator = _mm_set1_epi8((char)block->separator);
    const __m128i lineFeed = _mm_set1_epi8('\n');
    const __m128i carriageReturn = _mm_set1_epi8('\r');
    const __m128i quote = _mm_set1_epi8('"');
    for (int part = 0; part < 4; part++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(window + 16 * part));
        const __m128i ends = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, lineFeed));
        const __m128i all = _mm_or_si128(ends, _mm_or_si128(_mm_cmpeq_epi8(x, separator), _mm_cmpeq_epi8(x, carriageReturn)));
        any |= (uint64_t)(uint16_t)_mm_movemask_epi8(all) << (16 * part);
        closing |= (uint64_t)(uint16_t)_mm_movemask_epi8(ends) << (16 * part);
    }
#else
    for (int k = 0; k < 64; k++) {
        const uint8_t byte = window[k];
        const uint64_t bit = (uint64_t)1 << k;
        if (byte == '"' || byte == '\n') closing |= bit;
        if (byte == '"' || byte == '\n' || byte == '\r' || byte == block->separator) any |= bit;
    }
#endif
    block->any = any;
    block->closing = closing;
}

/// Classifies the 64 bytes from `base`; past `limit` they are taken as zero bytes and
/// marked as nothing, so no byte outside the record is read.
static inline __attribute__((always_inline)) void load(Block *block, ptrdiff_t base) {
    block->base = base;
    const ptrdiff_t available = block->limit - base;
    if (available >= 64) {
        classify(block, block->bytes + base);
    } else {
        uint8_t window[64] = {0};
        memcpy(window, block->bytes + base, (size_t)available);
        classify(block, window);
        const uint64_t inside = ((uint64_t)1 << available) - 1;
        block->any &= inside;
        block->closing &= inside;
    }
}

/// The first position at or after `i` marked in `closing`, or `limit`: a quoted field's end.
static inline __attribute__((always_inline)) ptrdiff_t closingQuote(Block *block, ptrdiff_t i) {
    for (;;) {
        if (i >= block->limit) return block->limit;
        if (i - block->base >= 64) load(block, i);
        const uint64_t marks = block->closing >> (i - block->base);
        if (marks != 0) return i + __builtin_ctzll(marks);
        i = block->base + 64;
    }
}

/// The `any` marks of the block at or after `i`, the block moved to `i` when it is past it.
static inline __attribute__((always_inline)) uint64_t marksFrom(Block *block, ptrdiff_t i) {
    if (i - block->base >= 64) {
        load(block, i);
        return block->any;
    }
    return block->any & (~(uint64_t)0 << (i - block->base));
}

ptrdiff_t integra_scan_plain_record(const uint8_t *bytes, ptrdiff_t start, ptrdiff_t limit, uint8_t separator,
                                    ptrdiff_t fieldCount, const int32_t *columnOfField,
                                    ptrdiff_t *cellStarts, ptrdiff_t *cellEnds, ptrdiff_t *stop) {
    if (start >= limit) return -1;
    Block block = {bytes, limit, 0, 0, 0, separator};
    load(&block, start);
    // The marks not yet passed; an unquoted field ends at the next one, taken off with
    // `marks & (marks - 1)`: one cycle from field to field, however long the fields are.
    uint64_t marks = block.any;
    ptrdiff_t fieldStart = start;
    ptrdiff_t field = 0;
    for (;;) {
        ptrdiff_t cellStart = fieldStart;
        ptrdiff_t end;
        if (fieldStart < limit && bytes[fieldStart] == '"') {
            cellStart = fieldStart + 1;
            const ptrdiff_t quote = closingQuote(&block, cellStart);
            if (quote >= limit || bytes[quote] != '"') return -1;
            end = quote + 1;
            if (end >= limit || (bytes[end] != separator && bytes[end] != '\n' && bytes[end] != '\r')) return -1;
            marks = marksFrom(&block, end + 1);
            if (field >= fieldCount) return -1;
            const int32_t column = columnOfField[field];
            if (column >= 0) {
                cellStarts[column] = cellStart;
                cellEnds[column] = quote;
            }
        } else {
            while (marks == 0) {
                if (block.base + 64 >= limit) return -1;
                load(&block, block.base + 64);
                marks = block.any;
            }
            end = block.base + __builtin_ctzll(marks);
            marks &= marks - 1;
            if (bytes[end] == '"') return -1;
            if (field >= fieldCount) return -1;
            const int32_t column = columnOfField[field];
            if (column >= 0) {
                cellStarts[column] = cellStart;
                cellEnds[column] = end;
            }
        }
        field += 1;
        if (bytes[end] != separator) {
            *stop = end;
            return field;
        }
        fieldStart = end + 1;
    }
}
