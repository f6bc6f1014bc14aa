import Foundation
import ZIPFoundation

/// An .xlsx workbook opened for reading: its sheets by name and their cells as text, row by
/// row. Used for XLSForms (`survey`, `choices`, `settings`) and for survey data saved from
/// Excel. A sheet is streamed out of the package in chunks, so a large sheet is never held
/// whole; the shared-string table is.
///
/// A class because it owns the open archive.
public final class XLSXWorkbook {
    public let url: URL
    /// Sheet names in workbook order.
    public let sheetNames: [String]
    private let archive: Archive
    /// Sheet name → the package path of its XML.
    private let sheetPaths: [String: String]
    private let sharedStrings: [String]

    public init(url: URL) throws {
        self.url = url
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw IngestError(file: url.path, kind: .notFound, message: "no such file")
        }
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw IngestError(file: url.path, kind: .unreadable, message: "not an .xlsx workbook (it is not a ZIP package): save it from the spreadsheet as .xlsx, or export CSV")
        }
        self.archive = archive
        func part(_ path: String) throws -> [UInt8]? {
            guard let entry = archive[path] else { return nil }
            var bytes: [UInt8] = []
            do { _ = try archive.extract(entry, skipCRC32: true) { bytes += $0 } } catch {
                throw IngestError(file: url.path, kind: .unreadable, message: "the workbook's part \(path) cannot be unpacked: \(error)")
            }
            return bytes
        }
        guard let workbook = try part("xl/workbook.xml") else {
            throw IngestError(file: url.path, kind: .unreadable, message: "a ZIP package without xl/workbook.xml: not an .xlsx workbook")
        }
        var targets: [String: String] = [:]
        if let relations = try part("xl/_rels/workbook.xml.rels") {
            var scanner = XMLScanner(relations)
            while let event = scanner.next() {
                if case .start(let name, let attributes, _) = event, name.localName == "Relationship",
                    let id = attributes.value(of: "Id"), let target = attributes.value(of: "Target")
                {
                    targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                }
            }
        }
        var names: [String] = []
        var paths: [String: String] = [:]
        var scanner = XMLScanner(workbook)
        while let event = scanner.next() {
            guard case .start(let name, let attributes, _) = event, name.localName == "sheet", let sheetName = attributes.value(of: "name") else { continue }
            let relation = attributes.first { $0.0.localName == "id" }?.1
            names.append(sheetName)
            paths[sheetName] = relation.flatMap { targets[$0] } ?? "xl/worksheets/sheet\(names.count).xml"
        }
        sheetNames = names
        sheetPaths = paths
        var strings: [String] = []
        if let shared = try part("xl/sharedStrings.xml") {
            // A shared string is the text of all its runs; phonetic runs (<rPh>) are not text.
            var scanner = XMLScanner(shared)
            var current = ""
            var inText = false
            var phonetic = false
            while let event = scanner.next() {
                switch event {
                case .start(let name, _, let selfClosing):
                    switch name.localName {
                    case "si": current = ""
                    case "t": inText = !selfClosing
                    case "rPh": phonetic = !selfClosing
                    default: break
                    }
                case .end(let name):
                    switch name.localName {
                    case "si": strings.append(current)
                    case "t": inText = false
                    case "rPh": phonetic = false
                    default: break
                    }
                case .text(let text): if inText && !phonetic { current += text }
                }
            }
        }
        sharedStrings = strings
    }

    /// Calls `body` with each row of a sheet that has any cell: its 1-based row number and
    /// its cells by column (A = 0), empty strings where a cell is absent. Numbers are written
    /// as a person reads them (`1`, `0.4`), not as the file stores them (`1.0`,
    /// `0.40000000000000002`).
    public func forEachRow(ofSheet sheet: String, _ body: (_ row: Int, _ cells: [String]) throws -> Void) throws {
        guard let path = sheetPaths[sheet], let entry = archive[path] else {
            throw IngestError(
                file: url.path, kind: .missingSheet,
                message: "no sheet \"\(sheet)\" in the workbook (sheets: \(sheetNames.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
        var pending: [UInt8] = []
        var rowNumber = 0
        var bodyError: Error?
        let rowEnd = Array("</row>".utf8)
        func process(_ range: Range<Int>) throws {
            var scanner = XMLScanner(pending, range: range)
            var cells: [String] = []
            var column = 0
            var type: String?
            var value = ""
            var inValue = false
            while let event = scanner.next() {
                switch event {
                case .start(let name, let attributes, let selfClosing):
                    switch name.localName {
                    case "row":
                        rowNumber = attributes.value(of: "r").flatMap { Int($0) } ?? rowNumber + 1
                        cells = []
                        column = 0
                        if selfClosing { try body(rowNumber, []) }
                    case "c":
                        if let reference = attributes.value(of: "r") { column = Self.columnIndex(reference) ?? column }
                        type = attributes.value(of: "t")
                        value = ""
                        if selfClosing { column += 1 }
                    case "v", "t": inValue = !selfClosing
                    default: break
                    }
                case .end(let name):
                    switch name.localName {
                    case "v", "t": inValue = false
                    case "c":
                        let text = cellText(value, type: type)
                        if !text.isEmpty {
                            if cells.count <= column { cells += Array(repeating: "", count: column - cells.count + 1) }
                            cells[column] = text
                        }
                        column += 1
                    case "row":
                        if !cells.isEmpty { try body(rowNumber, cells) }
                    default: break
                    }
                case .text(let text): if inValue { value += text }
                }
            }
        }
        do {
            _ = try archive.extract(entry, skipCRC32: true) { chunk in
                guard bodyError == nil else { return }
                pending += chunk
                guard let last = Self.lastRange(of: rowEnd, in: pending) else { return }
                do { try process(0..<last.upperBound) } catch {
                    bodyError = error
                    return
                }
                pending.removeSubrange(0..<last.upperBound)
            }
        } catch {
            throw IngestError(file: url.path, kind: .unreadable, message: "sheet \"\(sheet)\" cannot be unpacked: \(error)")
        }
        if let bodyError { throw bodyError }
        try process(0..<pending.count)
    }

    /// Every row of a sheet, for small sheets such as an XLSForm's.
    public func rows(ofSheet sheet: String) throws -> [(row: Int, cells: [String])] {
        var rows: [(Int, [String])] = []
        try forEachRow(ofSheet: sheet) { rows.append(($0, $1)) }
        return rows
    }

    private func cellText(_ value: String, type: String?) -> String {
        switch type {
        case "s": return Int(value).flatMap { sharedStrings.indices.contains($0) ? sharedStrings[$0] : nil } ?? ""
        case "inlineStr", "str", "e": return value
        case "b": return value == "1" ? "TRUE" : "FALSE"
        default:
            guard let number = Double(value) else { return value }
            return number.formatted
        }
    }

    /// `"AB12"` → 27.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): index = index * 26 + Int(byte - 64)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): index = index * 26 + Int(byte - 96)
            default: return letters == 0 ? nil : index - 1
            }
            letters += 1
        }
        return letters == 0 ? nil : index - 1
    }

    private static func lastRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.count - needle.count
        while start >= 0 {
            if haystack[start] == needle[0], haystack[start..<start + needle.count].elementsEqual(needle) { return start..<start + needle.count }
            start -= 1
        }
        return nil
    }
}

extension [(Substring, String)] {
    /// The value of the attribute named `name`, namespace prefix aside.
    func value(of name: String) -> String? { first { $0.0.localName == name }?.1 }
}
