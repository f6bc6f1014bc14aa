import IntegrationIndex

/// The store's respondent columns (scores → store), each a JSON array aligned by respondent:
/// `id`, each dimension and `overall` (0–100), then `calibrated_weight` with calibration, and
/// `lagging_share` (0–100) and `lagging_dimensions` with the counting view. Each column's
/// text is written straight into a buffer of `room` bytes, through a pointer: appending to an
/// array cost a capacity and uniqueness check per cell.
struct RespondentColumns: Sendable {
    enum Column: Sendable {
        case ids([String])
        /// Numbers times `scale`, `null` where missing.
        case numbers([Double], scale: Double)
        case profiles(ProfileColumn)
    }

    let names: [String]
    let columns: [Column]
    /// Bytes enough for any one column's text.
    let room: Int

    init(scores: RespondentScores, lagging: LaggingProfiles?, calibratedWeights: [Double]?) {
        var names = ["id"] + scores.dimensionKeys + [IndexEstimate.overallKey]
        var columns: [Column] = [.ids(scores.ids)] + (scores.dimensions + [scores.overall]).map { .numbers($0, scale: 100) }
        if let calibratedWeights {
            names.append("calibrated_weight")
            columns.append(.numbers(calibratedWeights, scale: 1))
        }
        var room = 2 + scores.count * (DecimalTextCache.longestText + 1)
        room = max(room, 2 + scores.ids.reduce(0) { $0 + JSONText.room(for: $1) + 1 })
        if let lagging {
            let profiles = ProfileColumn(lagging)
            names += ["lagging_share", "lagging_dimensions"]
            columns += [.numbers(lagging.shares, scale: 100), .profiles(profiles)]
            room = max(room, profiles.size)
        }
        self.names = names
        self.columns = columns
        self.room = room
    }

    /// Writes column `index` from `start` (room for `room` bytes); returns the bytes written.
    /// `numbers` keeps the text of numbers already written, from column to column.
    func write(_ index: Int, at start: UnsafeMutablePointer<UInt8>, numbers: inout DecimalTextCache) -> Int {
        switch columns[index] {
        case .profiles(let profiles):
            return profiles.write(at: start)
        case .ids(let ids):
            return JSONText.writeArray(ids, at: start) { JSONText.write($0, at: $1) }
        case .numbers(let values, let scale):
            return values.withUnsafeBufferPointer { values in
                JSONText.writeArray(values, at: start) { value, at in value.isNaN ? JSONText.writeNull(at: at) : numbers.write(value * scale, at: at) }
            }
        }
    }
}
