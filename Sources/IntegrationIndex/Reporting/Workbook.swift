import Foundation

/// `report.xlsx` as the SpreadsheetML parts of an Office Open XML package: a summary sheet,
/// one sheet per group variable, the respondent scores, data quality and method. Numbers are
/// stored as numbers with formats, the header row is frozen, columns have widths, labels follow
/// the report's language; suppressed values are left out and text that could run as a
/// formula is neutralized. Zipping the parts is the caller's (the command line's) job.
public struct Workbook: Sendable {
    public let data: ReportData

    public init(data: ReportData) { self.data = data }

    /// Respondent sheets above this many rows are left out (see `respondents.csv`).
    public static let respondentRowLimit = 100_000

    private var language: Language { data.language }

    /// A cell: text, or a number with one of the styles of `styles.xml`.
    enum Cell {
        case text(String)
        case header(String)
        case number(Double, Style)
        case empty

        enum Style: Int {
            case general = 0, oneDecimal = 2, integer = 3, threeDecimals = 4, full = 5
        }
    }

    struct Sheet {
        var name: String
        var widths: [Double]
        var rows: [[Cell]]
        /// Rows after `rows`, made from the respondents' scores as they are written: a
        /// respondent sheet has up to 100,000 rows.
        var scores: ScoreRows? = nil
    }

    /// A respondent sheet's rows: each respondent's id, then each dimension's score and the
    /// overall index, times 100, with one decimal.
    struct ScoreRows {
        var ids: [String]
        /// The dimensions', then the overall index's.
        var columns: [[Double]]

        var count: Int { ids.count }
    }

    /// The package's parts: path inside the archive and content.
    public func parts() -> [ZipPackage.Part] { Self.package(sheets()) }

