#ifndef INTEGRA_CPLAINSCAN_H
#define INTEGRA_CPLAINSCAN_H

#include <stddef.h>
#include <stdint.h>

/// Ingest's fast path, its scan (rows → respondent scores starts here): finds the cells of
/// one CSV record written on one physical line, and notes where each kept cell is.
///
/// In C because it classifies the record's bytes 16 at a time with the processor's vector
/// compares, and Swift has no way to turn a vector compare into a bit mask: each field's end
/// is then the next set bit, not a byte loop whose exit the processor mispredicts at every
/// field of one, two or three bytes.
///
/// Reads `bytes[start..<limit]` (never a byte outside it). A field is either unquoted, ending
/// at the first separator, line feed, carriage return or quote, or quoted whole: `"`, then
/// text without a quote or a line feed, then `"` followed by a separator, a line feed or a
/// carriage return. The cell of field `f` is `cellStarts[c]..<cellEnds[c]` with
/// `c = columnOfField[f]` (quotes excluded); a field whose column is negative is not noted.
/// A column is one field's at most: `fieldOfColumn` (`columnCount` of them) is the inverse
/// of `columnOfField`, −1 for a column of no field. `fieldBounds` is room for
/// `fieldCount + 65` positions, the scan's own.
///
/// Returns the number of fields, with `*stop` at the byte that ended the last one (a line
/// feed or a carriage return); −1 when the record is not plain: a quote inside an unquoted
/// field, an escaped quote or text after a closing quote, a line feed inside quotes, more
/// than `fieldCount` fields, or no line end before `limit`.
ptrdiff_t integra_scan_plain_record(const uint8_t *bytes, ptrdiff_t start, ptrdiff_t limit, uint8_t separator,
                                    ptrdiff_t fieldCount, const int32_t *columnOfField,
                                    ptrdiff_t columnCount, const int32_t *fieldOfColumn, ptrdiff_t *fieldBounds,
                                    ptrdiff_t *cellStarts, ptrdiff_t *cellEnds, ptrdiff_t *stop);

/// The place of the first byte of `bytes[0..<count]` that is not ASCII (≥ 0x80), or `count`:
/// a reader looks through every buffer of an ASCII file for one, on one core, 64 bytes at a
/// time with vector compares.
ptrdiff_t integra_first_non_ascii(const uint8_t *bytes, ptrdiff_t count);

#endif
