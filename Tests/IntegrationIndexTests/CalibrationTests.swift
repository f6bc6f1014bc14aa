import Foundation
import Testing
@testable import IntegrationIndex

/// Calibration checked by hand on a small case, by the invariances it must keep, and by the
/// errors bad margins get (R's agreement is in `RConformanceTests`, `Fixtures/r-calibration`).
@Suite struct CalibrationTests {
    // Six rows, each its own PSU: men (w 1, 1, 2; y 1, 2, 3) and women (w 1, 2, 1; y 4, 5, 6).
    static let sex = ["M", "M", "M", "F", "F", "F"]
    static let y: [Double] = [1, 2, 3, 4, 5, 6]
    static let weights: [Double] = [1, 1, 2, 1, 2, 1]

    static func variable(_ name: String, _ values: [String?]) -> CalibrationVariable {
        let levels = Array(Set(values.compactMap { $0 })).sorted()
        return CalibrationVariable(name: name, levels: levels, levelOfRow: values.map { value in value.map { Int32(levels.firstIndex(of: $0)!) } ?? CategoricalColumn.missing })
    }

    static func margin(_ name: String, _ cells: [String: Double]) -> PopulationMargin {
        let keys = cells.keys.sorted()
        return PopulationMargin(variables: [name], cells: keys.map { [$0] }, populations: keys.map { cells[$0]! }, source: name)
    }

