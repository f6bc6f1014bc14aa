/// Scores as percentages (×100) for some rows, row by row: `piece[(row − rows.lowerBound) ·
/// columns.count + c]`. respondents.csv and the workbook's respondent sheet write each row's
/// cells from one such array; reading every column's array for every cell retained it once
/// per cell (and, on two cores at once, made both wait on the same counts).
enum PercentRows {
    static func fill(_ piece: inout [Double], from columns: [[Double]], rows: Range<Int>) {
        piece.withUnsafeMutableBufferPointer { piece in
            for (c, column) in columns.enumerated() {
                column.withUnsafeBufferPointer { column in
                    for row in rows { piece[(row - rows.lowerBound) * columns.count + c] = column[row] * 100 }
                }
            }
        }
    }
}
