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

/// The 64 bytes from `base` to classify: in place, or, when fewer than 64 are left before
/// `limit`, copied into `padded` after zero bytes so that no byte outside the record is
/// read. `*inside` marks the bytes before `limit` (all ones for a whole window).
static inline __attribute__((always_inline)) const uint8_t *windowAt(const uint8_t *bytes, ptrdiff_t base, ptrdiff_t limit, uint8_t padded[64], uint64_t *inside) {
    const ptrdiff_t available = limit - base;
    if (available >= 64) {
        *inside = ~(uint64_t)0;
        return bytes + base;
    }
    memset(padded, 0, 64);
    memcpy(padded, bytes + base, (size_t)available);
    *inside = ((uint64_t)1 << available) - 1;
    return padded;
}

/// Classifies the 64 bytes from `base`; past `limit` they are marked as nothing.
static inline __attribute__((always_inline)) void load(Block *block, ptrdiff_t base) {
    block->base = base;
    uint8_t padded[64];
    uint64_t inside;
    classify(block, windowAt(block->bytes, base, block->limit, padded, &inside));
    block->any &= inside;
    block->closing &= inside;
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

/// 64 bytes from `base` as three bit masks: separators, line ends (line feed or carriage
/// return) and quotes; bytes at or past `limit` are marked as nothing.
static inline __attribute__((always_inline)) void classifyUnquoted(const uint8_t *bytes, ptrdiff_t base, ptrdiff_t limit, uint8_t separator,
                                                                   uint64_t *separators, uint64_t *lineEnds, uint64_t *quotes) {
    uint8_t padded[64];
    uint64_t inside;
    const uint8_t *window = windowAt(bytes, base, limit, padded, &inside);
    uint64_t s = 0, e = 0, q = 0;
#if defined(__SSE2__)
    const __m128i separatorByte = _mm_set1_epi8((char)separator);
    const __m128i lineFeed = _mm_set1_epi8('\n');
    const __m128i carriageReturn = _mm_set1_epi8('\r');
    const __m128i quote = _mm_set1_epi8('"');
    for (int part = 0; part < 4; part++) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(window + 16 * part));
        s |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, separatorByte)) << (16 * part);
        e |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, lineFeed), _mm_cmpeq_epi8(x, carriageReturn))) << (16 * part);
        q |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote)) << (16 * part);
    }
#else
    for (int k = 0; k < 64; k++) {
        const uint8_t byte = window[k];
        const uint64_t bit = (uint64_t)1 << k;
        if (byte == separator) s |= bit;
        if (byte == '\n' || byte == '\r') e |= bit;
        if (byte == '"') q |= bit;
    }
#endif
    *separators = s & inside;
    *lineEnds = e & inside;
    *quotes = q & inside;
}

/// The scan of a record with no quote before its line end, the most common by far: its
/// fields' bounds are its separators, each taken off its block's mask (the end of one field,
/// the start of the next) with no test per field. Returns 0 when a quote comes before the
/// line end: the record is for the general scan.
static inline __attribute__((always_inline)) ptrdiff_t scanUnquoted(const uint8_t *bytes, ptrdiff_t start, ptrdiff_t limit, uint8_t separator,
                                                                    ptrdiff_t fieldCount, ptrdiff_t *fieldStarts, ptrdiff_t *fieldEnds, ptrdiff_t *stop) {
    ptrdiff_t separatorsSeen = 0;
    fieldStarts[0] = start;
    for (ptrdiff_t base = start; base < limit; base += 64) {
        uint64_t separators, lineEnds, quotes;
        classifyUnquoted(bytes, base, limit, separator, &separators, &lineEnds, &quotes);
        // The bytes before the line end, when it is in this block.
        const uint64_t before = lineEnds != 0 ? (lineEnds & (0 - lineEnds)) - 1 : ~(uint64_t)0;
        if ((quotes & before) != 0) return 0;
        separators &= before;
        while (separators != 0) {
            const ptrdiff_t at = base + __builtin_ctzll(separators);
            fieldEnds[separatorsSeen] = at;
            fieldStarts[++separatorsSeen] = at + 1;
            separators &= separators - 1;
        }
        // More fields than the header's (the arrays have room for one block's more).
        if (separatorsSeen >= fieldCount) return -1;
        if (lineEnds != 0) {
            const ptrdiff_t end = base + __builtin_ctzll(lineEnds);
            fieldEnds[separatorsSeen] = end;
            *stop = end;
            return separatorsSeen + 1;
        }
    }
    return -1;
}

ptrdiff_t integra_scan_plain_record(const uint8_t *bytes, ptrdiff_t start, ptrdiff_t limit, uint8_t separator, ptrdiff_t fieldCount,
                                    ptrdiff_t *fieldStarts, ptrdiff_t *fieldEnds, ptrdiff_t *stop) {
    if (start >= limit) return -1;
    const ptrdiff_t unquoted = scanUnquoted(bytes, start, limit, separator, fieldCount, fieldStarts, fieldEnds, stop);
    if (unquoted != 0) return unquoted;
    // A quote before the line end: fields quoted whole, or not plain.
    Block block = {bytes, limit, 0, 0, 0, separator};
    load(&block, start);
    // The marks not yet passed; an unquoted field ends at the next one, taken off with
    // `marks & (marks - 1)`: one cycle from field to field, however long the fields are.
    uint64_t marks = block.any;
    ptrdiff_t fieldStart = start;
    ptrdiff_t field = 0;
    for (;;) {
        ptrdiff_t cellStart = fieldStart;
        ptrdiff_t cellEnd;
        ptrdiff_t end;
        if (fieldStart < limit && bytes[fieldStart] == '"') {
            cellStart = fieldStart + 1;
            const ptrdiff_t quote = closingQuote(&block, cellStart);
            if (quote >= limit || bytes[quote] != '"') return -1;
            end = quote + 1;
            if (end >= limit || (bytes[end] != separator && bytes[end] != '\n' && bytes[end] != '\r')) return -1;
            marks = marksFrom(&block, end + 1);
            cellEnd = quote;
        } else {
            while (marks == 0) {
                if (block.base + 64 >= limit) return -1;
                load(&block, block.base + 64);
                marks = block.any;
            }
            end = block.base + __builtin_ctzll(marks);
            marks &= marks - 1;
            if (bytes[end] == '"') return -1;
            cellEnd = end;
        }
        if (field >= fieldCount) return -1;
        fieldStarts[field] = cellStart;
        fieldEnds[field] = cellEnd;
        field += 1;
        if (bytes[end] != separator) {
            *stop = end;
            return field;
        }
        fieldStart = end + 1;
    }
}

ptrdiff_t integra_first_non_ascii(const uint8_t *bytes, ptrdiff_t count) {
    ptrdiff_t i = 0;
#if defined(__SSE2__)
    for (; i + 64 <= count; i += 64) {
        const __m128i a = _mm_loadu_si128((const __m128i *)(bytes + i));
        const __m128i b = _mm_loadu_si128((const __m128i *)(bytes + i + 16));
        const __m128i c = _mm_loadu_si128((const __m128i *)(bytes + i + 32));
        const __m128i d = _mm_loadu_si128((const __m128i *)(bytes + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0) break;
    }
#endif
    for (; i < count; i++) {
        if (bytes[i] >= 0x80) return i;
    }
    return count;
}