    /// The parts of a package of `sheets` (also the change workbook's).
    static func package(_ sheets: [Sheet]) -> [ZipPackage.Part] {
        var result: [ZipPackage.Part] = []
        let sheetOverrides = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        result.append(ZipPackage.Part(path: "[Content_Types].xml", data: Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\(sheetOverrides)</Types>
            """.utf8)))
        result.append(ZipPackage.Part(path: "_rels/.rels", data: Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """.utf8)))
        let sheetEntries = sheets.enumerated().map { "<sheet name=\"\($1.name.xmlEscaped)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        result.append(ZipPackage.Part(path: "xl/workbook.xml", data: Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheetEntries)</sheets></workbook>
            """.utf8)))
        let relationships = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined() + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        result.append(ZipPackage.Part(path: "xl/_rels/workbook.xml.rels", data: Data("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
            """.utf8)))
        result.append(ZipPackage.Part(path: "xl/styles.xml", data: Data(Self.styles.utf8)))
        for (index, sheet) in sheets.enumerated() {
            result.append(ZipPackage.Part(path: "xl/worksheets/sheet\(index + 1).xml", blocks: worksheet(sheet)))
        }
        return result
    }

    // Styles by index: 0 general, 1 bold header, 2 "0.0", 3 "#,##0", 4 "0.000", 5 full precision.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="#,##0"/><numFmt numFmtId="166" formatCode="0.000"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    /// A sheet's XML, written as bytes: a respondent sheet has a million cells, and building
    /// it as `String`s cost more than everything else in a run of 100,000 respondents. Its
    /// score rows are written in blocks on all cores, by the writer of every other row, and
    /// kept as those blocks (the sheet is their bytes one after another), which the package
    /// deflates where they lie.
    static func worksheet(_ sheet: Sheet) -> [[UInt8]] {
        var xml: [UInt8] = []
        xml.reserveCapacity(4096 + sheet.rows.count * (sheet.rows.first?.count ?? 1) * 48)
        func add(_ text: String) { xml += text.utf8 }
        add("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        add("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>")
        add("<cols>" + sheet.widths.enumerated().map { "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($1)\" customWidth=\"1\"/>" }.joined() + "</cols>")
        add("<sheetData>")
        let width = max(sheet.rows.map(\.count).max() ?? 0, sheet.scores.map { 1 + $0.columns.count } ?? 0)
        var writer = RowWriter(columns: width)
        for (r, row) in sheet.rows.enumerated() { writer.append(row, number: r + 1, to: &xml) }
        let end = "</sheetData></worksheet>"
        guard let scores = sheet.scores else {
            add(end)
            return [xml]
        }
        let first = sheet.rows.count + 1
        let blocks = RowRanges.blocks(scores.count, size: 4096)
        var written = [[UInt8]](repeating: [], count: blocks.count)
        written.withUnsafeMutableBufferPointer { written in
            // Each block writes only its own bytes.
            nonisolated(unsafe) let written = written
            DispatchQueue.concurrentPerform(iterations: blocks.count) { block in
                written[block] = scoreRows(scores, rows: blocks[block], first: first, width: width)
            }
        }
        return [xml] + written + [Array(end.utf8)]
    }

    /// The score rows `rows` of a respondent sheet whose first score row is row `first`: the
    /// bytes `RowWriter` writes for them (the id as a text cell, each score with one decimal,
    /// nothing for a missing one), written through a pointer into room reserved once. Each
    /// row's number is made once for its cells, each cell's fixed parts are copied whole and
    /// the scores' texts come from a `DecimalTextCache`: appended cell by cell, with a
    /// dictionary of texts, these rows took a quarter of a 100,000-respondent run's work.
    static func scoreRows(_ scores: ScoreRows, rows: Range<Int>, first: Int, width: Int) -> [UInt8] {
        let writer = RowWriter(columns: width)
        let stride = scores.columns.count
        var piece = [Double](repeating: 0, count: rows.count * stride)
        PercentRows.fill(&piece, from: scores.columns, rows: rows)
        // Each score column's cell opening and letters, what follows a cell's row number up to
        // its value, and the ends: `RowWriter.appendNumber`'s parts, each made once.
        let openings = (1...max(stride, 1)).map { RowWriter.bytes(RowWriter.cellStart) + Array(columnName($0).utf8) }
        let middle = RowWriter.bytes(RowWriter.styleStart) + Array(String(Cell.Style.oneDecimal.rawValue).utf8) + RowWriter.bytes(RowWriter.valueStart)
        let closing = RowWriter.bytes(RowWriter.numberEnd)
        let rowEnd = RowWriter.bytes(RowWriter.rowEnd)
        let cellRoom = 8 + middle.count + closing.count + DecimalTextCache.longestText
            + (openings.map(\.count).max() ?? 0)
        var numbers = DecimalTextCache(form: .shortest)
        var idCell: [UInt8] = []
        let room = rows.reduce(0) { $0 + 6 * scores.ids[$1].utf8.count + 128 + stride * (cellRoom + 8) }
        return [UInt8](unsafeUninitializedCapacity: room) { buffer, initialized in
            var at = buffer.baseAddress!
            func copy(_ bytes: [UInt8]) {
                bytes.withUnsafeBufferPointer { at.update(from: $0.baseAddress!, count: $0.count) }
                at += bytes.count
            }
            var rowNumber: [UInt8] = []
            piece.withUnsafeBufferPointer { piece in
                for row in rows {
                    let r = first + row
                    rowNumber.removeAll(keepingCapacity: true)
                    DecimalText.appendInteger(UInt64(r), to: &rowNumber)
                    idCell.removeAll(keepingCapacity: true)
                    writer.startRow(r, in: &idCell)
                    writer.appendText(scores.ids[row], column: 0, row: r, to: &idCell)
                    copy(idCell)
                    let values = (row - rows.lowerBound) * stride
                    for c in 0..<stride {
                        let value = piece[values + c]
                        guard value.isFinite else { continue }
                        copy(openings[c])
                        copy(rowNumber)
                        copy(middle)
                        at += numbers.write(value, at: at)
                        copy(closing)
                    }
                    copy(rowEnd)
                }
            }
            initialized = at - buffer.baseAddress!
        }
    }

    /// Writes rows of cells as SpreadsheetML, the texts of numbers written before taken from
    /// a `DecimalTextCache` (a respondent sheet repeats few distinct scores). Each writer has
    /// its own copy of everything it appends from: writers on different cores then share no
    /// array whose count of references both would change at every cell.
    struct RowWriter {
        /// The columns' letters end to end; column c's end at `letterEnds[c]`.
        private let letters: [UInt8]
        private let letterEnds: [Int]
        private var numberTexts = DecimalTextCache(form: .shortest)

        init(columns: Int) {
            var letters: [UInt8] = []
            var ends: [Int] = []
            for c in 0..<columns {
                letters += Workbook.columnName(c).utf8
                ends.append(letters.count)
            }
            self.letters = letters
            letterEnds = ends
        }

        mutating func append(_ row: [Cell], number r: Int, to xml: inout [UInt8]) {
            startRow(r, in: &xml)
            for (c, cell) in row.enumerated() {
                switch cell {
                case .text(let text): appendText(text, column: c, row: r, to: &xml)
                case .header(let text): appendInline(text, opening: "\" t=\"inlineStr\" s=\"1\"><is><t>", column: c, row: r, to: &xml)
                case .number(let value, let style): appendNumber(value, style: style, column: c, row: r, to: &xml)
                case .empty: continue
                }
            }
            endRow(in: &xml)
        }

        func startRow(_ r: Int, in xml: inout [UInt8]) {
            Self.add("<row r=\"", to: &xml)
            DecimalText.appendInteger(UInt64(r), to: &xml)
            Self.add("\">", to: &xml)
        }

        func endRow(in xml: inout [UInt8]) { Self.add(Self.rowEnd, to: &xml) }

        private func reference(column c: Int, row r: Int, in xml: inout [UInt8]) {
            Self.add(Self.cellStart, to: &xml)
            letters.withUnsafeBufferPointer { xml.append(contentsOf: UnsafeBufferPointer(rebasing: $0[(c == 0 ? 0 : letterEnds[c - 1])..<letterEnds[c]])) }
            DecimalText.appendInteger(UInt64(r), to: &xml)
        }

        func appendText(_ text: String, column c: Int, row r: Int, to xml: inout [UInt8]) {
            appendInline(text, opening: "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", column: c, row: r, to: &xml)
        }

        /// A text cell: its reference, `opening` (its type, style and text element), the text.
        private func appendInline(_ text: String, opening: StaticString, column c: Int, row r: Int, to xml: inout [UInt8]) {
            reference(column: c, row: r, in: &xml)
            Self.add(opening, to: &xml)
            Workbook.appendEscaped(text.neutralizedForSpreadsheets, to: &xml)
            Self.add("</t></is></c>", to: &xml)
        }

        /// Nothing for a number that is not finite (a suppressed or missing value).
        mutating func appendNumber(_ value: Double, style: Cell.Style, column c: Int, row r: Int, to xml: inout [UInt8]) {
            guard value.isFinite else { return }
            reference(column: c, row: r, in: &xml)
            Self.add(Self.styleStart, to: &xml)
            DecimalText.appendInteger(UInt64(style.rawValue), to: &xml)
            Self.add(Self.valueStart, to: &xml)
            numberTexts.append(value, to: &xml)
            Self.add(Self.numberEnd, to: &xml)
        }

        /// A cell's opening up to its column's letters; what follows its row number in a
        /// number cell, up to its style and then to its value; the end of a number cell and of
        /// a row (`scoreRows` copies them, too).
        static let cellStart: StaticString = "<c r=\""
        static let styleStart: StaticString = "\" s=\""
        static let valueStart: StaticString = "\"><v>"
        static let numberEnd: StaticString = "</v></c>"
        static let rowEnd: StaticString = "</row>"

        /// `text`'s bytes.
        static func bytes(_ text: StaticString) -> [UInt8] { Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }

        @inline(__always)
        private static func add(_ text: StaticString, to xml: inout [UInt8]) {
            xml.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }

    /// `text.xmlEscaped` as bytes; text that needs no escaping (nearly all) is copied as is.
    fileprivate static func appendEscaped(_ text: String, to xml: inout [UInt8]) {
        let plain = text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != 0xEF
        }
        xml += plain ? text.utf8 : text.xmlEscaped.utf8
    }

    static func columnName(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// Excel's rules: at most 31 characters, none of `[]:*?/\`, unique.
    static func sheetName(_ text: String, taken: inout Set<String>) -> String {
        var name = String(text.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        if name.isEmpty { name = "Sheet" }
        var candidate = name
        var counter = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = " \(counter)"
            candidate = String(name.prefix(31 - suffix.count)) + suffix
            counter += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    private func t(_ text: LocalizedText) -> String { text[language] }

    /// The estimate columns shared by the summary and group sheets.
    private var estimateHeader: [Cell] {
        [
            .header(t(ReportText.estimate)), .header(t(ReportText.intervalLow)), .header(t(ReportText.intervalHigh)),
            .header(t(ReportText.standardError)), .header("n"), .header(t(ReportText.weightedN)), .header(t(ReportText.coefficientOfVariation)),
            .header(t(ReportText.flag)),
        ]
    }

    private func estimateCells(_ e: IndexEstimate) -> [Cell] {
        let hidden = e.isSuppressed
        func value(_ x: Double?, _ style: Cell.Style) -> Cell { hidden ? .empty : x.map { .number($0, style) } ?? .empty }
        return [
            value(e.estimate, .oneDecimal), value(e.ciLow, .oneDecimal), value(e.ciHigh, .oneDecimal), value(e.standardError, .threeDecimals),
            .number(Double(e.n), .integer), .number(e.weightedN, .integer), value(e.coefficientOfVariation, .threeDecimals), .text(e.flag.rawValue),
        ]
    }

    private func indicatorLabel(_ indicator: (key: String, label: LocalizedText, isProportion: Bool)) -> String {
        indicator.label[language] + (indicator.isProportion ? " (%)" : "")
    }

    func sheets() -> [Sheet] {
        var taken = Set<String>()
        var sheets: [Sheet] = []
        var summary = [[Cell.header(t(ReportText.indicator))] + estimateHeader]
        for indicator in data.indicators {
            guard let e = data.estimate(indicator.key) else { continue }
            summary.append([.text(indicatorLabel(indicator))] + estimateCells(e))
        }
        sheets.append(Sheet(name: Self.sheetName(t(ReportText.summary).components(separatedBy: ":")[0], taken: &taken), widths: [34] + [12, 12, 12, 12, 10, 14, 10, 9], rows: summary))

        for group in data.groups {
            var rows = [[Cell.header(group.labels[language]), .header(t(ReportText.indicator))] + estimateHeader + [.header("*")]]
            for (index, value) in group.values.enumerated() {
                for indicator in data.indicators {
                    guard let e = data.estimate(indicator.key, group: group.key, value: value) else { continue }
                    let significant = data.comparison(indicator.key, group: group.key, value: value)?.isSignificant == true
                    let label = group.valueLabels[index][language] + (value == group.reference ? " (\(t(ReportText.reference)))" : "")
                    rows.append([.text(label), .text(indicatorLabel(indicator))] + estimateCells(e) + [.text(significant ? "*" : "")])
                }
            }
            sheets.append(Sheet(name: Self.sheetName(group.labels[language], taken: &taken), widths: [30, 34, 12, 12, 12, 12, 10, 14, 10, 9, 4], rows: rows))
        }

        let counting = data.countingIndicators
        if !counting.isEmpty {
            var rows = [[Cell.header(t(ReportText.byGroup)), .header(""), .header(t(ReportText.indicator))] + estimateHeader]
            let populations = [(key: "", labels: IndexEstimate.populationLabel, values: [""], valueLabels: [IndexEstimate.populationLabel])]
                + data.groups.map { (key: $0.key, labels: $0.labels, values: $0.values, valueLabels: $0.valueLabels) }
            for group in populations {
                for (index, value) in group.values.enumerated() {
                    for (key, label) in counting {
                        guard let e = data.estimate(key, group: group.key, value: value) else { continue }
                        rows.append([.text(group.labels[language]), .text(group.valueLabels[index][language]), .text(label[language])] + estimateCells(e))
                    }
                }
            }
            sheets.append(Sheet(name: Self.sheetName(t(ReportText.countingSheet), taken: &taken), widths: [22, 26, 52, 12, 12, 12, 12, 10, 14, 10, 9], rows: rows))
        }

        if let settings = data.study.rankSensitivity, !data.ranks.isEmpty {
            var rows: [[Cell]] = [
                [.text(ReportText.ranksMethod(settings, counting: data.study.counting != nil, design: data.study.design, language: language))],
                [
                    .header(t(ReportText.byGroup)), .header(""), .header(t(ReportText.indicator)), .header(t(ReportText.rank)), .header(t(ReportText.medianRank)),
                    .header("5 %"), .header("95 %"),
                ],
            ]
            for group in data.groups {
                for rank in data.ranks where rank.groupKey == group.key {
                    let label = group.label(of: rank.groupValue, in: language)
                    let indicator = rank.indicator == IndexEstimate.overallKey ? ReportText.overall : ReportText.adjustedHeadcount
                    rows.append([
                        .text(group.labels[language]), .text(label), .text(t(indicator)), .number(Double(rank.rank), .integer), .number(rank.medianRank, .general),
                        .number(rank.low, .general), .number(rank.high, .general),
                    ])
                }
            }
            sheets.append(Sheet(name: Self.sheetName(t(ReportText.ranks), taken: &taken), widths: [26, 30, 30, 10, 14, 10, 10], rows: rows))
        }

        // Up to a spreadsheet's practical size; larger surveys have respondents.csv.
        if let scores = data.respondents, scores.count <= Self.respondentRowLimit {
            let header = [Cell.header(data.study.idColumn ?? "id")] + data.instrument.dimensions.map { Cell.header($0.labels[language]) } + [.header(t(ReportText.overall))]
            sheets.append(Sheet(
                name: Self.sheetName(t(ReportText.respondents), taken: &taken), widths: [16] + Array(repeating: 14, count: scores.dimensions.count + 1), rows: [header],
                scores: ScoreRows(ids: scores.ids, columns: scores.dimensions + [scores.overall])))
        }

        let quality = data.quality
        var qualityRows: [[Cell]] = [[.header(t(ReportText.quality)), .header(t(ReportText.count)), .header(""), .header(""), .header("")]]
        qualityRows.append([.text(t(ReportText.rowsRead)), .number(Double(quality.rowsRead), .integer)])
        qualityRows.append([.text(t(ReportText.rowsAccepted)), .number(Double(quality.rowsAccepted), .integer)])
        qualityRows.append([.text(t(ReportText.rowsQuarantined)), .number(Double(quality.rowsQuarantined), .integer)])
        qualityRows.append([])
        qualityRows.append([.header(t(ReportText.quarantineReasons)), .header(t(ReportText.count))])
        for (kind, count) in quality.quarantineKinds { qualityRows.append([.text(t(ReportText.quarantineKind(kind))), .number(Double(count), .integer)]) }
        qualityRows.append([])
        qualityRows.append([.header(t(ReportText.findingSummary)), .header(t(ReportText.count)), .header(t(ReportText.rule))])
        for (column, rule, count) in quality.findings { qualityRows.append([.text(column), .number(Double(count), .integer), .text(t(ReportText.findingRule(rule)))]) }
        if !quality.reliability.isEmpty {
            qualityRows.append([])
            qualityRows.append([.header(t(ReportText.reliability)), .header(t(ReportText.items)), .header("n"), .header("α")])
            for item in quality.reliability {
                let label = data.instrument.dimensions.first { $0.key == item.dimension }?.labels[language] ?? item.dimension
                qualityRows.append([.text(label), .number(Double(item.items), .integer), .number(Double(item.n), .integer), item.alpha.map { .number($0, .threeDecimals) } ?? .empty])
            }
        }
        qualityRows.append([])
        qualityRows.append([
            .header(t(ReportText.itemNonResponse)), .header(t(ReportText.asked)), .header(t(ReportText.missing)), .header("%"),
            .header(t(ReportText.nonAnswerShare)), .header(t(ReportText.meanItemScore)), .header(t(ReportText.question)),
        ])
        for dimension in data.instrument.dimensions {
            for item in dimension.items {
                guard let response = quality.itemResponse.first(where: { $0.column == item.column }) else { continue }
                let rates = ReportData.rates(asked: response.asked, missing: response.missing, nonAnswers: response.nonAnswers)
                qualityRows.append([
                    .text(item.column), .number(Double(response.asked), .integer), .number(Double(response.missing), .integer),
                    .number(rates.missing, .oneDecimal), .number(rates.nonAnswers, .oneDecimal), response.meanScore.map { .number($0 * 100, .oneDecimal) } ?? .empty,
                    .text(item.labels[language]),
                ])
            }
        }
        qualityRows.append([.text(t(ReportText.itemNote))])
        sheets.append(Sheet(name: Self.sheetName(t(ReportText.quality), taken: &taken), widths: [40, 12, 16, 8, 16, 16, 60], rows: qualityRows))

        if let calibration = quality.calibration {
            var rows: [[Cell]] = [[.text(data.calibrationText(calibration))]]
            rows.append([
                .header(t(ReportText.margin)), .header(t(ReportText.cell)), .header(t(ReportText.population)), .header(t(ReportText.respondentsInCell)),
                .header(t(ReportText.designWeighted)), .header(t(ReportText.calibrated)),
            ])
            for margin in calibration.margins {
                for cell in margin.cells {
                    rows.append([
                        .text(data.label(of: margin)), .text(data.label(of: cell, in: margin)), .number(cell.population, .general),
                        .number(Double(cell.respondents), .integer), .number(cell.before, .oneDecimal), .number(cell.after, .oneDecimal),
                    ])
                }
            }
            sheets.append(Sheet(name: Self.sheetName(t(ReportText.calibrationSheet), taken: &taken), widths: [28, 34, 14, 14, 18, 18], rows: rows))
        }

        if !quality.itemResponseByGroup.isEmpty {
            var rows: [[Cell]] = [[
                .header(t(ReportText.question)), .header(t(ReportText.groupVariable)), .header(t(ReportText.group)), .header(t(ReportText.asked)),
                .header(t(ReportText.missingShare)), .header(t(ReportText.nonAnswerShare)),
            ]]
            for response in quality.itemResponseByGroup {
                let group = data.groups.first { $0.key == response.groupKey }
                let label = group?.label(of: response.groupValue, in: language) ?? response.groupValue
                let rates = ReportData.rates(asked: response.asked, missing: response.missing, nonAnswers: response.nonAnswers)
                rows.append([
                    .text(response.column), .text(group?.labels[language] ?? response.groupKey), .text(label), .number(Double(response.asked), .integer),
                    .number(rates.missing, .oneDecimal), .number(rates.nonAnswers, .oneDecimal),
                ])
            }
            sheets.append(Sheet(name: Self.sheetName(t(ReportText.itemsByGroup), taken: &taken), widths: [28, 24, 28, 12, 16, 16], rows: rows))
        }

        var method: [[Cell]] = [[.header(t(ReportText.method))]]
        method.append([.text(t(ReportText.scoringMethod(data.instrument)))])
        method.append([])
        method.append([.header(t(ReportText.dimension)), .header(t(ReportText.items)), .header(t(ReportText.minimumItems)), .header(t(ReportText.weight)), .header(t(ReportText.inIndex))])
        for dimension in data.instrument.dimensions {
            method.append([.text(dimension.labels[language]), .number(Double(dimension.items.count), .integer), .number(Double(dimension.minItems), .integer), .number(dimension.weight, .general), .text(t(dimension.inIndex ? ReportText.yes : ReportText.no))])
        }
        method.append([])
        method.append([.header(t(ReportText.design))])
        method.append([.text(ReportText.design(data.study.design, language: language))])
        if let calibration = quality.calibration {
            method.append([.text(ReportText.calibratedDesign(calibration, marginNames: calibration.margins.map(data.label(of:)), language: language))])
        }
        method.append([.text(t(ReportText.legend))])
        method.append([.text(t(ReportText.significanceLegend(data.study.multipleComparisons)))])
        if !data.instrument.source.isEmpty { method.append([.text(data.instrument.source)]) }
        sheets.append(Sheet(name: Self.sheetName(t(ReportText.method), taken: &taken), widths: [60, 12, 18, 10, 12], rows: method))
        return sheets
    }
}

extension String {
    /// Escaped for XML text and attributes; characters XML 1.0 forbids are dropped.
    var xmlEscaped: String {
        var escaped = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value) { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}
