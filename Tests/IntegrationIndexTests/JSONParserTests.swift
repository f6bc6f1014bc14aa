import Foundation
import PropertyBased
import Testing

@testable import IntegrationIndex

/// The study and instrument files are read by our own JSON parser: every JSON file of the
/// project reads as Foundation's JSONDecoder reads it, and broken text is refused with the
/// line and column of the problem.
@Suite struct JSONParserTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func decoded(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    @Test func everyJSONFileOfTheProjectReadsAsTheDecoderReadsIt() throws {
        var files: [URL] = []
        for folder in ["Fixtures", "Surveys", "Sources", "Docs"] {
            let enumerator = FileManager.default.enumerator(at: Self.root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "json" { files.append(url) }
            }
        }
        #expect(files.count >= 10)
        for url in files {
            let data = try Data(contentsOf: url)
            guard let expected = try? decoded(data) else { continue }
            #expect(try JSONParser.parse(data) == expected, "\(url.path)")
        }
    }

    @Test func valuesAsTheDecoderReadsThem() throws {
        let texts = [
            #"{"a": [1, -0, 2.5e-3, 1E400000000000000000000, 123456789012345678901234567890, 0.1], "b": {"c": null, "d": true, "e": false}}"#,
            #"["\u00f1and\u00FA", "\ud83d\ude00", "tab\tnew\nline \"q\" \\ \/", "ñ plain", ""]"#,
            "  \n\t 42 \r\n", #""top""#, "[]", "{}", "\u{FEFF}{\"bom\": 1}",
        ]
        for text in texts {
            let data = Data(text.utf8)
            if let expected = try? decoded(data) {
                #expect(try JSONParser.parse(data) == expected, "\(text)")
            } else {
                // What the decoder refuses (a number beyond a double), the parser refuses too.
                #expect(throws: JSONParser.Failure.self, "\(text)") { try JSONParser.parse(data) }
            }
        }
        #expect(try JSONParser.parse(Data(#"["\ud83d\ude00"]"#.utf8)) == .array([.string("😀")]))
    }

    /// Documents made of random values, written with random spacing, read back as they were.
    @Test func writtenValuesReadBack() async {
        let piece = Gen.element(of: ["0", "-1", "2.5", "1e3", "\"a\"", "\"ñ\\n\\u0041\"", "true", "false", "null", "[]", "{}"]).map { $0! }
        await propertyCheck(count: 300, input: piece.array(of: 1...12), Gen.int(in: 0...3)) { pieces, spacing in
            let space = String(repeating: " \n\t", count: spacing)
            let array = "[" + space + pieces.joined(separator: space + "," + space) + space + "]"
            let object = "{" + pieces.enumerated().map { "\"k\($0.offset)\"" + space + ":" + $0.element }.joined(separator: ",") + "}"
            for text in [array, object] {
                let data = Data(text.utf8)
                #expect((try? JSONParser.parse(data)) == (try? decoded(data)), "\(text)")
                #expect((try? JSONParser.parse(data)) != nil, "\(text)")
            }
        }
    }

    @Test func brokenTextIsRefusedWhereItBreaks() {
        let cases: [(String, Int, Int)] = [
            ("{\n  \"a\": tru\n}", 2, 8), ("{\"a\": 1,}", 1, 9), ("[1, 2", 1, 6), ("{\"a\" 1}", 1, 6), ("\"never closed", 1, 1),
            ("[\"a\u{01}\"]", 1, 4), ("[\"\\x\"]", 1, 4), ("[\"\\ud800\"]", 1, 9), ("[01]", 1, 2), ("[1.]", 1, 4), ("[.5]", 1, 2), ("[+1]", 1, 2),
            ("[NaN]", 1, 2), ("{} {}", 1, 4), ("", 1, 1), ("{\"ñandú\": x}", 1, 11), ("[1e999]", 1, 2), ("{\"a\": 1,\n \"a\": 2}", 2, 2),
        ]
        for (text, line, column) in cases {
            do {
                _ = try JSONParser.parse(Data(text.utf8))
                Issue.record("\(text.debugDescription) was read")
            } catch {
                #expect(error.line == line && error.column == column, "\(text.debugDescription): \(error.description)")
            }
        }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data(String(repeating: "[", count: 600).utf8)) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data([0x22, 0xC3, 0x28, 0x22])) }
    }

    @Test func aStudyFileThatIsNotJSONNamesTheFileLineAndColumn() {
        #expect(throws: ConfigurationError(file: "study.json", path: "$", message: "not valid JSON: expected ',' or '}' in an object at line 2, column 3")) {
            try JSONValue.parse(Data("{\"a\": 1\n  \"b\": 2}".utf8), source: "study.json")
        }
    }
}
