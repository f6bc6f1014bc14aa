import Foundation
import Testing

@testable import IntegrationIndex

/// An XLSForm workbook written from rows of text, for forms small enough to read in a test.
func makeForm(at url: URL, survey: [[String]], choices: [[String]] = [], settings: [[String]] = []) throws {
    func sheet(_ rows: [[String]]) -> String {
        rows.enumerated().map { r, cells in
            "<row r=\"\(r + 1)\">" + cells.enumerated().map { c, text in
                text.isEmpty ? "" : "<c r=\"\(String(UnicodeScalar(65 + c)!))\(r + 1)\" t=\"inlineStr\"><is><t>\(text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</t></is></c>"
            }.joined() + "</row>"
        }.joined()
    }
    var sheets = [("survey", sheet(survey))]
    if !choices.isEmpty { sheets.append(("choices", sheet(choices))) }
    if !settings.isEmpty { sheets.append(("settings", sheet(settings))) }
    try makeWorkbook(at: url, sheets: sheets)
}

@Suite struct XLSFormTests {
    static let valdoria = fixture("forms/valdoria/formulario.xlsx")

    @Test func theValdoriaFormDefinesTheSevenDimensionScoring() throws {
        let form = try XLSForm.load(from: Self.valdoria)
        #expect(form.languages.map(\.code) == ["es", "en"])
        #expect(form.reportLanguage == .es)
        let instrument = try form.instrument()
        #expect(instrument.name == "valdoria_integracion" && instrument.version == "2026.03")
        #expect(instrument.dimensions.map(\.key) == BuiltInInstrument.named("integration-index-7")!.instrument.dimensions.map(\.key))
        #expect(instrument.items.count == 26)
        let connected = try #require(instrument.item(column: "p01_conexion"))
        #expect(connected.labels.es == "¿Qué tan conectado/a se siente con Valdoria?")
        #expect(connected.labels.en == "How connected do you feel to the country?")
        #expect(connected.nonAnswers.map(\.code) == ["98", "99"], "conventional non-answer codes")
        let expense = try #require(instrument.item(column: "p07_imprevisto"))
        #expect(expense.codes.map(\.code) == ["2", "1"], "integra::order")
        let customs = try #require(instrument.item(column: "p10_costumbres"))
        #expect(customs.nonAnswers.map(\.rule) == [.score(0), .missing], "integra::nonanswer 98=lowest 99")
        let satisfaction = try #require(instrument.item(column: "p08_satisfaccion"))
        #expect(satisfaction.routing?.column == "p05_empleo")
        let skipped = try #require(satisfaction.routing?.skippedWhen)
        #expect(Set(skipped).isSuperset(of: ["1", "2"]) && !skipped.contains("3"))
        let read = try #require(instrument.item(column: "p16_leer"))
        #expect(read.routing?.column == "lengua_materna" && read.routing?.score == 1)
        #expect(read.routing?.skippedWhen == ["1", "Sí", "Yes"])
        guard case .bins(let bounds, let relativeTo, _) = try #require(instrument.item(column: "p06_ingreso")).scale else {
            Issue.record("p06_ingreso is not binned")
            return
        }
        #expect(bounds == [0, 0.5, 0.8, 1.2, 2.0] && relativeTo == "median_income")
        guard case .scores(_, let scores) = try #require(instrument.item(column: "p05_empleo")).scale else {
            Issue.record("p05_empleo has no score table")
            return
        }
        #expect(scores == [0, 0.5, 1])
    }

    /// A form without integra:: columns takes the built-in's scoring, item by item, under its
    /// own question names.
    @Test func aFormWithoutIntegraColumnsIsMatchedToTheBuiltIn() throws {
        let instrument = try XLSForm.load(from: fixture("forms/matched/formulario.xlsx")).instrument()
        let builtIn = BuiltInInstrument.named("integration-index-7")!.instrument
        #expect(instrument.items.count == builtIn.items.count)
        #expect(instrument.source.contains("scored as the built-in integration-index-7"))
        for (mine, theirs) in zip(instrument.items, builtIn.items) {
            #expect(mine.column != theirs.column)
            #expect(mine.codes.map(\.code) == theirs.codes.map(\.code), "\(mine.column)")
            #expect(mine.nonAnswers.map(\.code) == theirs.nonAnswers.map(\.code) && mine.nonAnswers.map(\.rule) == theirs.nonAnswers.map(\.rule), "\(mine.column)")
            #expect(mine.isNumeric == theirs.isNumeric && mine.selectMultiple == theirs.selectMultiple)
            #expect(mine.routing?.score == theirs.routing?.score)
            if let routing = theirs.routing {
                let skipped = Set(mine.routing?.skippedWhen ?? [])
                #expect(skipped.isSuperset(of: routing.skippedWhen.filter { Int($0) != nil }), "\(mine.column)")
            }
            if case .ordinal(_, let a) = mine.scale, case .ordinal(_, let b) = theirs.scale { #expect(a == b, "\(mine.column) reversed") }
        }
    }

    @Test(arguments: [
        ("${q} = '1'", ["2", "3"]),
        ("${q} != '1' and ${q} != '2'", ["1", "2"]),
        ("selected(${q}, '1') or ${q} = \"3\"", ["2"]),
        ("not(${q} = '2')", ["2"]),
        ("(${q} = '1' or ${q} = '2') and ${q} != '1'", ["1", "3"]),
    ])
    func relevantConditionsBecomeTheSkippedAnswers(relevant: String, skipped: [String]) throws {
        let expression = try RelevantExpression.parse(relevant)
        #expect(expression.questions == ["q"])
        #expect(["1", "2", "3"].filter { !expression.isTrue(when: $0) } == skipped)
    }

    @Test(arguments: ["${q} > 3", "${q} = '1' and", "${q} = ${r}", "q = '1'"])
    func otherConditionsAreRefused(relevant: String) {
        #expect(throws: RelevantExpression.ParseError.self) { try RelevantExpression.parse(relevant) }
    }

    static let header = ["type", "name", "label::Español (es)", "label::English (en)", "relevant", "integra::dimension", "integra::scale", "integra::order"]
    static let choices = [["list_name", "name", "label::Español (es)", "label::English (en)"], ["sn", "1", "Sí", "Yes"], ["sn", "2", "No", "No"], ["sn", "98", "No sabe", "Don't know"]]

    /// Every error names the file, the sheet, the row and the column, and says what to change.
    @Test(arguments: [
        ([["select_one sn", "a", "A", "A", "", "d", "bogus", ""]], "sheet \"survey\", row 2, column \"integra::scale\": unknown scale \"bogus\""),
        ([["select_one nope", "a", "A", "A", "", "d", "", ""]], "sheet \"survey\", row 2, column \"type\": choice list \"nope\" is not in the choices sheet"),
        ([["select_one sn", "a", "A", "A", "", "d", "", "2 3"]], "sheet \"survey\", row 2, column \"integra::order\": \"3\" is not a choice of list \"sn\""),
        ([["select_one sn", "a", "A", "A", "", "d", "", "2"]], "column \"integra::order\": choice \"1\" is neither in the order nor a non-answer"),
        ([["text", "t", "T", "T", "", "d", "", ""]], "row 2, column \"integra::scale\": a question of type text has no scale to score"),
        ([["select_one sn", "a", "A", "A", "", "", "", ""], ["select_one sn", "b", "B", "B", "${a} > '1'", "d", "", ""]], "sheet \"survey\", row 3, column \"relevant\": \"${a} > '1'\" cannot be read as routing"),
        ([["integer", "n", "N", "N", "", "", "", ""], ["select_one sn", "b", "B", "B", "${n} = '1'", "d", "", ""]], "row 3, column \"relevant\": \"${n} = '1'\" refers to ${n}, a question of type integer"),
        ([["select_one sn", "a", "A", "A", "", "d", "", ""], ["select_one sn", "a", "B", "B", "", "d", "", ""]], "sheet \"survey\", row 3, column \"name\": the name \"a\" is used twice (first on row 2)"),
        ([["integer", "n", "N", "N", "", "d", "", ""]], "row 2, column \"integra::bins\": a bins item needs the bins' ascending lower bounds"),
    ])
    func formErrorsNameTheirPlace(rows: [[String]], message: String) throws {
        let url = try temporaryFolder().appendingPathComponent("form.xlsx")
        try makeForm(at: url, survey: [Self.header] + rows, choices: Self.choices)
        let error = #expect(throws: ConfigurationError.self) { try XLSForm.load(from: url).instrument() }
        #expect(error?.description.hasPrefix(url.path + ": ") == true)
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }

    @Test func aWorkbookWithoutASurveySheetIsNoForm() throws {
        let url = try temporaryFolder().appendingPathComponent("form.xlsx")
        try makeWorkbook(at: url, sheets: [("Hoja1", "")])
        let error = #expect(throws: ConfigurationError.self) { try XLSForm.load(from: url) }
        #expect(error?.description.contains("an XLSForm needs a \"survey\" sheet (this workbook has \"Hoja1\")") == true)
    }

    @Test func aSmallFormScoresAsDeclared() throws {
        let url = try temporaryFolder().appendingPathComponent("form.xlsx")
        try makeForm(
            at: url,
            survey: [
                ["type", "name", "label", "integra::dimension", "integra::reversed", "integra::nonanswer", "integra::in_index", "integra::dimension_label::English (en)"],
                ["begin_group", "g", "Grupo", "", "", "", "", ""],
                ["select_one sn", "a", "A", "uno", "yes", "98=middle", "", "One"],
                ["select_multiple sn", "m", "M", "dos", "", "none", "no", ""],
                ["end_group", "", "", "", "", "", "", ""],
            ],
            choices: Self.choices + [],
            settings: [["form_id", "version"], ["mini", "3"]])
        var form = try XLSForm.load(from: url)
        #expect(form.questions.map(\.groups) == [["g"], ["g"]])
        form.questions[1].integra["bins"] = "0 1 2"
        let instrument = try form.instrument()
        #expect(instrument.name == "mini" && instrument.version == "3")
        let a = instrument.items[0]
        guard case .ordinal(let codes, let reversed) = a.scale else { throw ConfigurationError(file: "", path: "", message: "not ordinal") }
        #expect(codes.map(\.code) == ["1", "2"] && reversed)
        #expect(a.nonAnswers.map(\.rule) == [.score(0.5)])
        #expect(instrument.dimensions[0].labels.en == "One")
        #expect(instrument.items[1].selectMultiple && instrument.items[1].nonAnswers.isEmpty)
        #expect(!instrument.dimensions[1].inIndex)
    }
}
