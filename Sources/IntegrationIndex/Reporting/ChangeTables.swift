/// change.csv of `integra compare`: one row per indicator and group, the later wave minus
/// the earlier on the 0–100 scale, empty cells where either estimate is suppressed; `flag`
/// is "E" where either is to be used with caution and "F" where the change is hidden.
public enum ChangeTables {
    public static func changesCSV(_ changes: [WaveChange], language: Language) -> CSVWriter {
        var writer = CSVWriter()
        writer.writeRow([
            "indicator", "statistic", "group_variable", "group_value", "group_label", "samples", "n_before", "n_after", "before", "after",
            "change", "relative_change", "se", "df", "ci_low", "ci_high", "p_value", "p_adjusted", "significant", "flag",
        ])
        for c in changes {
            func text(_ value: Double?) -> String { value?.csvText ?? "" }
            writer.writeRow([
                c.indicator, c.statistic.rawValue, c.groupKey, c.groupValue, c.groupLabel[language], c.samples.rawValue, String(c.nBefore),
                String(c.nAfter), text(c.before), text(c.after), text(c.change), text(c.relativeChange), text(c.standardError),
                String(c.degreesOfFreedom), text(c.ciLow), text(c.ciHigh), text(c.pValue), text(c.adjustedPValue),
                c.pValue == nil ? "" : (c.isSignificant ? "1" : "0"), c.flag.rawValue,
            ])
        }
        return writer
    }
}
