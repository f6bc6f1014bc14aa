/// Whether an estimate may be published, following Statistics Canada's rules with the
/// study's thresholds (`index-method.md`, "Quality flags and disclosure control").
public enum QualityFlag: String, Sendable, CaseIterable {
    case publish = ""
    /// "E": use with caution.
    case caution = "E"
    /// "F": too unreliable to publish; the value must appear nowhere.
    case suppress = "F"

    public init(assessing estimate: Estimate, thresholds: QualityThresholds) {
        guard estimate.n >= thresholds.suppressBelowN, estimate.estimate.isFinite, let interval = estimate.interval else {
            self = .suppress
            return
        }
        // Ratios here are shares (the counting view's intensity and contributions): judged as
        // proportions are, by their interval's width.
        if estimate.statistic == .proportion || estimate.statistic == .ratio {
            let width = interval.upperBound - interval.lowerBound
            if width > thresholds.suppressIntervalWidth {
                self = .suppress
            } else if width > thresholds.cautionIntervalWidth || estimate.n < thresholds.cautionBelowN {
                self = .caution
            } else {
                self = .publish
            }
            return
        }
        guard let cv = estimate.coefficientOfVariation, cv <= thresholds.suppressCV else {
            self = .suppress
            return
        }
        self = cv > thresholds.cautionCV || estimate.n < thresholds.cautionBelowN ? .caution : .publish
    }
}

extension QualityFlag {
    /// The less publishable of two flags: a figure made of two estimates (a change between
    /// waves) is no more reliable than the weaker of them.
    public func worse(_ other: QualityFlag) -> QualityFlag {
        func severity(_ flag: QualityFlag) -> Int {
            switch flag {
            case .publish: 0
            case .caution: 1
            case .suppress: 2
            }
        }
        return severity(other) > severity(self) ? other : self
    }
}
