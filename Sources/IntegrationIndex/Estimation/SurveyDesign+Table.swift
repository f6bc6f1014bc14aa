extension SurveyDesign {
    /// The design a specification describes, over the accepted rows of a table. Without a
    /// weight column every row weighs 1.
    public init(table: SurveyTable, specification spec: DesignSpecification) throws {
        if spec.clusters.count > 1 && spec.fpc.count > 1 {
            throw DesignError("an fpc for sampling stage 2 or later is not supported yet: give the first-stage fpc only (ultimate-cluster variance)")
        }
        let weights = spec.weight.map { table.numeric[$0]!.values } ?? [Double](repeating: 1, count: table.rowCount)
        if !weights.isEmpty && !weights.contains(where: { $0 > 0 }) {
            throw DesignError("weight column \"\(spec.weight ?? "")\" is zero for every row")
        }
        try self.init(
            weights: weights,
            strata: spec.strata.map { table.categorical[$0]! },
            clusters: spec.clusters.first.map { table.categorical[$0]! },
            fpc: spec.fpc.first.map { table.numeric[$0]!.values },
            nest: spec.nest, lonelyPSU: spec.lonelyPSU,
            names: (
                strata: spec.strata.map { "stratum (\($0))" } ?? "stratum",
                cluster: spec.clusters.first.map { "PSU (\($0))" } ?? "PSU",
                fpc: spec.fpc.first.map { "fpc (\($0))" } ?? "fpc"))
    }
}
