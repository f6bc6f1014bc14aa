extension SurveyDesign {
    /// The design a specification describes, over the accepted rows of a table.
    public init(table: SurveyTable, specification spec: DesignSpecification, replicateColumns: [String] = []) throws {
        let weights = spec.weight.map { table.numeric[$0]!.values }
        if let weights, !weights.isEmpty, !weights.contains(where: { $0 > 0 }) {
            throw DesignError("weight column \"\(spec.weight!)\" is zero for every row")
        }
        var replicates: ReplicateWeights?
        if let replicateSpec = spec.replicates {
            replicates = try ReplicateWeights(
                kind: replicateSpec.kind, columns: replicateColumns.map { table.numeric[$0]!.values }, names: replicateColumns,
                fayRho: replicateSpec.fayRho, scale: replicateSpec.scale, meanSquaredError: replicateSpec.meanSquaredError)
        }
        try self.init(
            rowCount: table.rowCount, weights: weights,
            strata: spec.strata.map { table.categorical[$0]! },
            clusters: spec.clusters.map { table.categorical[$0]! },
            fpc: spec.fpc.map { table.numeric[$0]!.values },
            nest: spec.nest, lonelyPSU: spec.lonelyPSU, replicates: replicates,
            names: Names(
                strata: spec.strata.map { "stratum (\($0))" } ?? "stratum",
                clusters: spec.clusters.isEmpty ? ["PSU"] : spec.clusters.enumerated().map { "\($0.offset == 0 ? "PSU" : "stage-\($0.offset + 1) cluster") (\($0.element))" },
                fpc: spec.fpc.map { "fpc (\($0))" }))
    }
}
