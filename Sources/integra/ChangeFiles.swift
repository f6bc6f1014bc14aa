import Foundation
import IntegrationIndex

/// The documents of a comparison: change.csv, change.md, change.xlsx and change.html (with
/// the page in the other report languages as change.<language>.html). `integra compare` and
/// `integra report --store --run A --run B` write the same files the same way, each whole or
/// not at all.
enum ChangeFiles {
    /// The files written, by name. With `onlyLanguage`, everything in that language alone.
    static func write(_ comparison: ChangeReport, to folder: URL, onlyLanguage: Language? = nil) throws -> [String] {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder.path, reason: error.localizedDescription)
        }
        let language = onlyLanguage ?? comparison.study.language
        var files: [(String, [UInt8])] = [
            ("change.csv", ChangeTables.changesCSV(comparison.changes, language: language).bytes),
            ("change.md", Array(comparison.markdown(language: language).utf8)),
        ]
        for page in Language.allCases where onlyLanguage == nil || page == onlyLanguage {
            files.append((page == language ? "change.html" : "change.\(page.rawValue).html", Array(comparison.html(language: page).utf8)))
        }
        for (name, bytes) in files {
            let url = folder.appendingPathComponent(name)
            do { try OutputFile.write(bytes, to: url) } catch { throw OutputError(path: url.path, reason: error.localizedDescription) }
        }
        try WorkbookFile.write(parts: ChangeWorkbook(report: comparison, language: language).parts(), to: folder.appendingPathComponent("change.xlsx"))
        return files.map(\.0) + ["change.xlsx"]
    }
}