    static func calibrate(
        _ method: CalibrationMethod, margins: [PopulationMargin], variables: [CalibrationVariable], weights: [Double] = weights,
        configure: (inout CalibrationSettings) -> Void = { _ in }
    ) throws -> (design: SurveyDesign, summary: CalibrationSummary) {
        var settings = CalibrationSettings(method: method, margins: margins)
        configure(&settings)
        let design = try SurveyDesign(rowCount: weights.count, weights: weights, strata: nil, clusters: [], fpc: [], nest: false, lonelyPSU: .fail)
        return try design.calibrated(settings, variables: Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0) }), known: "test variables")
    }

    static func whole(_ design: SurveyDesign, _ statistic: Statistic, _ values: [Double] = y) -> Estimate {
        Estimator(design: design).estimate([AnalysisVariable(name: "y", statistic: statistic, values: values)], by: [.whole(rows: values.count)])[0]
    }

    /// Men 8 and women 12 in the population: g is 8/4 for men and 12/4 for women, weights
    /// (2, 2, 4, 3, 6, 3), mean 78/20 = 3.9. Residuals are c·(y − the cell's design-weighted
    /// mean), (−2.5, −0.5, 3, −3, 0, 3) for the total and those /20 for the mean, so
    /// V(total) = 6/5·33.5 = 40.2 and V(mean) = 40.2/400.
    @Test func postStratificationByHand() throws {
        let (design, summary) = try Self.calibrate(.poststratify, margins: [Self.margin("sex", ["M": 8, "F": 12])], variables: [Self.variable("sex", Self.sex)])
        #expect(design.weights == [2, 2, 4, 3, 6, 3])
        let mean = Self.whole(design, .mean)
        #expect(abs(mean.estimate - 3.9) < 1e-12)
        #expect(abs(mean.standardError - (40.2 / 400).squareRoot()) < 1e-12)
        let total = Self.whole(design, .total)
        #expect(abs(total.estimate - 78) < 1e-12)
        #expect(abs(total.standardError - 40.2.squareRoot()) < 1e-12)
        #expect(summary.gRange == 2...3)
        #expect(summary.margins[0].cells.map(\.after) == [12, 8])
        #expect(summary.margins[0].cells.map(\.before) == [4, 4])
    }

    static let age = ["young", "old", "young", "old", "young", "old"]
    static let margins = [margin("sex", ["M": 8, "F": 12]), margin("age", ["young": 9, "old": 11])]
    static let variables = [variable("sex", sex), variable("age", age)]

    /// Raking and every regression method reach every margin; rake and raking give the same
    /// weights (their variances differ, as R's do).
    @Test(arguments: [CalibrationMethod.rake, .linear, .raking, .logit])
    func everyMarginIsMet(_ method: CalibrationMethod) throws {
        let (design, summary) = try Self.calibrate(method, margins: Self.margins, variables: Self.variables) { $0.bounds = method == .logit ? 0.2...5 : nil }
        for margin in summary.margins {
            for cell in margin.cells { #expect(abs(cell.after - cell.population) < 1e-8 * cell.population, "\(method) \(margin.name) \(cell.values)") }
        }
        #expect(abs(design.weights.reduce(0, +) - 20) < 1e-9)
        if method == .raking {
            let raked = try Self.calibrate(.rake, margins: Self.margins, variables: Self.variables).design
            for (a, b) in zip(design.weights, raked.weights) { #expect(abs(a - b) < 1e-8) }
        }
    }

    /// Calibrated weights, and so every estimate, do not depend on the scale of the design
    /// weights (the margins fix it).
    @Test(arguments: [CalibrationMethod.poststratify, .rake, .linear, .raking])
    func theScaleOfTheDesignWeightsDoesNotMatter(_ method: CalibrationMethod) throws {
        let margins = method == .poststratify ? [Self.margins[0]] : Self.margins
        let one = try Self.calibrate(method, margins: margins, variables: Self.variables).design
        let scaled = try Self.calibrate(method, margins: margins, variables: Self.variables, weights: Self.weights.map { $0 * 7.5 }).design
        for (a, b) in zip(one.weights, scaled.weights) { #expect(abs(a - b) < 1e-9) }
        let (m1, m2) = (Self.whole(one, .mean), Self.whole(scaled, .mean))
        #expect(abs(m1.estimate - m2.estimate) < 1e-12)
        #expect(abs(m1.standardError - m2.standardError) < 1e-12)
    }

    /// A variable the margins fix exactly has a total with no sampling error.
    @Test func aCalibratedTotalHasNoVariance() throws {
        let design = try Self.calibrate(.linear, margins: Self.margins, variables: Self.variables).design
        let men = Self.sex.map { $0 == "M" ? 1.0 : 0 }
        let total = Self.whole(design, .total, men)
        #expect(abs(total.estimate - 8) < 1e-9)
        #expect(total.standardError < 1e-9)
    }

    /// Trimming keeps g within its bounds where it cut, and the weights' sum.
    @Test func trimmingCutsAndSpreads() throws {
        let untrimmed = try Self.calibrate(.linear, margins: Self.margins, variables: Self.variables)
        let low = untrimmed.summary.gRange.lowerBound, high = untrimmed.summary.gRange.upperBound
        let bound = low + (high - low) * 0.8
        let (design, summary) = try Self.calibrate(.linear, margins: Self.margins, variables: Self.variables) { $0.trim = 0...bound }
        #expect(summary.trimmedCells >= 1)
        #expect(abs(design.weights.reduce(0, +) - untrimmed.design.weights.reduce(0, +)) < 1e-9)
        for row in 0..<6 where abs(untrimmed.design.weights[row] / Self.weights[row] - high) < 1e-12 {
            #expect(abs(design.weights[row] / Self.weights[row] - bound) < 1e-12)
        }
    }

    @Test(arguments: [
        // A cell with population but nobody in it.
        ([margin("sex", ["M": 8, "F": 10, "X": 2])], CalibrationMethod.poststratify, "margin sex: cell X has a population of 2 but no respondents"),
        // Respondents in a cell the margin leaves out.
        ([margin("sex", ["M": 8])], .poststratify, "margin sex: 3 respondent(s) are in cell F (row 4, row 5, row 6), which the margin does not list"),
        // Margins of different populations.
        ([margin("sex", ["M": 8, "F": 12]), margin("age", ["young": 9, "old": 12])], .rake,
         "margins do not sum to the same population: sex (sex) sums to 20, age (age) to 21"),
        // A variable that is not there.
        ([margin("region", ["N": 20])], .rake, "margin region: no variable \"region\" to calibrate on (test variables)"),
        // A cell with respondents but no population.
        ([margin("sex", ["M": 20, "F": 0])], .poststratify, "margin sex: cell F has 3 respondent(s) but a population of 0"),
    ])
    func badMarginsAreNamed(_ margins: [PopulationMargin], _ method: CalibrationMethod, _ message: String) throws {
        #expect { try Self.calibrate(method, margins: margins, variables: Self.variables) } throws: { error in
            (error as? CalibrationError)?.message.contains(message) == true
        }
    }

    @Test func aRespondentWithoutAValueIsNamed() throws {
        let sex: [String?] = ["M", nil, "M", "F", "F", "F"]
        #expect { try Self.calibrate(.poststratify, margins: [Self.margin("sex", ["M": 8, "F": 12])], variables: [Self.variable("sex", sex)]) } throws: { error in
            (error as? CalibrationError)?.message.contains("1 respondent(s) have no value of sex (row 2)") == true
        }
    }

    /// Too few sweeps, or bounds that the margins cannot live with, name the worst cell.
    @Test func nonConvergenceNamesTheWorstCell() throws {
        #expect { try Self.calibrate(.rake, margins: Self.margins, variables: Self.variables) { $0.maxIterations = 1 } } throws: { error in
            let message = (error as? CalibrationError)?.message ?? ""
            return message.contains("raking did not converge in 1 sweeps: the worst cell is sex = ") && message.contains("against a population of")
        }
        #expect { try Self.calibrate(.logit, margins: Self.margins, variables: Self.variables) { $0.bounds = 0.9...1.1 } } throws: { error in
            (error as? CalibrationError)?.message.contains("logit calibration cannot meet the margins within bounds [0.9, 1.1] in 100 iterations: the worst cell is") == true
        }
    }

    @Test func settingsThatCannotWork() throws {
        var settings = CalibrationSettings(method: .poststratify, margins: Self.margins)
        #expect(throws: CalibrationError.self) { try settings.check() }
        settings = CalibrationSettings(method: .logit, margins: Self.margins)
        #expect { try settings.check() } throws: { ($0 as? CalibrationError)?.message.contains("logit calibration needs bounds") == true }
        settings = CalibrationSettings(method: .rake, margins: Self.margins)
        settings.trim = 0.5...2
        #expect { try settings.check() } throws: { ($0 as? CalibrationError)?.message.contains("trimming applies to linear, raking and logit") == true }
    }

    /// A margin file's bad line is named with its line and column.
    @Test func marginFilesAreChecked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("integra-margins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func read(_ text: String) throws -> PopulationMargin {
            let url = folder.appendingPathComponent("m.csv")
            try Data(text.utf8).write(to: url)
            return try PopulationMargin.read(url)
        }
        let margin = try read("province,sex,population\nNorte,1,1200\nNorte,2,1300\n")
        #expect(margin.variables == ["province", "sex"])
        #expect(margin.cells == [["Norte", "1"], ["Norte", "2"]])
        #expect(margin.populations == [1200, 1300])
        #expect { try read("province,sex,population\nNorte,1,\"1,200\"\n") } throws: {
            ($0 as? CalibrationError)?.message.hasSuffix("m.csv line 2, column population: \"1,200\" is not a count ≥ 0 (write it without thousands separators)") == true
        }
        #expect { try read("province,sex,population\nNorte,1,12\nNorte,1,13\n") } throws: {
            ($0 as? CalibrationError)?.message.hasSuffix("m.csv line 3: cell Norte × 1 is also on line 2") == true
        }
        #expect { try read("province,sex,count\nNorte,1,12\n") } throws: {
            ($0 as? CalibrationError)?.message.contains("line 1: the last column must be \"population\"") == true
        }
        #expect { try read("province,sex,population\n,1,12\n") } throws: {
            ($0 as? CalibrationError)?.message.hasSuffix("m.csv line 2, column province: blank value (a margin cell needs every variable's value)") == true
        }
    }

    /// A study's respondent without a value of a margin's group stops the run, naming the line.
    @Test func aStudyRespondentWithoutAValueIsNamedByLine() throws {
        var study = try Study.load(from: fixture("tiny/study.json"))
        study.calibration = CalibrationSettings(
            method: .poststratify, margins: [PopulationMargin(variables: ["sex"], cells: [["Man"], ["2"]], populations: [30, 50], source: "sex.csv")])
        #expect { try StudyRun.execute(study: study, instrument: try study.loadInstrument().instrument) } throws: { error in
            (error as? CalibrationError)?.message == "margin sex.csv: 1 respondent(s) have no value of sex (line 7); calibration needs every respondent in a cell: impute the value or give the margin a cell for it"
        }
    }

    /// The study's section, with a margin named by labels and a file, as a user writes it.
    @Test func theStudySectionIsRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("integra-calibration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("sex,population\n1,30\n2,50\n".utf8).write(to: folder.appendingPathComponent("sex.csv"))
        var json = try String(contentsOf: fixture("tiny/study.json"), encoding: .utf8)
        json = json.replacingOccurrences(of: "\"data\": \"responses.csv\"", with: "\"data\": \"\(fixture("tiny/responses.csv").path)\"")
        json = json.replacingOccurrences(
            of: "\"groups\": [", with: "\"calibration\": {\"method\": \"logit\", \"bounds\": [0.5, 3], \"margins\": [{\"file\": \"sex.csv\"}]},\n  \"groups\": [")
        let url = folder.appendingPathComponent("study.json")
        try Data(json.utf8).write(to: url)
        let study = try Study.load(from: url)
        let settings = try #require(study.calibration)
        #expect(settings.method == .logit && settings.bounds == 0.5...3)
        #expect(settings.margins[0].variables == ["sex"] && settings.margins[0].populations == [30, 50])
        // A margin on something that is not a group is named at its JSON path.
        let wrong = json.replacingOccurrences(of: "{\"file\": \"sex.csv\"}", with: "{\"cells\": [{\"region\": \"N\", \"population\": 80}]}")
        try Data(wrong.utf8).write(to: url)
        #expect { try Study.load(from: url) } throws: { error in
            "\(error)".contains("$.calibration.margins[0]") && "\(error)".contains("names \"region\", which is not a group of the study (groups: sex)")
        }
    }
}
