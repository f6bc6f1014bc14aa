/// The change for a panel: the same respondents in both waves, linked by respondent id.
extension WaveComparison {
    /// Changes on the linked respondents, in the later wave's design (its weights, strata,
    /// clusters and groups): a respondent counts for an indicator when both waves have its
    /// value. Every figure is a ratio R = Σ w·y / Σ w·x (x = 1 for a mean or proportion), so
    /// the change R_B − R_A of a domain d is linearized as one total,
    /// z_i = (y_Bi − R_B·x_Bi)/X_B − (y_Ai − R_A·x_Ai)/X_A for i in d, whose design-based SE
    /// is the change's (for a mean, that of the mean of the paired differences, as R's
    /// `svymean(~I(yB − yA))` or `svycontrast` of `svyratio(covmat = TRUE)`).
    ///
    /// Replicate weights would need every replicate's ratios: not done, so such a design is
    /// refused rather than given a linearized SE it does not use elsewhere.
    public static func paired(before: StudyRun, after: StudyRun) throws -> [WaveChange] {
        let design = try StudyRun.design(study: after.study, ingest: after.ingest, groups: after.groups).design
        guard design.replicates == nil else {
            throw ComparisonError("a panel's change is linearized; the later wave has replicate weights, which it does not use (compare as independent samples, or give the design's strata and PSUs)")
        }
        let rowBefore = Dictionary(before.scores.ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let link = after.scores.ids.map { rowBefore[$0] ?? -1 }
        guard link.contains(where: { $0 >= 0 }) else {
            throw ComparisonError("no respondent of the later wave has an id of the earlier one: a panel is linked by respondent id (the study's \"id\" column)")
        }
        let earlier = Dictionary(variables(of: before).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let pairs = variables(of: after).compactMap { later in earlier[later.name].flatMap { $0.statistic == later.statistic ? ($0, later) : nil } }
        let partitions = [Partition.whole(rows: after.scores.count)] + after.groups.map(\.partition)
        let estimator = Estimator(design: design)
        // A pair's flag: the weaker of the two waves' published flags for the estimate (a
        // level suppressed in a wave stays hidden on its linked respondents), and by the
        // study's thresholds on the number of pairs.
        func key(_ indicator: String, _ group: String, _ value: String) -> String { "\(indicator)\u{0}\(group)\u{0}\(value)" }
        let flags = Dictionary(
            (before.estimates + after.estimates).map { (key($0.indicator, $0.groupKey, $0.groupValue), $0.flag) }, uniquingKeysWith: { $0.worse($1) })
        let quality = after.study.quality
        func published(_ indicator: String, _ group: String, _ value: String, n: Int) -> QualityFlag {
            let byCount: QualityFlag = n < quality.suppressBelowN ? .suppress : n < quality.cautionBelowN ? .caution : .publish
            return byCount.worse(flags[key(indicator, group, value)] ?? .publish)
        }
        var changes: [WaveChange] = []
        for (p, partition) in partitions.enumerated() {
            let levels = pairs.map { PanelLevels(before: $0.0, after: $0.1, link: link, partition: partition, weights: design.weights) }
            let linearized = zip(pairs, levels).map { pair, levels in
                AnalysisVariable(name: pair.1.name, statistic: .total, values: levels.linearized(before: pair.0, after: pair.1, link: link, partition: partition))
            }
            let totals = estimator.estimate(linearized, by: [partition])
            for (v, pair) in pairs.enumerated() {
                for d in partition.domains.indices {
                    let total = totals[v * partition.domains.count + d]
                    let group = p == 0 ? ("", "", IndexEstimate.populationLabel) : (after.groups[p - 1].variable.key, after.groups[p - 1].values[d], after.groups[p - 1].labels[d])
                    let n = levels[v].count[d]
                    let flag = published(pair.1.name, group.0, group.1, n: n)
                    let shown = flag != .suppress
                    changes.append(WaveChange(
                        indicator: pair.1.name, statistic: pair.1.statistic, groupKey: group.0, groupValue: group.1, groupLabel: group.2,
                        before: shown ? levels[v].before(d).map { $0 * 100 } : nil, after: shown ? levels[v].after(d).map { $0 * 100 } : nil,
                        nBefore: n, nAfter: n, standardError: total.standardError * 100, degreesOfFreedom: total.degreesOfFreedom, samples: .paired,
                        flag: flag))
                }
            }
        }
        return WaveChange.adjusting(changes, by: after.study.multipleComparisons)
    }

    /// Every estimated column of a run: the index's and, with the counting view, its figures.
    static func variables(of run: StudyRun) -> [AnalysisVariable] {
        var variables = IndexEstimate.variables(scores: run.scores, study: run.study)
        if let profiles = run.lagging, let settings = run.study.counting {
            variables += CountingEstimates.variables(profiles: profiles, settings: settings)
        }
        return variables
    }
}

/// One indicator's weighted sums in both waves over the linked respondents of each domain
/// that have its value in both: the ratios R_A, R_B and their denominators X_A, X_B.
private struct PanelLevels {
    var count: [Int]
    var numeratorBefore: [Double]
    var denominatorBefore: [Double]
    var numeratorAfter: [Double]
    var denominatorAfter: [Double]

    /// y and x of a row of a variable (x = 1 but for a ratio); `nil` when either is missing.
    static func value(_ variable: AnalysisVariable, _ row: Int) -> (y: Double, x: Double)? {
        let y = variable.values[row]
        let x = variable.denominator?[row] ?? 1
        return y.isNaN || x.isNaN ? nil : (y, x)
    }

    init(before: AnalysisVariable, after: AnalysisVariable, link: [Int], partition: Partition, weights: [Double]) {
        let domains = partition.domains.count
        count = [Int](repeating: 0, count: domains)
        numeratorBefore = [Double](repeating: 0, count: domains)
        denominatorBefore = numeratorBefore
        numeratorAfter = numeratorBefore
        denominatorAfter = numeratorBefore
        for row in link.indices where link[row] >= 0 {
            guard let a = Self.value(before, link[row]), let b = Self.value(after, row) else { continue }
            let d = Int(partition.domainOfRow[row])
            let w = weights[row]
            count[d] += 1
            numeratorBefore[d] += w * a.y
            denominatorBefore[d] += w * a.x
            numeratorAfter[d] += w * b.y
            denominatorAfter[d] += w * b.x
        }
    }

    func before(_ d: Int) -> Double? { denominatorBefore[d] != 0 ? numeratorBefore[d] / denominatorBefore[d] : nil }
    func after(_ d: Int) -> Double? { denominatorAfter[d] != 0 ? numeratorAfter[d] / denominatorAfter[d] : nil }

    /// z_i of the change in its row's domain; NaN for rows that do not count.
    func linearized(before: AnalysisVariable, after: AnalysisVariable, link: [Int], partition: Partition) -> [Double] {
        link.indices.map { row in
            guard link[row] >= 0, let a = Self.value(before, link[row]), let b = Self.value(after, row) else { return .nan }
            let d = Int(partition.domainOfRow[row])
            guard let ratioBefore = self.before(d), let ratioAfter = self.after(d) else { return .nan }
            return (b.y - ratioAfter * b.x) / denominatorAfter[d] - (a.y - ratioBefore * a.x) / denominatorBefore[d]
        }
    }
}
