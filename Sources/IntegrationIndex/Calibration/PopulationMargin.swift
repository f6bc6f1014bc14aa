import Foundation

/// Known population counts for the cells of one or more variables crossed: a registry's
/// or census's table (province × sex, age group). Calibration makes the weighted sample
/// match every margin.
public struct PopulationMargin: Sendable, Equatable {
    /// The variables crossed, as the study or the data file names them.
    public var variables: [String]
    /// One per cell: the value of each variable, in `variables` order.
    public var cells: [[String]]
    public var populations: [Double]
    /// Where the margin was read (a file, or the study's JSON path), for messages.
    public var source: String

    public init(variables: [String], cells: [[String]], populations: [Double], source: String) {
        self.variables = variables
        self.cells = cells
        self.populations = populations
        self.source = source
    }

    public var name: String { variables.joined(separator: " × ") }
    public var total: Double { populations.reduce(0, +) }

    /// A margin file: a CSV header naming the variables and a last column `population`, then
    /// one row per cell. Bad lines are errors naming file, line and column: a margin with a
    /// cell silently dropped would calibrate to the wrong population.
    public static func read(_ url: URL) throws -> PopulationMargin {
        let file = url.path
        let reader = try CSVReader(url: url)
        guard try reader.next() != nil else { throw CalibrationError("\(file): empty; expected a header such as province,sex,population") }
        let header = reader.fields.map { reader.string(of: $0).trimmingCharacters(in: .whitespaces) }
        guard header.count >= 2, header.last?.lowercased() == "population" else {
            throw CalibrationError("\(file) line 1: the last column must be \"population\" and the others the margin's variables (found \(header.joined(separator: ",")))")
        }
        let variables = Array(header.dropLast())
        var cells: [[String]] = []
        var populations: [Double] = []
        var seen: [[String]: Int] = [:]
        while let record = try reader.next() {
            let fields = reader.fields.map { reader.string(of: $0).trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count == header.count else {
                throw CalibrationError("\(file) line \(record.line): \(fields.count) fields, the header has \(header.count)")
            }
            let cell = Array(fields.dropLast())
            if let column = cell.firstIndex(where: \.isEmpty) {
                throw CalibrationError("\(file) line \(record.line), column \(variables[column]): blank value (a margin cell needs every variable's value)")
            }
            guard let population = Double(fields.last!), population.isFinite, population >= 0 else {
                throw CalibrationError("\(file) line \(record.line), column population: \"\(fields.last!)\" is not a count ≥ 0 (write it without thousands separators)")
            }
            if let first = seen[cell] {
                throw CalibrationError("\(file) line \(record.line): cell \(cell.joined(separator: " × ")) is also on line \(first)")
            }
            seen[cell] = record.line
            cells.append(cell)
            populations.append(population)
        }
        guard !cells.isEmpty else { throw CalibrationError("\(file): no cells below the header") }
        return PopulationMargin(variables: variables, cells: cells, populations: populations, source: file)
    }
}
