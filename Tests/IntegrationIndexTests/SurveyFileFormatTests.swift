import Foundation
import Testing
import ZIPFoundation

@testable import IntegrationIndex

/// Writes a minimal .xlsx package by hand, so the reader is tested on the XML that writers
/// really produce: shared and inline strings, entities, absent cells and rows, two sheets.
func makeWorkbook(at url: URL, sheets: [(name: String, xml: String)], sharedStrings: [String] = []) throws {
    let archive = try Archive(url: url, accessMode: .create)
    var parts: [(String, String)] = [
        ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            \(sheets.enumerated().map { #"<sheet name="\#($1.name)" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"# }.joined())</sheets></workbook>
            """),
        ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            \(sheets.indices.map { #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"# }.joined())</Relationships>
            """),
    ]
    if !sharedStrings.isEmpty {
        parts.append(("xl/sharedStrings.xml", #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"# + sharedStrings.map { "<si>\($0)</si>" }.joined() + "</sst>"))
    }
    for (index, sheet) in sheets.enumerated() {
        parts.append(("xl/worksheets/sheet\(index + 1).xml", #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"# + sheet.xml + "</sheetData></worksheet>"))
    }
    for (path, text) in parts {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}

@Suite struct SurveyFileFormatTests {
    @Test func workbookCellsReadAsAPersonSeesThem() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("book.xlsx")
        try makeWorkbook(
            at: url,
            sheets: [
                ("datos", """
                    <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>w</t></is></c></row>\
                    <row r="2"><c r="A2" t="s"><v>2</v></c><c r="C2"><v>0.40000000000000002</v></c></row>\
                    <row r="4"><c r="A4" t="inlineStr"><is><t>R&amp;D &lt;1&gt; &#241;</t></is></c><c r="B4"><v>3.0</v></c><c r="C4" t="b"><v>1</v></c></row>
                    """),
                ("notas", #"<row r="1"><c r="A1" t="inlineStr"><is><t>nota</t></is></c></row>"#),
            ],
            sharedStrings: ["<t>id</t>", "<r><t>se</t></r><r><t>x</t></r><rPh><t>ignored</t></rPh>", "<t xml:space=\"preserve\"> a </t>"])
        let workbook = try XLSXWorkbook(url: url)
        #expect(workbook.sheetNames == ["datos", "notas"])
        let rows = try workbook.rows(ofSheet: "datos")
        #expect(rows.map(\.row) == [1, 2, 4])
        #expect(rows[0].cells == ["id", "sex", "w"])
        #expect(rows[1].cells == [" a ", "", "0.4"])
        #expect(rows[2].cells == ["R&D <1> ñ", "3", "TRUE"])
        #expect(try workbook.rows(ofSheet: "notas").first?.cells == ["nota"])
        let missing = #expect(throws: IngestError.self) { try workbook.rows(ofSheet: "survey") }
        #expect(missing?.description.contains("no sheet \"survey\" in the workbook (sheets: \"datos\", \"notas\")") == true)
    }

    /// A workbook row keeps its sheet row number as its line, so quarantine and findings
    /// point at the row a person sees in the spreadsheet.
    @Test func workbookRowsKeepTheirRowNumbers() throws {
        let folder = try temporaryFolder()
        let url = folder.appendingPathComponent("data.xlsx")
        func row(_ r: Int, _ values: [String]) -> String {
            "<row r=\"\(r)\">" + values.enumerated().map { #"<c r="\#(["A", "B", "C"][$0])\#(r)" t="inlineStr"><is><t>\#($1)</t></is></c>"# }.joined() + "</row>"
        }
        try makeWorkbook(at: url, sheets: [("s", row(1, ["id", "w", "x"]) + row(2, ["a", "1", "5"]) + row(5, ["a", "1", "6"]) + row(6, ["b", "-1", "7"]))])
        let result = try TableReader(idColumn: .named("id"), columns: [.init(name: "w", roles: [.weight]), .init(name: "x", roles: [.numeric])]).read(url)
        #expect(result.rowsRead == 3 && result.rowsAccepted == 1)
        #expect(result.quarantine.map(\.line) == [5, 6])
        #expect(result.quarantine.map(\.kind) == [.duplicateID, .unusableWeight])
        #expect(result.file == url)
        let missing = #expect(throws: IngestError.self) {
            try TableReader(idColumn: .named("id"), columns: [.init(name: "y", roles: [.numeric])]).read(url)
        }
        #expect(missing?.file == url.path, "errors name the workbook, not a temporary file")
        #expect(missing?.description.contains("data.xlsx:1: column \"y\"") == true)
    }

    @Test func aFileThatIsNotAWorkbookSaysSo() throws {
        let folder = try temporaryFolder()
        let url = try writeFile("id,x\n1,2\n", named: "data.xlsx", in: folder)
        let error = #expect(throws: IngestError.self) { try TableReader(idColumn: .named("id"), columns: []).read(url) }
        #expect(error?.description.contains("data.xlsx: not an .xlsx workbook") == true)
        let sav = try writeFile("id,x\n1,2\n", named: "data.sav", in: folder)
        let savError = #expect(throws: IngestError.self) { try TableReader(idColumn: .named("id"), columns: []).read(sav) }
        #expect(savError?.description.contains("data.sav: cannot be read as an SPSS .sav file") == true)
    }

    @Test(arguments: [("spss/responses.sav", StatisticalFile.Format.spss), ("stata/responses.dta", .stata)])
    func statisticalFilesCarryTheirLabels(path: String, format: StatisticalFile.Format) throws {
        var header: [String] = []
        var rows = 0
        let variables = try StatisticalFile.read(fixture("formats/" + path), format: format, header: { header = $0 }, row: { _, _ in rows += 1 })
        #expect(rows == 80)
        #expect(header.first == "respondent_id" && header.count == variables.count)
        let sex = try #require(variables.first { $0.name == "sex" })
        #expect(sex.label == "Sexo")
        #expect(sex.valueLabels.map(\.value) == ["1", "2", "3"])
        #expect(sex.valueLabels.map(\.label) == ["Hombre", "Mujer", "Otro"])
        let connected = try #require(variables.first { $0.name == "q_connected" })
        #expect(connected.label == "¿Qué tan conectado/a se siente con el país?")
        #expect(connected.valueLabels.first { $0.value == "98" }?.label == "No sabe")
        #expect(variables.first { $0.name == "nationality" }?.isNumeric == false)
    }
}
