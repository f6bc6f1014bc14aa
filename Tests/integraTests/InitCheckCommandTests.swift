import Foundation
import Testing

/// The path a country office takes: `integra init` on its export and form, `integra check`,
/// `integra run`, with no file edited by hand.
@Suite struct InitCheckCommandTests {
    /// The Valdoria form (its own question names, Spanish and English labels, integra::
    /// columns) and its KoboToolbox label export give the clean file's scores.
    @Test func formAndLabelExportGoThroughInitCheckAndRunToTheCleanFilesScores() throws {
        let folder = try temporaryFolder()
        let study = folder.appendingPathComponent("estudio")
        let drafted = try integra([
            "init", "Fixtures/forms/valdoria/export-etiquetas.csv", "--form", "Fixtures/forms/valdoria/formulario.xlsx", "--output", study.path,
        ])
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(drafted.stdout.isEmpty)
        for line in [
            "id: _uuid, the platform's submission id", "weight: factor_expansion", "psu: Datos generales/Segmento censal",
            "strata: Datos generales/Provincia", "fpc: segmentos_provincia", "parameter median_income: 420000, from the form's settings",
            "headline: share answering \"Sí\" to p24_migrar_12m", "group sex: Datos generales/Sexo, 3 values labelled by the form",
        ] {
            #expect(drafted.stderr.contains(line), "\(line)\n\(drafted.stderr)")
        }
        let instrument = try String(contentsOf: study.appendingPathComponent("instrument.json"), encoding: .utf8)
        #expect(instrument.contains("\"column\": \"p01_conexion\""))

        let checked = try integra(["check", study.appendingPathComponent("study.json").path])
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(checked.stdout.contains("81 read = 80 accepted + 1 quarantined"))
        #expect(checked.stdout.contains("TODO $.design: strata were recognised from the data"))
        #expect(checked.stdout.contains("integra run would succeed."))

        let output = folder.appendingPathComponent("out")
        let ran = try integra(["run", study.appendingPathComponent("study.json").path, "--output", output.path])
        #expect(ran.status == 0, "\(ran.stderr)")
        let clean = folder.appendingPathComponent("clean")
        #expect(try integra(["run", "Fixtures/formats/clean/study.json", "--output", clean.path]).status == 0)
        let mine = records(try String(contentsOf: output.appendingPathComponent("respondents.csv"), encoding: .utf8))
        let theirs = records(try String(contentsOf: clean.appendingPathComponent("respondents.csv"), encoding: .utf8))
        #expect(mine.count == 80 && theirs.count == 80)
        let scores = ["psychosocial", "economic", "cultural", "political", "linguistic", "navigational", "migration_intentions", "overall"]
        for (a, b) in zip(mine, theirs) {
            for key in scores { #expect(a[key] == b[key], "\(a["_uuid"] ?? "") \(key)") }
        }
        // The same design and scores give the same population estimates and standard errors.
        let population = { (rows: [[String: String]]) in rows.filter { $0["group_variable"] == "" && scores.contains($0["indicator"] ?? "") } }
        let estimatesMine = population(records(try String(contentsOf: output.appendingPathComponent("estimates.csv"), encoding: .utf8)))
        let estimatesTheirs = population(records(try String(contentsOf: clean.appendingPathComponent("estimates.csv"), encoding: .utf8)))
        #expect(estimatesMine.count == scores.count)
        for (a, b) in zip(estimatesMine, estimatesTheirs) {
            #expect(a["estimate"] == b["estimate"] && a["se"] == b["se"] && a["df"] == b["df"], "\(a["indicator"] ?? "")")
        }
    }

    /// `init` drafts a study that runs as it is on the demo and on every export format.
    @Test(arguments: [
        "demo/responses.csv", "formats/kobo-xml/responses.csv", "formats/kobo-labels-es/responses.csv", "formats/odk/responses.csv",
        "formats/spreadsheet-1252/responses.csv", "formats/excel/responses.xlsx", "formats/spss/responses.sav", "formats/stata/responses.dta",
    ])
    func initDraftsAStudyThatRunsAsItIs(data: String) throws {
        let folder = try temporaryFolder()
        let drafted = try integra(["init", "Fixtures/" + data, "--output", folder.path])
        #expect(drafted.status == 0, "\(drafted.stderr)")
        #expect(drafted.stderr.contains("instrument: the built-in integration-index-7, 26 of its 26 questions found in the file"))
        let checked = try integra(["check", "study.json"], in: folder)
        #expect(checked.status == 0, "\(checked.stdout)")
        let ran = try integra(["run", "study.json", "--output", "out"], in: folder)
        #expect(ran.status == 0, "\(ran.stderr)")
        let study = try String(contentsOf: folder.appendingPathComponent("study.json"), encoding: .utf8)
        #expect(study.contains("\"strata\"") && study.contains("\"psu\"") && study.contains("\"fpc\"") && study.contains("\"weight\""))
        #expect(study.contains("\"key\": \"sex_nationality\""))
    }

    @Test func labelledFilesGiveTheirValueLabelsToGroups() throws {
        let folder = try temporaryFolder()
        #expect(try integra(["init", "Fixtures/formats/spss/responses.sav", "--output", folder.path]).status == 0)
        let study = try String(contentsOf: folder.appendingPathComponent("study.json"), encoding: .utf8)
        #expect(study.contains("\"value\": \"2\",\n          \"labels\": \"Mujer\""), "\(study)")
    }

    @Test func initKeepsAStudyThatIsThere() throws {
        let folder = try temporaryFolder()
        #expect(try integra(["init", "Fixtures/formats/clean/responses.csv", "--output", folder.path]).status == 0)
        let again = try integra(["init", "Fixtures/formats/clean/responses.csv", "--output", folder.path])
        #expect(again.status == 73)
        #expect(again.stderr.contains("study.json: cannot write: it exists already: review it, or give --force"))
        #expect(try integra(["init", "Fixtures/formats/clean/responses.csv", "--output", folder.path, "--force"]).status == 0)
    }

    @Test func initErrorsNameTheFormsPlace() throws {
        let folder = try temporaryFolder()
        let result = try integra(["init", "Fixtures/formats/clean/responses.csv", "--form", "Fixtures/formats/excel/responses.xlsx", "--output", folder.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("responses.xlsx: sheet \"survey\": an XLSForm needs a \"survey\" sheet (this workbook has \"respuestas\", \"notas\")"))
        let unmatched = try integra(["init", "Fixtures/r-survey/apistrat.csv", "--output", folder.path])
        #expect(unmatched.status == 78)
        #expect(unmatched.stderr.contains("apistrat.csv: header: the columns match no built-in instrument"))
    }

    /// `check` lists every problem at once and exits as the run would.
    @Test func checkListsEveryProblemAndExitsAsTheRunWould() throws {
        let missing = try integra(["check", "Fixtures/broken/missing-column/study.json"])
        #expect(missing.status == 65)
        #expect(missing.stdout.contains("missing column ipl_job"))
        #expect(missing.stdout.contains("integra run would fail"))

        let folder = try temporaryFolder()
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Fixtures/formats/clean"), to: folder.appendingPathComponent("clean"))
        let studyURL = folder.appendingPathComponent("clean/study.json")
        // Every Sierra Alta respondent in one PSU, and a Capital PSU numbered as one of Puerto Azul's.
        var data = try String(contentsOf: folder.appendingPathComponent("clean/responses.csv"), encoding: .utf8)
        data = data.replacingOccurrences(of: ",sierra_alta-[0-9]+,", with: ",sierra_alta-1,", options: .regularExpression)
            .replacingOccurrences(of: ",capital-1,", with: ",puerto_azul-1,")
        try Data(data.utf8).write(to: folder.appendingPathComponent("clean/responses.csv"))
        let checked = try integra(["check", studyURL.path])
        #expect(checked.status == 65, "\(checked.stdout)")
        #expect(checked.stdout.contains("design: province \"sierra_alta\" has a single PSU (sierra_alta-1)"), "\(checked.stdout)")
        #expect(checked.stdout.contains("design: segment \"puerto_azul-1\" is in 2 strata (capital, puerto_azul): set \"nest\": true"))
        #expect(!checked.stdout.contains("integra run would succeed"))
        let ran = try integra(["run", studyURL.path, "--output", folder.appendingPathComponent("out").path])
        #expect(ran.status == 65, "check and run agree")
    }

    @Test func checkCountsUnknownAnswersAndSmallGroups() throws {
        let checked = try integra(["check", "Fixtures/demo/study.json"])
        #expect(checked.status == 0)
        #expect(checked.stdout.contains("q_keep_culture: 1 unknown-code"))
        #expect(checked.stdout.contains("3000 read = 2990 accepted + 10 quarantined"))
        #expect(checked.stdout.contains("group sex_nationality: suppressed (F, n < 10)"))
    }

    /// A study may name the form itself as its instrument; from-xlsform writes the same instrument.
    @Test func aStudyMayNameItsFormAndFromXLSFormWritesItsInstrument() throws {
        let folder = try temporaryFolder()
        let written = try integra(["instrument", "from-xlsform", "Fixtures/forms/valdoria/formulario.xlsx", "--output", folder.appendingPathComponent("i.json").path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("valdoria_integracion 2026.03: 7 dimensions, 26 items"))
        #expect(try integra(["init", "Fixtures/forms/valdoria/export-etiquetas.csv", "--form", "Fixtures/forms/valdoria/formulario.xlsx", "--output", folder.path]).status == 0)
        let fromForm = try String(contentsOf: folder.appendingPathComponent("instrument.json"), encoding: .utf8)
        #expect(try String(contentsOf: folder.appendingPathComponent("i.json"), encoding: .utf8) == fromForm)
        let studyURL = folder.appendingPathComponent("study.json")
        let study = try String(contentsOf: studyURL, encoding: .utf8).replacingOccurrences(
            of: "\"instrument\": \"instrument.json\"", with: "\"instrument\": \"\(repositoryRoot.path)/Fixtures/forms/valdoria/formulario.xlsx\"")
        try Data(study.utf8).write(to: studyURL)
        let ran = try integra(["run", studyURL.path, "--output", folder.appendingPathComponent("out").path])
        #expect(ran.status == 0, "\(ran.stderr)")
        let runs = try integra(["runs", "--store", folder.appendingPathComponent("out/integra.sqlite").path])
        #expect(runs.stdout.contains("valdoria_integracion"))
    }
}
