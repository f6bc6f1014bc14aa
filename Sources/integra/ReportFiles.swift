import Foundation
import IntegrationIndex

/// The documents made from a `ReportData`: report.md, report.html (and the page in the other
/// report languages as report.<language>.html), report.xlsx. `integra run` and `integra
/// report` write the same files the same way.
enum ReportFiles {
    /// The files written, by name. With `onlyLanguage`, one page and one workbook in it.
    @discardableResult
    static func write(_ report: ReportData, to folder: URL, onlyLanguage: Bool = false) throws -> [String] {
        // The workbook (its respondent sheet is most of the work) is made on another core
        // while the pages are.
        let workbook = Background { try WorkbookFile.write(Workbook(data: report), to: folder.appendingPathComponent("report.xlsx")) }
        var files: [(String, [UInt8])] = [
            ("report.md", Array(MarkdownReport(data: report).render().utf8)),
            ("report.html", Array(HTMLReport(data: report, integraVersion: Integra.version).render().utf8)),
        ]
        if !onlyLanguage {
            for other in Language.allCases where other != report.language {
                var translated = report
                translated.language = other
                files.append(("report.\(other.rawValue).html", Array(HTMLReport(data: translated, integraVersion: Integra.version).render().utf8)))
            }
        }
        for (name, bytes) in files { try OutputFile.write(bytes, to: folder.appendingPathComponent(name)) }
        try workbook.wait()
        return files.map(\.0) + ["report.xlsx"]
    }
}
