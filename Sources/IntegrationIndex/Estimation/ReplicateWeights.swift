/// Replicate weights carried by the file (full weights, not multipliers), with the rule that
/// turns the spread of replicate estimates into a variance.
public struct ReplicateWeights: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case jk1 = "JK1"
        case brr = "BRR"
        case fay = "Fay"
        case bootstrap
    }

    public var kind: Kind
    /// `columns[r][row]`.
    public var columns: [[Double]]
    public var names: [String]
    /// Multiplies Σ (θ_r − c)².
    public var scale: Double
    /// Centre on the full-sample estimate instead of the replicates' mean.
    public var meanSquaredError: Bool
    /// Rank of the replicate-weight matrix; the design has rank − 1 degrees of freedom.
    public private(set) var rank: Int

    /// `scale` defaults to the kind's: JK1 (R − 1)/R, BRR 1/R, Fay 1/(R(1 − ρ)²),
    /// bootstrap 1/(R − 1).
    public init(kind: Kind, columns: [[Double]], names: [String], fayRho: Double? = nil, scale: Double? = nil, meanSquaredError: Bool = false) throws {
        let count = Double(columns.count)
        guard columns.count >= 2 else { throw DesignError("replicate weights need at least two columns; found \(columns.count)") }
        if kind == .fay {
            guard let rho = fayRho, rho >= 0, rho < 1 else { throw DesignError("Fay replicate weights need --fay-rho in [0, 1)") }
        }
        self.kind = kind
        self.columns = columns
        self.names = names
        self.meanSquaredError = meanSquaredError
        self.scale = scale ?? {
            switch kind {
            case .jk1: (count - 1) / count
            case .brr: 1 / count
            case .fay: 1 / (count * (1 - fayRho!) * (1 - fayRho!))
            case .bootstrap: 1 / (count - 1)
            }
        }()
        self.rank = Self.rank(of: columns)
    }

    /// The same replicate type and scale with other columns (calibrated ones), rank found again.
    func replacingColumns(_ columns: [[Double]]) -> ReplicateWeights {
        var copy = self
        copy.columns = columns
        copy.rank = Self.rank(of: columns)
        return copy
    }

    /// The numerical rank of the rows × replicates matrix, as R's `qr(tol = 1e-5)` finds it
    /// (`degf` of a replicate design). Rows with the same replicate weights (all rows of a
    /// cluster, usually) are counted once, so a million rows cost one pass.
    static func rank(of columns: [[Double]], tolerance: Double = 1e-5) -> Int {
        let rows = columns.first?.count ?? 0
        var seen: [Int: [Int]] = [:]
        var distinct: [Int] = []
        for row in 0..<rows {
            var hasher = Hasher()
            for column in columns { hasher.combine(column[row].bitPattern) }
            let hash = hasher.finalize()
            let same = seen[hash]?.contains { other in columns.allSatisfy { $0[other] == $0[row] } } ?? false
            if !same {
                seen[hash, default: []].append(row)
                distinct.append(row)
            }
        }
        // Modified Gram–Schmidt over the replicate columns restricted to distinct rows; a
        // column whose remainder is tiny against its own norm adds no rank.
        var basis: [[Double]] = []
        for column in columns {
            var v = distinct.map { column[$0] }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { continue }
            for _ in 0..<2 {
                for q in basis {
                    let projection = zip(q, v).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in v.indices { v[i] -= projection * q[i] }
                }
            }
            let remainder = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if remainder > tolerance * norm { basis.append(v.map { $0 / remainder }) }
        }
        return basis.count
    }

    /// scale · Σ (θ_r − c)², c the replicates' mean or, with `meanSquaredError`, θ̂.
    func variance(replicates: [Double], full: Double) -> Double {
        let centre = meanSquaredError ? full : replicates.reduce(0, +) / Double(replicates.count)
        return scale * replicates.reduce(0) { $0 + ($1 - centre) * ($1 - centre) }
    }
}
