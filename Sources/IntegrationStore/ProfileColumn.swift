import IntegrationIndex

/// The store's `lagging_dimensions` column (tables → store), planned before it is written: a
/// million rows have few distinct profiles, so each profile's JSON text is made once, and the
/// column's exact size is known before a byte of it is written. Counted by mask, for up to
/// 16 dimensions; `nil` beyond.
struct ProfileColumn {
    /// Every profile's JSON string, one after the other, and where each mask's is (none for
    /// masks no row has): one buffer, so that copying a row's text takes no reference count.
    let texts: [UInt8]
    let textStart: [Int]
    let textLength: [Int]
    /// The column's bytes: `[`, each row's text or `null`, the commas, `]`.
    let size: Int

    init?(_ lagging: LaggingProfiles) {
        let keys = lagging.dimensionKeys.count
        guard keys <= 16 else { return nil }
        var rowsByMask = [Int](repeating: 0, count: 1 << keys)
        var firstRowByMask = [Int](repeating: -1, count: 1 << keys)
        var rowsWithout = 0
        for row in 0..<lagging.count {
            if lagging.shares[row].isNaN {
                rowsWithout += 1
                continue
            }
            let mask = Int(lagging.lagging[row])
            if rowsByMask[mask] == 0 { firstRowByMask[mask] = row }
            rowsByMask[mask] += 1
        }
        var texts: [UInt8] = []
        var textStart = [Int](repeating: 0, count: 1 << keys)
        var textLength = [Int](repeating: 0, count: 1 << keys)
        var size = 2 + max(lagging.count - 1, 0) + rowsWithout * 4
        for (mask, rows) in rowsByMask.enumerated() where rows > 0 {
            textStart[mask] = texts.count
            JSONText.appendString(lagging.profile(firstRowByMask[mask])!, to: &texts)
            textLength[mask] = texts.count - textStart[mask]
            size += rows * textLength[mask]
        }
        self.texts = texts
        self.textStart = textStart
        self.textLength = textLength
        self.size = size
    }

    /// Writes the column from `start` (room for `size` bytes); returns the bytes written.
    func write(_ lagging: LaggingProfiles, at start: UnsafeMutablePointer<UInt8>) -> Int {
        var at = start
        at.pointee = UInt8(ascii: "[")
        at += 1
        texts.withUnsafeBufferPointer { texts in
            lagging.shares.withUnsafeBufferPointer { shares in
                lagging.lagging.withUnsafeBufferPointer { masks in
                    for row in 0..<shares.count {
                        if row > 0 {
                            at.pointee = UInt8(ascii: ",")
                            at += 1
                        }
                        if shares[row].isNaN {
                            for byte in "null".utf8 {
                                at.pointee = byte
                                at += 1
                            }
                        } else {
                            let mask = Int(masks[row])
                            at.update(from: texts.baseAddress! + textStart[mask], count: textLength[mask])
                            at += textLength[mask]
                        }
                    }
                }
            }
        }
        at.pointee = UInt8(ascii: "]")
        return at + 1 - start
    }
}
