/// Every problem of a sampling design at once, for `integra check`: strata with a single
/// PSU (when the lonely-PSU policy is `fail`), PSU ids found in several strata (without
/// `nest`), and first-stage fpc values that vary within a stratum or are smaller than its
/// number of sampled PSUs. `SurveyDesign` stops at the first of these; a user fixing a study
/// wants the whole list.
public enum DesignCheck {
    public static func problems(table: SurveyTable, specification spec: DesignSpecification) -> [String] {
        guard spec.replicates == nil, let psuName = spec.clusters.first, let psus = table.categorical[psuName] else { return [] }
        let strata = spec.strata.flatMap { table.categorical[$0] }
        let strataName = spec.strata ?? "the single stratum"
        func stratumName(_ code: Int32) -> String { strata.map { $0.levels[Int(code)] } ?? "all rows" }
        var psusOfStratum: [Int32: Set<Int32>] = [:]
        var strataOfPSU: [Int32: Set<Int32>] = [:]
        for row in 0..<table.rowCount {
            let s = strata?.codes[row] ?? 0
            let p = psus.codes[row]
            psusOfStratum[s, default: []].insert(p)
            strataOfPSU[p, default: []].insert(s)
        }
        var problems: [String] = []
        if spec.lonelyPSU == .fail {
            for (stratum, members) in psusOfStratum.sorted(by: { stratumName($0.key) < stratumName($1.key) }) where members.count == 1 {
                problems.append("\(strataName) \"\(stratumName(stratum))\" has a single PSU (\(psus.levels[Int(members.first!)])): choose a lonely-PSU policy in \"design\": \"lonelyPSU\" (remove, certainty, adjust or average)")
            }
        }
        if !spec.nest {
            for (psu, members) in strataOfPSU.sorted(by: { $0.key < $1.key }) where members.count > 1 {
                problems.append("\(psuName) \"\(psus.levels[Int(psu)])\" is in \(members.count) strata (\(members.map(stratumName).sorted().joined(separator: ", "))): set \"nest\": true if PSU ids restart within strata")
            }
        }
        if let fpcName = spec.fpc.first, let fpc = table.numeric[fpcName]?.values {
            var valueOfStratum: [Int32: Double] = [:]
            var varying = Set<Int32>()
            for row in 0..<table.rowCount {
                let s = strata?.codes[row] ?? 0
                if let seen = valueOfStratum[s], seen != fpc[row] { varying.insert(s) } else { valueOfStratum[s] = fpc[row] }
            }
            for (stratum, value) in valueOfStratum.sorted(by: { stratumName($0.key) < stratumName($1.key) }) {
                let sampled = psusOfStratum[stratum]?.count ?? 0
                if varying.contains(stratum) {
                    problems.append("\(fpcName) varies within \(strataName) \"\(stratumName(stratum))\": it must be one population size (or sampling fraction) per stratum")
                } else if value >= 1, value < Double(sampled) {
                    problems.append("\(fpcName) in \(strataName) \"\(stratumName(stratum))\" is \(value.formatted), smaller than its \(sampled) sampled PSUs")
                }
            }
        }
        return problems
    }
}
