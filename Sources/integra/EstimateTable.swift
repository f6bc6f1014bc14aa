import Foundation
import IntegrationIndex

/// The rows `integra estimate` prints, in CSV, aligned text or JSON.
struct EstimateTable {
    var estimates: [IntegrationIndex.Estimate]
    var byColumns: [String]

    var header: [String] {
        ["statistic", "variable", "level"] + byColumns
            + ["n", "weighted_n", "estimate", "se", "df", "ci_low", "ci_high", "cv", "deff"]
    }

    var rows: [[String]] {
        // A domain names its values in the order of its partition's columns: where each
        // `--by` column is in each partition, found once per partition, not for every row.
        var places: [String: [Int?]] = [:]
        return estimates.map { e in
            let place = places[e.partition] ?? {
                let columns = e.partition.split(separator: ",").map(String.init)
                let place = byColumns.map { columns.firstIndex(of: $0) }
                places[e.partition] = place
                return place
            }()
            return [e.statistic.rawValue, e.variable, e.level ?? ""] + place.map { $0.map { e.domain[$0] } ?? "" }
                + [
                    String(e.n), e.weightedN.csvText, e.estimate.csvText, e.standardError.csvText, String(e.degreesOfFreedom),
                    e.interval?.lowerBound.csvText ?? "", e.interval?.upperBound.csvText ?? "",
                    e.coefficientOfVariation?.csvText ?? "", e.designEffect?.csvText ?? "",
                ]
        }
    }

    var csv: String {
        var writer = CSVWriter()
        writer.writeRow(header)
        rows.forEach { writer.writeRow($0) }
        return writer.text
    }

    /// For people: numbers to six significant digits, columns aligned.
    var aligned: String {
        let numeric: Set<String> = ["weighted_n", "estimate", "se", "ci_low", "ci_high", "cv", "deff"]
        let readable = rows.map { row in
            zip(header, row).map { column, value in
                guard numeric.contains(column), let number = Double(value) else { return value }
                return String(format: "%.6g", number)
            }
        }
        let all = [header] + readable
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    var json: String {
        let objects = rows.map { row in
            "{" + zip(header, row).map { key, value in "\"\(key)\": \(jsonValue(key, value))" }.joined(separator: ", ") + "}"
        }
        return "[\n  " + objects.joined(separator: ",\n  ") + "\n]"
    }

    private func jsonValue(_ key: String, _ value: String) -> String {
        let numeric: Set<String> = ["n", "weighted_n", "estimate", "se", "df", "ci_low", "ci_high", "cv", "deff"]
        if numeric.contains(key) { return value.isEmpty ? "null" : value }
        let escaped = value.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: scalar.value < 0x20 ? String(format: "\\u%04x", scalar.value) : String(scalar)
            }
        }.joined()
        return "\"\(escaped)\""
    }
}
