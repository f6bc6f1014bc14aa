import Foundation
import Testing

/// Each design that cannot be estimated stops `integra estimate` with a message naming the
/// column, stratum or PSU at fault, and the exit code of bad data (65) or bad usage (64).
@Suite struct EstimateErrorTests {
    static func run(_ csv: String, _ arguments: [String]) throws -> CommandResult {
        let folder = try temporaryFolder()
        try Data(csv.utf8).write(to: folder.appendingPathComponent("data.csv"))
        return try integra(["estimate", "data.csv"] + arguments, in: folder)
    }

    static let good = "s,p,w,f,y,rep1,rep2\nA,1,1,10,3,2,0\nA,2,1,10,4,0,2\nB,3,2,10,5,4,0\nB,4,2,10,6,0,4\n"

    @Test(arguments: [
        // A design column that is not in the file.
        (good, ["--weight", "w", "--strata", "stratum", "--mean", "y"], 65, "data.csv:1: column \"stratum\": this column is needed but is not in the header"),
        // Weights: missing, not a number, negative, zero everywhere.
        ("w,y\n1,3\n,4\n", ["--weight", "w", "--mean", "y"], 65, "data.csv:3: missing weight in column \"w\""),
        ("w,y\n1,3\nabc,4\n", ["--weight", "w", "--mean", "y"], 65, "data.csv:3: unusable weight \"abc\" in column \"w\""),
        ("w,y\n1,3\n-1,4\n", ["--weight", "w", "--mean", "y"], 65, "data.csv:3: unusable weight \"-1\" in column \"w\""),
        ("w,y\n0,3\n0,4\n", ["--weight", "w", "--mean", "y"], 65, "weight column \"w\" is zero for every row"),
        // A PSU id in two strata without --nest.
        ("s,p,y\nA,1,3\nA,2,4\nB,1,5\nB,3,6\n", ["--strata", "s", "--psu", "p", "--mean", "y"], 65,
         "clusters not nested in strata: PSU (p) \"1\" is in stratum (s) \"A\" and \"B\""),
        // A lonely PSU under the default policy.
        ("s,p,y\nA,1,3\nA,2,4\nB,3,5\n", ["--strata", "s", "--psu", "p", "--mean", "y"], 65, "stratum (s) \"B\" has only one PSU"),
        // fpc varying within a stratum, or below the number of sampled PSUs.
        ("s,p,f,y\nA,1,10,3\nA,2,11,4\n", ["--strata", "s", "--psu", "p", "--fpc", "f", "--mean", "y"], 65, "fpc (f) varies within stratum (s) \"A\": 10 and 11"),
        ("s,p,f,y\nA,1,1.5,3\nA,2,1.5,4\n", ["--strata", "s", "--psu", "p", "--fpc", "f", "--mean", "y"], 65,
         "fpc (f) in stratum (s) \"A\" is 1.5, smaller than the 2 sampled PSUs"),
        // Replicate weights absent or not numeric.
        (good, ["--weight", "w", "--replicate-weights", "bs", "--replicate-type", "bootstrap", "--mean", "y"], 65,
         "column \"bs1\": replicate weight columns are needed (named \"bs\" and a number) but the header has 0"),
        ("w,y,rep1,rep2\n1,3,2,0\n1,4,x,2\n", ["--weight", "w", "--replicate-weights", "rep", "--replicate-type", "JK1", "--mean", "y"], 65,
         "data.csv:3: unusable replicate weight \"x\" in column \"rep1\""),
        // Usage errors.
        (good, ["--weight", "w", "--mean", "y", "--lonely-psu", "sometimes"], 64, "--lonely-psu must be one of fail, remove, certainty, adjust, average"),
        (good, ["--weight", "w", "--replicate-weights", "rep", "--replicate-type", "Fay", "--mean", "y"], 64, "--replicate-type Fay needs --fay-rho"),
        (good, ["--weight", "w", "--strata", "s", "--replicate-weights", "rep", "--replicate-type", "JK1", "--mean", "y"], 64,
         "replicate weights carry the design"),
        (good, ["--weight", "w", "--mean", "y", "--compare", "s=A,p=1"], 64, "write COL=A,COL=B with the same column on both sides"),
        (good, ["--weight", "w", "--mean", "y", "--compare", "s=A,s=C"], 65, "column \"s\" has no group \"C\""),
    ] as [(String, [String], Int32, String)])
    func errorNamesWhatIsAtFault(csv: String, arguments: [String], status: Int32, message: String) throws {
        let result = try Self.run(csv, arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// A pipe is refused before anything is read: the file is read more than once, and a
    /// pipe would lose the rows of the first reading.
    @Test func aPipeIsRefusedWithTheReason() throws {
        let folder = try temporaryFolder()
        #expect(mkfifo(folder.appendingPathComponent("data.csv").path, 0o600) == 0)
        let result = try integra(["estimate", "data.csv", "--mean", "y"], in: folder)
        #expect(result.status != 0)
        #expect(result.stderr.contains("data.csv: not a regular file (a pipe or a device)"), "\(result.stderr)")
    }

    @Test func nestReadsPSUIdsWithinStrata() throws {
        // PSU 1 and 2 exist in both strata: with --nest they are four PSUs, as if renamed.
        let nested = try Self.run("s,p,y\nA,1,3\nA,2,4\nB,1,5\nB,2,6\nA,1,2\nB,2,9\n", ["--strata", "s", "--psu", "p", "--nest", "--mean", "y"])
        let renamed = try Self.run("s,p,y\nA,A1,3\nA,A2,4\nB,B1,5\nB,B2,6\nA,A1,2\nB,B2,9\n", ["--strata", "s", "--psu", "p", "--mean", "y"])
        #expect(nested.status == 0 && renamed.status == 0)
        #expect(nested.stdout == renamed.stdout)
        #expect(records(nested.stdout).first?["df"] == "2")
    }

    @Test func missingByValueIsItsOwnGroup() throws {
        let result = try Self.run("g,y\na,1\n,2\na,3\nb,4\n", ["--mean", "y", "--by", "g"])
        #expect(result.status == 0)
        let rows = records(result.stdout)
        #expect(rows.map { $0["g"]! } == ["a", "", "b"])
        #expect(rows.map { $0["n"]! } == ["2", "1", "1"])
    }

    @Test(arguments: ["table", "json"])
    func otherFormatsCarryTheSameNumbers(format: String) throws {
        let result = try Self.run(Self.good, ["--weight", "w", "--mean", "y", "--format", format])
        #expect(result.status == 0)
        // (3 + 4 + 2·5 + 2·6) / 6, in full or, for people, to six significant digits.
        #expect(result.stdout.contains(format == "table" ? "4.83333 " : "4.833333333333333"))
        if format == "json" {
            let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
            #expect(parsed?.first?["statistic"] as? String == "mean")
        }
    }

    /// Calibration flags: usage mistakes are 64; margins that do not fit the data are 65, with
    /// the margin file, cell and line named.
    @Test(arguments: [
        (["--calibrate", "rake", "--mean", "y"], Int32(64), "--calibrate needs at least one --margins file"),
        (["--calibrate", "ipf", "--margins", "s.csv", "--mean", "y"], 64, "--calibrate must be one of poststratify, rake, linear, raking, logit"),
        (["--margins", "s.csv", "--mean", "y"], 64, "need --calibrate"),
        (["--calibrate", "logit", "--margins", "s.csv", "--mean", "y"], 65, "logit calibration needs bounds"),
        (["--calibrate", "linear", "--bounds", "2,1", "--margins", "s.csv", "--mean", "y"], 64, "--bounds \"2,1\": write LOW,HIGH with LOW < HIGH"),
        (["--calibrate", "poststratify", "--margins", "s3.csv", "--mean", "y"], 65, "s3.csv: cell C has a population of 5 but no respondents"),
        (["--calibrate", "poststratify", "--margins", "sA.csv", "--mean", "y"], 65, "sA.csv: 2 respondent(s) are in cell B (line 4, line 5), which the margin does not list"),
        (["--calibrate", "rake", "--margins", "s.csv", "--margins", "p.csv", "--mean", "y"], 65, "margins do not sum to the same population"),
        (["--calibrate", "poststratify", "--margins", "bad.csv", "--mean", "y"], 65, "bad.csv line 3, column population: \"many\" is not a count"),
    ] as [([String], Int32, String)])
    func calibrationErrorsNameWhatIsAtFault(arguments: [String], status: Int32, message: String) throws {
        let folder = try temporaryFolder()
        try Data(Self.good.utf8).write(to: folder.appendingPathComponent("data.csv"))
        let margins = [
            "s.csv": "s,population\nA,10\nB,20\n", "s3.csv": "s,population\nA,10\nB,20\nC,5\n", "sA.csv": "s,population\nA,10\n",
            "p.csv": "p,population\n1,5\n2,5\n3,5\n4,5\n", "bad.csv": "s,population\nA,10\nB,many\n",
        ]
        for (name, text) in margins { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let result = try integra(["estimate", "data.csv", "--weight", "w"] + arguments, in: folder)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
