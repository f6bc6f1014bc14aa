#ifndef INTEGRA_CPLAINSCAN_H
#define INTEGRA_CPLAINSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "Prefetch.h"

/// Ingest's fast path, its scan (rows → respondent scores starts here): finds the cells of
/// one CSV record written on one physical line, and notes where each of its cells is.
///
/// In C because it classifies the record's bytes 16 at a time with the processor's vector
/// compares, and Swift has no way to turn a vector compare into a bit mask: each field's end
/// is then the next set bit, not a byte loop whose exit the processor mispredicts at every
/// field of one, two or three bytes.
///
/// Reads `bytes[start..<limit]` (never a byte outside it). A field is either unquoted, ending
/// at the first separator, line feed, carriage return or quote, or quoted whole: `"`, then
/// text without a quote or a line feed, then `"` followed by a separator, a line feed or a
/// carriage return. The cell of field `f` is `fieldStarts[f]..<fieldEnds[f]` (quotes
/// excluded): the reader takes the cells it keeps straight from there. Both arrays are room
/// for `fieldCount + 64` positions, the scan's own (a block's separators are noted before
/// their count is checked).
///
/// Returns the number of fields, with `*stop` at the byte that ended the last one (a line
/// feed or a carriage return); −1 when the record is not plain: a quote inside an unquoted
/// field, an escaped quote or text after a closing quote, a line feed inside quotes, more
/// than `fieldCount` fields, or no line end before `limit`.
ptrdiff_t integra_scan_plain_record(const uint8_t *bytes, ptrdiff_t start, ptrdiff_t limit, uint8_t separator, ptrdiff_t fieldCount,
                                    ptrdiff_t *fieldStarts, ptrdiff_t *fieldEnds, ptrdiff_t *stop);

/// The place of the first byte of `bytes[0..<count]` that is not ASCII (≥ 0x80), or `count`:
/// a reader looks through every buffer of an ASCII file for one, on one core, 64 bytes at a
/// time with vector compares.
ptrdiff_t integra_first_non_ascii(const uint8_t *bytes, ptrdiff_t count);

#endif
