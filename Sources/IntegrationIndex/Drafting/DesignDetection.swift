/// Finds a file's respondent id and sampling design columns the way a survey statistician
/// would look for them: by their names, then by how their values behave (an id differs on
/// every row; PSUs repeat and each lies in one stratum; an fpc is constant within a stratum
/// and at least its number of PSUs). Every choice carries the reason, and what it could not
/// settle is a to-do for the user.
struct DesignDetection {
    var id: String?
    /// The platform's own id (`_uuid`, `KEY`): the study need not name it.
    var idIsPlatformDefault = false
    var weight: String?
    var strata: String?
    var psu: String?
    var fpc: String?
    var nest = false
    var lonelyPSU = LonelyPSUPolicy.fail
    var notes: [String] = []
    var todos: [(path: String, text: String)] = []

    static let psuPattern = "psu|upm|segment|conglomerad|cluster|aglomerad|manzana|sector|village|aldea|localidad|\\bea\\b|area de empadronamiento"
    static let strataPattern = "strat|estrato"
    static let fpcPattern = "fpc|poblacion|population|total|tamano|size|\\bn_|segmentos|universo"

    init(_ data: DataColumns, excluding used: Set<String>) {
        // The id: the platform's; else a column named like an id with (nearly) every value
        // different; else any filled column with every value different.
        let idPattern = "\\bid\\b|_id$|^id_|uuid|\\bkey\\b|folio|identif|respondent|cuestionario|boleta"
        let platform = ColumnMatcher.defaultIDColumns.first { name in data.column(name).map { $0.filled > 0 } ?? false }
        let named = data.columns.first { column in
            column.described(by: idPattern) && column.filled * 20 >= data.rows * 19 && column.values.levels.count * 20 >= column.filled * 19
        }
        let unique = data.columns.first { $0.filled == data.rows && $0.values.levels.count == data.rows }
        if let chosen = (platform.flatMap { data.column($0) }) ?? named ?? unique {
            id = chosen.header
            idIsPlatformDefault = chosen.header == platform
            let repeats = chosen.filled - chosen.values.levels.count
            let blank = data.rows - chosen.filled
            let problems = [repeats > 0 ? "\(repeats) repeated" : nil, blank > 0 ? "\(blank) blank" : nil].compactMap { $0 }
            let how = idIsPlatformDefault ? "the platform's submission id" : chosen.header == named?.header ? "named like an id" : "filled and different on every row"
            notes.append("id: \(chosen.header), \(how)" + (problems.isEmpty ? "" : "; \(problems.joined(separator: " and ")): those rows will be quarantined"))
        } else {
            todos.append(("$.id", "no column has a value on every row, different on each: name the respondent id column"))
        }
        let candidates = data.columns.filter { !used.contains($0.header) && $0.header != id }
        if let name = data.inspection.likelyWeightColumns.first(where: { !used.contains($0) }) {
            weight = name
            notes.append("weight: \(name), positive numbers, named like a weight")
        } else {
            todos.append(("$.design", "no weight column found by name: every respondent weighs 1. Name it in \"weight\" if the survey has one"))
        }
        // PSUs: named like clusters, repeated, not a constant; the one with most values.
        let psus = candidates.filter { column in
            column.header != weight && column.described(by: Self.psuPattern) && column.values.levels.count > 1 && column.values.levels.count < data.rows
                && column.filled == data.rows
        }
        if let chosen = psus.max(by: { $0.values.levels.count < $1.values.levels.count }) {
            psu = chosen.header
            notes.append("psu: \(chosen.header), \(chosen.values.levels.count) clusters, named like one")
        } else {
            todos.append(("$.design", "no cluster (PSU) column found by name: each respondent is taken as its own PSU. Name it in \"psu\" if the sample was clustered"))
        }
        let psuColumn = psu.flatMap { data.column($0) }
        // Strata: named so, else the column with most values that every PSU lies within.
        let strataCandidates = candidates.filter { $0.header != psu && $0.header != weight && $0.filled == data.rows && $0.values.levels.count >= 2 }
        func nests(_ column: DataColumns.Column) -> Bool {
            guard let psuColumn else { return false }
            var stratumOfPSU = [Int32](repeating: -2, count: psuColumn.values.levels.count)
            for row in 0..<data.rows {
                let p = Int(psuColumn.values.codes[row])
                let s = column.values.codes[row]
                if stratumOfPSU[p] == -2 { stratumOfPSU[p] = s } else if stratumOfPSU[p] != s { return false }
            }
            return true
        }
        if let named = strataCandidates.first(where: { $0.described(by: Self.strataPattern) }) {
            strata = named.header
            notes.append("strata: \(named.header), named so")
        } else if let psuColumn,
            // Text columns (a province's name) before numbers (an fpc nests PSUs too), most values first.
            let nesting = strataCandidates.filter({ $0.values.levels.count <= max(2, psuColumn.values.levels.count / 2) && nests($0) })
                .min(by: { ($0.isNumeric ? 1 : 0, -$0.values.levels.count) < ($1.isNumeric ? 1 : 0, -$1.values.levels.count) })
        {
            strata = nesting.header
            notes.append("strata: \(nesting.header), \(nesting.values.levels.count) values, each \(psuColumn.header) lies within one of them")
            todos.append(("$.design", "strata were recognised from the data (each \(psuColumn.header) lies in one \(nesting.header)): confirm that the sample was stratified by \(nesting.header)"))
        } else {
            todos.append(("$.design", "no strata column found: the sample is taken as one stratum. Name it in \"strata\" if it was stratified"))
        }
        guard let psuColumn else { return }
        let strataColumn = strata.flatMap { data.column($0) }
        // PSUs per stratum, and whether PSU ids repeat across strata.
        var psusOfStratum: [Int32: Set<Int32>] = [:]
        var strataOfPSU: [Int32: Set<Int32>] = [:]
        for row in 0..<data.rows {
            let s = strataColumn?.values.codes[row] ?? 0
            let p = psuColumn.values.codes[row]
            psusOfStratum[s, default: []].insert(p)
            strataOfPSU[p, default: []].insert(s)
        }
        if strataOfPSU.values.contains(where: { $0.count > 1 }) {
            nest = true
            notes.append("nest: \(psuColumn.header) values repeat in several strata, so they are numbered within each")
        }
        let lonely = psusOfStratum.filter { $0.value.count == 1 }.count
        if lonely > 0 {
            lonelyPSU = .adjust
            todos.append(("$.design.lonelyPSU", "\(lonely) strata have a single PSU: \"adjust\" centres them on the overall mean, as R's survey.lonely.psu = \"adjust\". Choose remove, certainty, adjust or average"))
        }
        // The fpc: a number constant within each stratum and no smaller than its PSUs.
        let fpcs = candidates.filter { column in
            guard column.header != psu, column.header != weight, column.header != strata, column.isNumeric, column.filled == data.rows else { return false }
            var valueOfStratum: [Int32: Double] = [:]
            for row in 0..<data.rows {
                let s = strataColumn?.values.codes[row] ?? 0
                let value = column.number(at: row)
                if let seen = valueOfStratum[s], seen != value { return false }
                valueOfStratum[s] = value
            }
            return valueOfStratum.allSatisfy { stratum, value in
                (value > 0 && value < 1) || value >= Double(psusOfStratum[stratum]?.count ?? 0)
            }
        }
        if let chosen = fpcs.first(where: { $0.described(by: Self.fpcPattern) }) ?? (fpcs.count == 1 ? fpcs.first : nil) {
            fpc = chosen.header
            notes.append("fpc: \(chosen.header), constant within each stratum and no smaller than its number of PSUs")
        } else {
            notes.append("fpc: none found, so the variance is that of sampling with replacement (slightly conservative)")
        }
    }
}
