import CPlainScan
import Foundation

/// respondents.csv, the run's largest table: one row per accepted respondent with the id,
/// each dimension and the overall index on 0–100, the counting view's profile, and the
/// calibrated weight when the study calibrates. Made from the scores alone (`ScoredRun`), so
/// it can be written while the estimates are still being made.
public struct RespondentsTable: Sendable {
    let scores: RespondentScores
    let lagging: LaggingProfiles?
    /// The counting view's cutoff: a respondent lags with a share of dimensions ≥ k.
    let k: Double
    let calibratedWeights: [Double]?
    /// The header of the id column: the file's own, or `id` for rows named by their line.
    let idColumn: String?

    public init(run: ScoredRun) {
        scores = run.scores
        lagging = run.lagging
        k = run.study.counting?.k ?? 0
        calibratedWeights = run.calibratedWeights
        idColumn = run.ingest.idColumn
    }

    /// Room for at most `room` bytes, which `fill` writes in place and returns the count of:
    /// how respondents.csv reaches its file. A large output's writer hands out room in its
    /// own buffers, so the text is made where it leaves from, with no array of its own per
    /// piece (fresh memory, a page fault per 4 KiB) and no copy into the writer's buffer.
    public typealias InPlaceWrite = (_ room: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Int) throws -> Void

    /// The file, written as bytes directly: a million rows are 130 MB of text, handed to
    /// `write` in pieces of `rowsPerPiece` rows, each made in place.
    public func write(rowsPerPiece: Int = 512, _ write: InPlaceWrite) rethrows {
        var header = CSVWriter()
        header.writeRow(
            [idColumn ?? "id"] + scores.dimensionKeys + [IndexEstimate.overallKey]
                + (lagging == nil ? [] : ["lagging_share", "lagging", "lagging_dimensions"]) + (calibratedWeights == nil ? [] : ["calibrated_weight"]))
        let headerBytes = header.bytes
        try write(headerBytes.count) { at in
            headerBytes.withUnsafeBufferPointer { at.update(from: $0.baseAddress!, count: $0.count) }
            return headerBytes.count
        }
        let columns = scores.dimensions + [scores.overall] + (lagging.map { [$0.shares] } ?? [])
        // Every profile's cell by mask, made once and kept one after the other (up to 12
        // dimensions, 4,096 profiles): a row's cell is copied out of one buffer, where an
        // array per profile took a reference count per row.
        var cell = CSVWriter()
        var profileBytes: [UInt8] = []
        var profileEnds: [Int] = []
        if let lagging, lagging.dimensionKeys.count <= 12 {
            for mask in 0..<(1 << lagging.dimensionKeys.count) {
                cell.removeAll()
                cell.writeField(lagging.profile(mask: UInt32(mask)))
                profileBytes += cell.bytes
                profileEnds.append(profileBytes.count)
            }
        }
        let profileCells = (bytes: profileBytes, ends: profileEnds)
        // Room for the longest cells: a text field at most doubles (quotes) and gains
        // three bytes (the quotes around it and a neutralizing apostrophe).
        let profileRoom = lagging.map { 2 * $0.dimensionKeys.reduce(0) { $0 + $1.utf8.count + 1 } + 3 } ?? 0
        let numberRoom = DecimalTextCache.longestText + 1
        let fixedRoom = columns.count * numberRoom + (lagging == nil ? 0 : 3 + profileRoom) + (calibratedWeights == nil ? 0 : numberRoom) + 1
        // One cache of texts per column: the columns' values, taken in turn row by row,
        // pushed each other's out of a shared table (one number in twelve was formatted again).
        var numbers = [DecimalTextCache](repeating: DecimalTextCache(), count: columns.count)
        var weightTexts = DecimalTextCache()
        // Read once, not through the optional for every row.
        let shares = lagging?.shares ?? []
        let masks = lagging?.lagging ?? []
        // How far ahead the score columns are asked for: 2 KiB of each.
        let ahead = 256
        // Every score column's buffer, read in place row by row: copying a piece's scores
        // into rows first wrote each of its cache lines once per column.
        try columns.withUnsafeBuffers { columns in
            for first in stride(from: 0, to: scores.count, by: rowsPerPiece) {
                let rows = first..<min(first + rowsPerPiece, scores.count)
                let room = rows.reduce(0) { $0 + 2 * scores.ids[$1].utf8.count + 3 + fixedRoom }
                // Written through a pointer into the room handed out: appending to an array
                // cost a capacity and uniqueness check per cell.
                try write(room) { start in
                    var at = start
                    func copy(_ text: [UInt8]) {
                        text.withUnsafeBufferPointer { at.update(from: $0.baseAddress!, count: $0.count) }
                        at += text.count
                    }
                    numbers.withUnsafeMutableBufferPointer { numbers in
                        for row in rows {
                            // Every eighth row, each column's number `ahead` rows on asked
                            // for: the processor's own prefetching of some ten columns read a
                            // number each per row left a fifth of this loop waiting on them.
                            if row & 7 == 0 {
                                let next = min(row &+ ahead, scores.count &- 1)
                                for column in 0..<columns.count { integra_prefetch(columns[column].baseAddress! + next) }
                            }
                            var id = scores.ids[row]
                            let plain = id.withUTF8 { utf8 in
                                guard CSVWriter.isPlainField(utf8) else { return false }
                                ByteWords.copy(utf8.baseAddress!, to: at, count: utf8.count)
                                at += utf8.count
                                return true
                            }
                            if !plain {
                                cell.removeAll()
                                cell.writeField(id)
                                copy(cell.bytes)
                            }
                            for column in 0..<columns.count {
                                at.pointee = UInt8(ascii: ",")
                                at += 1 + numbers[column].write(columns[column][row] * 100, at: at + 1)
                            }
                            if let lagging {
                                // The lagging flag and the profile; two empty cells without a profile.
                                let share = shares[row]
                                at[0] = UInt8(ascii: ",")
                                at += 1
                                if !share.isNaN {
                                    at[0] = share >= k - LaggingProfiles.tolerance ? UInt8(ascii: "1") : UInt8(ascii: "0")
                                    at += 1
                                }
                                at[0] = UInt8(ascii: ",")
                                at += 1
                                if !share.isNaN {
                                    let mask = Int(masks[row])
                                    if mask < profileCells.ends.count {
                                        let start = mask == 0 ? 0 : profileCells.ends[mask - 1]
                                        let count = profileCells.ends[mask] - start
                                        if count > 0 { profileCells.bytes.withUnsafeBufferPointer { at.update(from: $0.baseAddress! + start, count: count) } }
                                        at += count
                                    } else {
                                        cell.removeAll()
                                        cell.writeField(lagging.profile(row)!)
                                        copy(cell.bytes)
                                    }
                                }
                            }
                            if let calibratedWeights {
                                at.pointee = UInt8(ascii: ",")
                                at += 1 + weightTexts.write(calibratedWeights[row], at: at + 1)
                            }
                            at.pointee = UInt8(ascii: "\n")
                            at += 1
                        }
                    }
                    let written = at - start
                    precondition(written <= room, "respondents.csv outgrew the room reserved for its piece")
                    return written
                }
            }
        }
    }
}
