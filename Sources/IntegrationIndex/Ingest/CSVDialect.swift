/// How a CSV file is written: which separator, and what precedes the header.
public struct CSVDialect: Sendable, Equatable {
    public var separator: UInt8
    public var hasByteOrderMark: Bool
    /// A first line `sep=;` as Excel writes it.
    public var hasSeparatorLine: Bool
    public var encoding: TextEncoding = .utf8

    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    public var separatorName: String {
        switch separator {
        case UInt8(ascii: "\t"): "tab"
        default: String(UnicodeScalar(separator))
        }
    }

    /// Detects the dialect from the first bytes of a file: the separator is the candidate
    /// seen most often outside quotes on the header line.
    public static func detect(_ prefix: UnsafeBufferPointer<UInt8>) -> CSVDialect {
        var start = 0
        let bom = prefix.count >= 3 && prefix[0] == 0xEF && prefix[1] == 0xBB && prefix[2] == 0xBF
        if bom { start = 3 }
        let sepLine: [UInt8] = Array("sep=".utf8)
        if prefix.count - start >= 5, (0..<4).allSatisfy({ prefix[start + $0] | 0x20 == sepLine[$0] | 0x20 }) {
            let separator = prefix[start + 4]
            return CSVDialect(separator: separator, hasByteOrderMark: bom, hasSeparatorLine: true)
        }
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var i = start
        while i < prefix.count {
            let byte = prefix[i]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
                if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
            }
            i += 1
        }
        let best = counts.indices.max { counts[$0] < counts[$1] }!
        return CSVDialect(separator: counts[best] > 0 ? candidates[best] : UInt8(ascii: ","), hasByteOrderMark: bom, hasSeparatorLine: false)
    }
}
