import IntegrationIndex

/// The store's `lagging_dimensions` column (scores → store), planned before it is written: a
/// million rows have few distinct profiles, so each profile's JSON text is made once, and the
/// column's exact size is known before a byte of it is written.
struct ProfileColumn: Sendable {
    /// Every profile's JSON string, one after the other, and where each one is: one buffer,
    /// so that copying a row's text takes no reference count.
    let texts: [UInt8]
    let textStart: [Int]
    let textLength: [Int]
    /// Each row's profile (its place in `textStart`), −1 for a row without one.
    let profileOfRow: [Int32]
    /// The column's bytes: `[`, each row's text or `null`, the commas, `]`.
    let size: Int

    init(_ lagging: LaggingProfiles) {
        // Profiles are told apart by mask: in an array by mask up to 16 dimensions (65,536
        // masks), in a dictionary beyond.
        let byArray = lagging.dimensionKeys.count <= 16
        var profileOfMask = [Int32](repeating: -1, count: byArray ? 1 << lagging.dimensionKeys.count : 0)
        var profileOfMaskBeyond: [UInt32: Int32] = [:]
        var profileOfRow = [Int32](repeating: -1, count: lagging.count)
        var rowsOfProfile: [Int] = []
        var texts: [UInt8] = []
        var textStart: [Int] = []
        var textLength: [Int] = []
        var rowsWithout = 0
        /// The profile of `mask`, its text made when it is first met.
        func profile(of mask: UInt32, row: Int) -> Int32 {
            let profile = Int32(textStart.count)
            if byArray { profileOfMask[Int(mask)] = profile } else { profileOfMaskBeyond[mask] = profile }
            textStart.append(texts.count)
            JSONText.appendString(lagging.profile(row)!, to: &texts)
            textLength.append(texts.count - textStart.last!)
            rowsOfProfile.append(0)
            return profile
        }
        // Through plain pointers: a million rows, where the arrays' bounds and uniqueness
        // checks were most of the pass (on the store's thread, before its first insert).
        // `profile(of:row:)` grows `rowsOfProfile` as profiles are met: the rows of each are
        // counted in a second pass, once all are known.
        lagging.shares.withUnsafeBufferPointer { shares in
            lagging.lagging.withUnsafeBufferPointer { masks in
                profileOfRow.withUnsafeMutableBufferPointer { profileOfRow in
                    for row in 0..<shares.count {
                        if shares[row].isNaN {
                            rowsWithout += 1
                            continue
                        }
                        let mask = masks[row]
                        let known = byArray ? profileOfMask[Int(mask)] : profileOfMaskBeyond[mask] ?? -1
                        let profile = known >= 0 ? known : profile(of: mask, row: row)
                        profileOfRow[row] = profile
                    }
                }
            }
        }
        // Each profile's rows, counted once the profiles are known.
        profileOfRow.withUnsafeBufferPointer { profileOfRow in
            rowsOfProfile.withUnsafeMutableBufferPointer { rowsOfProfile in
                for profile in profileOfRow where profile >= 0 { rowsOfProfile[Int(profile)] &+= 1 }
            }
        }
        self.texts = texts
        self.textStart = textStart
        self.textLength = textLength
        self.profileOfRow = profileOfRow
        size = 2 + max(lagging.count - 1, 0) + rowsWithout * 4 + zip(rowsOfProfile, textLength).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Writes the column from `start` (room for `size` bytes); returns the bytes written.
    func write(at start: UnsafeMutablePointer<UInt8>) -> Int {
        texts.withUnsafeBufferPointer { texts in
            JSONText.writeArray(profileOfRow, at: start) { profile, at in
                guard profile >= 0 else { return JSONText.writeNull(at: at) }
                // An empty `texts` has no base address, but then no row has a profile.
                at.update(from: texts.baseAddress! + textStart[Int(profile)], count: textLength[Int(profile)])
                return textLength[Int(profile)]
            }
        }
    }
}
