/// A forward scanner over the plain XML of an .xlsx package (elements, attributes, text,
/// the five named entities and character references): enough for workbooks, shared strings
/// and sheets, without a DOM and without libxml2, so a statically linked integra needs no
/// system XML library. Namespace prefixes are kept in names (`x:row` is not `row`), which
/// the callers strip.
struct XMLScanner {
    enum Event {
        /// An opening tag; `selfClosing` for `<c r="A1"/>`.
        case start(name: Substring, attributes: [(Substring, String)], selfClosing: Bool)
        case end(name: Substring)
        case text(String)
    }

    private let bytes: [UInt8]
    private var position: Int
    private let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        self.position = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    /// The next event, or `nil` at the end. Comments, processing instructions and
    /// declarations are passed over; text that is only white space is not reported.
    mutating func next() -> Event? {
        while position < end {
            if bytes[position] != UInt8(ascii: "<") {
                let start = position
                while position < end, bytes[position] != UInt8(ascii: "<") { position += 1 }
                if bytes[start..<position].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { continue }
                return .text(Self.decode(bytes[start..<position]))
            }
            let next = position + 1 < end ? bytes[position + 1] : 0
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                skipMarkup()
                continue
            }
            if next == UInt8(ascii: "/") {
                let nameStart = position + 2
                var cursor = nameStart
                while cursor < end, bytes[cursor] != UInt8(ascii: ">"), !isSpace(bytes[cursor]) { cursor += 1 }
                let name = Self.substring(bytes[nameStart..<cursor])
                while cursor < end, bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                position = cursor + 1
                return .end(name: name)
            }
            return startTag()
        }
        return nil
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    private mutating func skipMarkup() {
        if bytes[position...].starts(with: Array("<!--".utf8)) {
            var cursor = position + 4
            while cursor + 2 < end, !(bytes[cursor] == UInt8(ascii: "-") && bytes[cursor + 1] == UInt8(ascii: "-") && bytes[cursor + 2] == UInt8(ascii: ">")) { cursor += 1 }
            position = min(cursor + 3, end)
            return
        }
        if bytes[position...].starts(with: Array("<![CDATA[".utf8)) {
            // CDATA is text; xlsx writers do not use it, so it is skipped with its content.
            var cursor = position + 9
            while cursor + 2 < end, !(bytes[cursor] == UInt8(ascii: "]") && bytes[cursor + 1] == UInt8(ascii: "]") && bytes[cursor + 2] == UInt8(ascii: ">")) { cursor += 1 }
            position = min(cursor + 3, end)
            return
        }
        while position < end, bytes[position] != UInt8(ascii: ">") { position += 1 }
        position += 1
    }

    private mutating func startTag() -> Event {
        var cursor = position + 1
        let nameStart = cursor
        while cursor < end, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">"), bytes[cursor] != UInt8(ascii: "/") { cursor += 1 }
        let name = Self.substring(bytes[nameStart..<cursor])
        var attributes: [(Substring, String)] = []
        var selfClosing = false
        while cursor < end {
            let byte = bytes[cursor]
            if isSpace(byte) { cursor += 1; continue }
            if byte == UInt8(ascii: ">") { cursor += 1; break }
            if byte == UInt8(ascii: "/") { selfClosing = true; cursor += 1; continue }
            let keyStart = cursor
            while cursor < end, bytes[cursor] != UInt8(ascii: "="), !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
            let key = Self.substring(bytes[keyStart..<cursor])
            while cursor < end, bytes[cursor] != UInt8(ascii: "\""), bytes[cursor] != UInt8(ascii: "'"), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
            guard cursor < end, bytes[cursor] != UInt8(ascii: ">") else { continue }
            let quote = bytes[cursor]
            let valueStart = cursor + 1
            cursor = valueStart
            while cursor < end, bytes[cursor] != quote { cursor += 1 }
            attributes.append((key, Self.decode(bytes[valueStart..<cursor])))
            cursor += 1
        }
        position = cursor
        return .start(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    private static func substring(_ slice: ArraySlice<UInt8>) -> Substring { Substring(String(decoding: slice, as: UTF8.self)) }

    /// Text with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and `&#…;` undone.
    static func decode(_ slice: ArraySlice<UInt8>) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            guard byte == UInt8(ascii: "&"), let semicolon = slice[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                output.append(byte)
                index += 1
                continue
            }
            let entity = String(decoding: slice[(index + 1)..<semicolon], as: UTF8.self)
            var replacement: String?
            switch entity {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
                    replacement = String(Character(scalar))
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                    replacement = String(Character(scalar))
                }
            }
            if let replacement {
                output += Array(replacement.utf8)
                index = semicolon + 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension Substring {
    /// The name without its namespace prefix: `x:row` → `row`.
    var localName: Substring {
        guard let colon = lastIndex(of: ":") else { return self }
        return self[index(after: colon)...]
    }
}
