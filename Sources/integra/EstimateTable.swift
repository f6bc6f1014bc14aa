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
        var places = DomainPlaces(byColumns: byColumns)
        return estimates.map { e in
            [e.statistic.rawValue, e.variable, e.level ?? ""] + places.of(e.partition).map { $0.map { e.domain[$0] } ?? "" }
                + [
                    String(e.n), e.weightedN.csvText, e.estimate.csvText, e.standardError.csvText, String(e.degreesOfFreedom),
                    e.interval?.lowerBound.csvText ?? "", e.interval?.upperBound.csvText ?? "",
                    e.coefficientOfVariation?.csvText ?? "", e.designEffect?.csvText ?? "",
                ]
        }
    }

    /// The rows of `rows` as CSV, written straight into the writer's bytes: thousands of
    /// rows (8 means in 450 domains are 3,600), where a `String` per cell and an array per
    /// row took a fifth of `integra estimate`'s time after the file was read.
    var csv: [UInt8] {
        var writer = CSVWriter()
        writer.writeRow(header)
        var places = DomainPlaces(byColumns: byColumns)
        for e in estimates {
            writer.writeField(e.statistic.rawValue)
            writer.writeSeparator()
            writer.writeField(e.variable)
            writer.writeSeparator()
            writer.writeField(e.level ?? "")
            for place in places.of(e.partition) {
                writer.writeSeparator()
                if let place { writer.writeField(e.domain[place]) }
            }
            writer.writeSeparator()
            writer.writeInteger(e.n)
            for number in [e.weightedN, e.estimate, e.standardError] {
                writer.writeSeparator()
                writer.writeShortest(number)
            }
            writer.writeSeparator()
            writer.writeInteger(e.degreesOfFreedom)
            for number in [e.interval?.lowerBound, e.interval?.upperBound, e.coefficientOfVariation, e.designEffect] {
                writer.writeSeparator()
                if let number { writer.writeShortest(number) }
            }
            writer.endRow()
        }
        return writer.bytes
    }

    /// Where each `--by` column is among a partition's columns (a domain names its values in
    /// their order), found once per partition, not for every row.
    private struct DomainPlaces {
        let byColumns: [String]
        var found: [String: [Int?]] = [:]

        init(byColumns: [String]) { self.byColumns = byColumns }

        mutating func of(_ partition: String) -> [Int?] {
            if let place = found[partition] { return place }
            let columns = partition.split(separator: ",").map(String.init)
            let place = byColumns.map { columns.firstIndex(of: $0) }
            found[partition] = place
            return place
        }
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
