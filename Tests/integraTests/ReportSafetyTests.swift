import Foundation
import IntegrationStore
import Testing
import ZIPFoundation

/// Hostile labels and small groups through every output: labels are escaped in HTML, text
/// that could run as a formula is neutralized in CSV and XLSX, and a suppressed value appears
/// nowhere (not in a table, a chart, an attribute, a workbook or the store).
@Suite struct ReportSafetyTests {
    static let script = "<script>alert(1)</script>"
    static let formula = #"=HYPERLINK("http://example.invalid","x")"#

    /// 60 respondents of the IPL-12: 30 in region `<script>…`, 27 in region `=HYPERLINK(…)`,
    /// both answering codes 1–3 (scores ≤ 50), and 3 in region "tiny" answering 4 and 5 (every
    /// score 87.5), a group too small to publish.
    static let output: URL? = {
        guard let folder = try? temporaryFolder() else { return nil }
        let items = ["ipl_connected", "ipl_outsider", "ipl_talked", "ipl_meal", "ipl_income", "ipl_expense", "ipl_understand", "ipl_discuss", "ipl_read", "ipl_speak", "ipl_doctor", "ipl_job"]
        let reversed: Set<String> = ["ipl_outsider", "ipl_doctor", "ipl_job"]
        var lines = ["id,w,region," + items.joined(separator: ",")]
        for row in 0..<60 {
            let region = row < 30 ? script : (row < 57 ? formula : "tiny")
            let answers = items.enumerated().map { index, item -> String in
                if region == "tiny" { return reversed.contains(item) ? (index % 2 == 0 ? "2" : "1") : (index % 2 == 0 ? "4" : "5") }
                let code = 1 + (row * 7 + index * 3) % 3
                return String(reversed.contains(item) ? 6 - code : code)
            }
            let id = row == 0 ? "=1+2" : (row == 1 ? "-cmd" : "R\(row)")
            let quoted = "\"" + region.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            lines.append("\(id),\(1 + row % 3),\(quoted)," + answers.joined(separator: ","))
        }
        let study = """
            {"title": "Hostile", "data": "data.csv", "id": "id", "instrument": "\(repositoryRoot.path)/Surveys/ipl-12.json", "language": "en",
             "design": {"weight": "w"},
             "groups": [{"key": "region", "labels": "Region", "column": "region"}]}
            """
        guard (try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("data.csv"))) != nil,
            (try? Data(study.utf8).write(to: folder.appendingPathComponent("study.json"))) != nil,
            let result = try? integra(["run", folder.appendingPathComponent("study.json").path, "--output", folder.appendingPathComponent("out").path]),
            result.status == 0
        else { return nil }
        return folder.appendingPathComponent("out")
    }()

    static func text(_ file: String) throws -> String {
        try String(contentsOf: try #require(output).appendingPathComponent(file), encoding: .utf8)
    }

    /// The workbook's sheets, except the respondent scores (which hold each person's own score).
    static func workbookSheets() throws -> [String] {
        let archive = try Archive(url: try #require(output).appendingPathComponent("report.xlsx"), accessMode: .read)
        var sheets: [String] = []
        for entry in archive where entry.path.hasPrefix("xl/worksheets/") {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            let xml = String(decoding: data, as: UTF8.self)
            if !xml.contains(">id<") { sheets.append(xml) }
        }
        return sheets
    }

    @Test func labelsAreEscapedInHTML() throws {
        for page in ["report.html", "report.es.html"] {
            let html = try Self.text(page)
            #expect(!html.contains(Self.script), "\(page)")
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page)")
            #expect(!html.contains("<script"), "\(page)")
        }
        #expect(!(try Self.text("report.md")).contains("<script>"))
    }

    @Test func formulasAreNeutralizedInCSVAndXLSX() throws {
        let estimates = records(try Self.text("estimates.csv"))
        #expect(estimates.contains { $0["group_value"] == "'" + Self.formula })
        #expect(!estimates.contains { $0["group_value"] == Self.formula })
        let ids = records(try Self.text("respondents.csv")).map { $0["id"]! }
        #expect(ids.prefix(2) == ["'=1+2", "'-cmd"])
        let sheets = try Self.workbookSheets()
        #expect(sheets.contains { $0.contains("&apos;=HYPERLINK(") })  // the apostrophe, escaped as XML
        #expect(!sheets.contains { $0.contains("<f>") })
    }

    @Test func suppressedValueAppearsNowhere() throws {
        let estimates = records(try Self.text("estimates.csv"))
        let tiny = estimates.filter { $0["group_value"] == "tiny" }
        #expect(!tiny.isEmpty && tiny.allSatisfy { $0["flag"] == "F" && $0["estimate"] == "" && $0["se"] == "" && $0["ci_low"] == "" })
        var outputs = ["estimates.csv", "report.md", "report.html", "report.es.html"].map { try? Self.text($0) }.compactMap { $0 }
        outputs += try Self.workbookSheets()
        for text in outputs {
            #expect(!text.contains("87.5") && !text.contains("87,5"))
        }
        let store = try ResultStore(path: try #require(Self.output).appendingPathComponent("integra.sqlite").path)
        let stored = try store.estimates(runID: 1).filter { $0.groupValue == "tiny" }
        #expect(!stored.isEmpty && stored.allSatisfy { $0.estimate == nil && $0.se == nil && $0.ciLow == nil && $0.ciHigh == nil })
    }

    @Test func reportRerenderedFromTheStoreEqualsTheRunsOwn() throws {
        let output = try #require(Self.output)
        let again = output.appendingPathComponent("again")
        let result = try integra(["report", "--store", output.appendingPathComponent("integra.sqlite").path, "--output", again.path])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["report.md", "report.html", "report.es.html"] {
            #expect(try Data(contentsOf: again.appendingPathComponent(file)) == Data(contentsOf: output.appendingPathComponent(file)), "\(file)")
        }
        let spanish = try integra(["report", "--store", output.appendingPathComponent("integra.sqlite").path, "--output", again.path, "--language", "es"])
        #expect(spanish.status == 0)
        #expect(try String(contentsOf: again.appendingPathComponent("report.html"), encoding: .utf8).contains("<html lang=\"es\">"))
    }
}
