import Foundation

/// The survey file formats integra reads, and the one way it reads them all: a workbook
/// sheet, an SPSS or a Stata file is written out row by row as a temporary UTF-8 CSV and read
/// by the CSV reader, so every format gets the same checks, findings, quarantine and scores,
/// and memory stays bounded by the columns a study keeps.
public enum SurveyFile {
    public enum Format: String, Sendable {
        case csv
        case xlsx
        case spss = "sav"
        case stata = "dta"

        /// By the file's extension; anything else is read as CSV (`.txt`, `.tsv`, none).
        public init(of url: URL) {
            self = Format(rawValue: url.pathExtension.lowercased()) ?? .csv
        }
    }

    /// Calls `body` with a CSV form of the file: the file itself when it is CSV, otherwise a
    /// temporary CSV whose line numbers are the sheet's row numbers (an .xlsx) or the record
    /// number + 1 (.sav, .dta: the header is line 1). Errors that name the temporary file
    /// are given the original's name.
    public static func withCSV<T>(of url: URL, sheet: String? = nil, _ body: (URL) throws -> T) throws -> T {
        let format = Format(of: url)
        guard format != .csv else { return try body(url) }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("integra-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            let writer = try CSVRowWriter(url: temporary)
            switch format {
            case .xlsx:
                let workbook = try XLSXWorkbook(url: url)
                guard let name = sheet ?? workbook.sheetNames.first else {
                    throw IngestError(file: url.path, kind: .noHeader, message: "the workbook has no sheets")
                }
                try workbook.forEachRow(ofSheet: name) { row, cells in try writer.write(cells, line: row) }
            case .spss, .stata:
                if let sheet { throw IngestError(file: url.path, kind: .missingSheet, message: "an \(format.rawValue) file has no sheets (\"\(sheet)\" was asked for)") }
                try StatisticalFile.read(
                    url, format: format == .spss ? .spss : .stata, header: { try writer.write($0, line: 1) },
                    row: { index, cells in try writer.write(cells, line: index + 2) })
            case .csv:
                break
            }
            try writer.close()
            return try body(temporary)
        } catch var error as IngestError where error.file == temporary.path {
            error.file = url.path
            throw error
        }
    }
}

/// Writes rows as RFC 4180 CSV, with blank lines where rows are skipped so that each row
/// stays on the line its number says.
final class CSVRowWriter {
    private let handle: FileHandle
    private let url: URL
    private var buffer: [UInt8] = []
    private var nextLine = 1
    private var width: Int?

    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path) else {
            throw IngestError(file: url.path, kind: .unreadable, message: "cannot write a temporary file")
        }
        self.url = url
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    /// Writes a row on `line`; the first row sets the width that later rows are padded to.
    func write(_ cells: [String], line: Int) throws {
        while nextLine < line {
            buffer.append(0x0A)
            nextLine += 1
        }
        let count = max(cells.count, width ?? 0)
        if width == nil { width = cells.count }
        for index in 0..<count {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            guard index < cells.count else { continue }
            let text = cells[index]
            if text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                buffer.append(UInt8(ascii: "\""))
                for byte in text.utf8 {
                    if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                    buffer.append(byte)
                }
                buffer.append(UInt8(ascii: "\""))
                // A line break inside a cell moves the following rows down by as many lines.
                nextLine += text.utf8.filter { $0 == 0x0A }.count
            } else {
                buffer += text.utf8
            }
        }
        buffer.append(0x0A)
        nextLine += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw IngestError(file: url.path, kind: .unreadable, message: "cannot write a temporary file: \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}
