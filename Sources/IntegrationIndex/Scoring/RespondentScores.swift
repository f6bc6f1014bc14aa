/// Every respondent's dimension scores and overall index on the 0–1 scale (NaN where the
/// rules leave a score missing), plus the headline indicators as 0/1. Second stage of the
/// pipeline: made from a `SurveyTable` by `Scorer`, read by estimation and reporting.
public struct RespondentScores: Sendable {
    public var ids: [String]
    public var dimensionKeys: [String]
    /// `dimensions[d][row]`, in the instrument's dimension order.
    public var dimensions: [[Double]]
    public var overall: [Double]
    /// `indicators[h][row]`: 1 yes, 0 no, NaN not answered, in the study's headline order.
    public var indicators: [[Double]]
    public var itemResponse: [ItemResponse]
    /// Every item in every group of every group variable, item by item, groups in order.
    public var itemResponseByGroup: [ItemGroupResponse] = []
    public var findings: [Finding]
    /// Each dimension's Cronbach's α, in the instrument's dimension order.
    public var reliability: [DimensionReliability]
    /// The weighted correlation of every pair of dimensions.
    public var correlations: [DimensionCorrelation]

    public var count: Int { ids.count }

    public init(
        ids: [String], dimensionKeys: [String], dimensions: [[Double]], overall: [Double], indicators: [[Double]], itemResponse: [ItemResponse],
        findings: [Finding], reliability: [DimensionReliability] = [], correlations: [DimensionCorrelation] = []
    ) {
        self.correlations = correlations
        self.reliability = reliability
        self.ids = ids
        self.dimensionKeys = dimensionKeys
        self.dimensions = dimensions
        self.overall = overall
        self.indicators = indicators
        self.itemResponse = itemResponse
        self.findings = findings
    }

    /// How often an item was answered, for the report's data-quality section.
    public struct ItemResponse: Sendable, Equatable {
        public var column: String
        /// Respondents the item applied to (routing not skipping it).
        public var asked: Int
        /// Of those, how many have no usable answer (blank, non-answer or unknown code).
        public var missing: Int
        /// Of those, how many gave a declared non-answer ("don't know", refused), scored or not.
        public var nonAnswers: Int
        /// The weighted mean of the item's scores (0–1) over the respondents scored on it,
        /// weighted by the sampling weights; `nil` when none is.
        public var meanScore: Double?

        public init(column: String, asked: Int, missing: Int, nonAnswers: Int = 0, meanScore: Double? = nil) {
            self.column = column
            self.asked = asked
            self.missing = missing
            self.nonAnswers = nonAnswers
            self.meanScore = meanScore
        }
    }

    /// An item's response in one group, for the rates of missing answers and non-answers by
    /// group (a question that one nationality does not understand shows here).
    public struct ItemGroupResponse: Sendable, Equatable {
        public var column: String
        public var groupKey: String
        public var groupValue: String
        public var asked: Int
        public var missing: Int
        public var nonAnswers: Int

        public init(column: String, groupKey: String, groupValue: String, asked: Int, missing: Int, nonAnswers: Int) {
            self.column = column
            self.groupKey = groupKey
            self.groupValue = groupValue
            self.asked = asked
            self.missing = missing
            self.nonAnswers = nonAnswers
        }
    }
}
