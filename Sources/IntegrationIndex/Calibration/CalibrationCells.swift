/// The margins resolved over the rows: each row's cell in every margin, and the cells of all
/// margins crossed ("joint cells", those that occur). Every calibration method gives one g
/// per joint cell, because every calibration variable is categorical, so the weights are
/// found from joint-cell totals alone and a million rows cost two passes.
struct CalibrationCells: Sendable {
    /// Margins without their empty cells (population 0, no respondents), which take no part.
    let margins: [PopulationMargin]
    let cellOfRow: [Int32]
    let cellCount: Int
    /// `marginCellOfCell[m][c]`: the cell of margin m joint cell c lies in.
    let marginCellOfCell: [[Int32]]
    /// Rows in each joint cell.
    let rowsPerCell: [Int]

    /// Resolves `margins` over `variables` (by name). `lines` name rows in messages; `known`
    /// describes the variables a margin may use, for the message when it names another.
    init(margins given: [PopulationMargin], variables: [String: CalibrationVariable], rowCount: Int, lines: [Int32]?, known: String) throws {
        func lineText(_ rows: [Int]) -> String {
            let shown = rows.prefix(5).map { row in lines.map { "line \($0[row])" } ?? "row \(row + 1)" }
            return shown.joined(separator: ", ") + (rows.count > 5 ? ", …" : "")
        }
        var marginCellOfRow: [[Int32]] = []
        var margins: [PopulationMargin] = []
        for given in given {
            let members = try given.variables.map { name -> CalibrationVariable in
                guard let variable = variables[name] else { throw CalibrationError("margin \(given.source): no variable \"\(name)\" to calibrate on (\(known))") }
                return variable
            }
            // A table from each combination of the members' levels (mixed radix) to a cell.
            var radix = 1
            var radices: [Int] = []
            for member in members.reversed() {
                radices.insert(radix, at: 0)
                radix *= max(member.levels.count, 1)
            }
            guard radix <= 1 << 24 else { throw CalibrationError("margin \(given.source) crosses \(radix) combinations of values: too many cells") }
            var cellOfCode = [Int32](repeating: -1, count: radix)
            var margin = PopulationMargin(variables: given.variables, cells: [], populations: [], source: given.source)
            var unmatched: [(cell: [String], population: Double)] = []
            for (cell, population) in zip(given.cells, given.populations) {
                var code = 0
                var matched = true
                var canonical: [String] = []
                for (v, member) in members.enumerated() {
                    guard let level = member.level(named: cell[v]) else {
                        matched = false
                        break
                    }
                    code += level * radices[v]
                    canonical.append(member.levels[level])
                }
                if !matched {
                    if population > 0 { unmatched.append((cell, population)) }
                    continue
                }
                if cellOfCode[code] >= 0 {
                    throw CalibrationError("margin \(given.source): cells \(margin.cells[Int(cellOfCode[code])].joined(separator: " × ")) and \(cell.joined(separator: " × ")) name the same values")
                }
                cellOfCode[code] = Int32(margin.cells.count)
                // Named by the variable's own values (a group's, not a label the file used).
                margin.cells.append(canonical)
                margin.populations.append(population)
            }
            if let first = unmatched.first {
                let values = members.map { "\($0.name): \($0.levels.filter { !$0.isEmpty }.joined(separator: ", "))" }.joined(separator: "; ")
                throw CalibrationError(
                    "margin \(given.source): cell \(first.cell.joined(separator: " × ")) has a population of \(first.population.formatted) but no respondents\(unmatched.count > 1 ? " (and \(unmatched.count - 1) more such cells)" : ""); merge it with a neighbouring cell, or check its spelling against the values in the data (\(values))")
            }
            var ofRow = [Int32](repeating: 0, count: rowCount)
            var missing: [Int: [Int]] = [:]
            var outside: [Int: [Int]] = [:]
            var respondents = [Int](repeating: 0, count: margin.cells.count)
            for row in 0..<rowCount {
                var code = 0
                var blank: Int?
                for (v, member) in members.enumerated() {
                    let level = member.levelOfRow[row]
                    if level == CategoricalColumn.missing {
                        blank = v
                        break
                    }
                    code += Int(level) * radices[v]
                }
                if let blank {
                    missing[blank, default: []].append(row)
                    continue
                }
                let cell = cellOfCode[code]
                if cell < 0 {
                    outside[code, default: []].append(row)
                    continue
                }
                ofRow[row] = cell
                respondents[Int(cell)] += 1
            }
            if let (v, rows) = missing.min(by: { $0.key < $1.key }) {
                throw CalibrationError(
                    "margin \(given.source): \(rows.count) respondent(s) have no value of \(members[v].name) (\(lineText(rows))); calibration needs every respondent in a cell: impute the value or give the margin a cell for it")
            }
            if let (code, rows) = outside.min(by: { $0.value[0] < $1.value[0] }) {
                let values = members.enumerated().map { v, member in member.levels[(code / radices[v]) % member.levels.count] }
                throw CalibrationError(
                    "margin \(given.source): \(rows.count) respondent(s) are in cell \(values.joined(separator: " × ")) (\(lineText(rows))), which the margin does not list")
            }
            for (c, count) in respondents.enumerated() where count == 0 && margin.populations[c] > 0 {
                throw CalibrationError(
                    "margin \(given.source): cell \(margin.cells[c].joined(separator: " × ")) has a population of \(margin.populations[c].formatted) but no respondents; merge it with a neighbouring cell")
            }
            for (c, count) in respondents.enumerated() where count > 0 && margin.populations[c] == 0 {
                throw CalibrationError(
                    "margin \(given.source): cell \(margin.cells[c].joined(separator: " × ")) has \(count) respondent(s) but a population of 0")
            }
            // Cells with neither respondents nor population take no part (as in R).
            let kept = margin.cells.indices.filter { respondents[$0] > 0 }
            if kept.count < margin.cells.count {
                var renumber = [Int32](repeating: -1, count: margin.cells.count)
                for (new, old) in kept.enumerated() { renumber[old] = Int32(new) }
                for row in 0..<rowCount { ofRow[row] = renumber[Int(ofRow[row])] }
                margin.cells = kept.map { margin.cells[$0] }
                margin.populations = kept.map { margin.populations[$0] }
            }
            margins.append(margin)
            marginCellOfRow.append(ofRow)
        }
        if let first = margins.first {
            for margin in margins.dropFirst() where abs(margin.total - first.total) > 1e-9 * max(first.total, 1) {
                throw CalibrationError(
                    "margins do not sum to the same population: \(first.source) (\(first.name)) sums to \(first.total.formatted), \(margin.source) (\(margin.name)) to \(margin.total.formatted)")
            }
        }

        // Joint cells: the combinations of margin cells that occur, numbered in order of appearance.
        var index: [Int: Int32] = [:]
        var cellOfRow = [Int32](repeating: 0, count: rowCount)
        var marginCellOfCell = margins.map { _ in [Int32]() }
        var rowsPerCell: [Int] = []
        var radices: [Int] = []
        var radix = 1
        for margin in margins.reversed() {
            radices.insert(radix, at: 0)
            radix = radix.multipliedReportingOverflow(by: margin.cells.count).partialValue
        }
        // Combinations are numbered through a flat table when there are few (there nearly always
        // are), through a dictionary otherwise: no hashing per row of a million.
        var table = [Int32](repeating: -1, count: radix > 0 && radix <= 1 << 20 ? radix : 0)
        for row in 0..<rowCount {
            var code = 0
            for m in margins.indices { code += Int(marginCellOfRow[m][row]) * radices[m] }
            if let cell = table.isEmpty ? index[code] : (table[code] >= 0 ? table[code] : nil) {
                cellOfRow[row] = cell
                rowsPerCell[Int(cell)] += 1
            } else {
                let cell = Int32(rowsPerCell.count)
                if table.isEmpty { index[code] = cell } else { table[code] = cell }
                cellOfRow[row] = cell
                rowsPerCell.append(1)
                for m in margins.indices { marginCellOfCell[m].append(marginCellOfRow[m][row]) }
            }
        }
        self.margins = margins
        self.cellOfRow = cellOfRow
        self.cellCount = rowsPerCell.count
        self.marginCellOfCell = marginCellOfCell
        self.rowsPerCell = rowsPerCell
    }

    /// Σ weights per joint cell.
    func totals(of weights: [Double]) -> [Double] {
        var totals = [Double](repeating: 0, count: cellCount)
        for (row, cell) in cellOfRow.enumerated() { totals[Int(cell)] += weights[row] }
        return totals
    }

    /// Each margin cell's total of joint-cell values.
    func marginTotals(_ values: [Double], margin m: Int) -> [Double] {
        var totals = [Double](repeating: 0, count: margins[m].cells.count)
        for (cell, value) in values.enumerated() { totals[Int(marginCellOfCell[m][cell])] += value }
        return totals
    }
}
