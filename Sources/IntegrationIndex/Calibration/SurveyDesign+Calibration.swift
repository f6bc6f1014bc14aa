extension SurveyDesign {
    /// The design with calibrated weights (and, with replicate weights, every replicate
    /// calibrated again), carrying what linearization needs to use the residuals on the
    /// calibration variables. `variables` are what margins may name; `lines` name rows in
    /// messages; `known` describes the variables for a margin that names another.
    public func calibrated(
        _ settings: CalibrationSettings, variables: [String: CalibrationVariable], lines: [Int32]? = nil, known: String
    ) throws -> (design: SurveyDesign, summary: CalibrationSummary) {
        try settings.check()
        let cells = try CalibrationCells(margins: settings.margins, variables: variables, rowCount: rowCount, lines: lines, known: known)
        let calibrator = Calibrator(settings: settings, cells: cells)
        let designTotals = cells.totals(of: weights)
        let fit = try calibrator.fit(cellTotals: designTotals)
        let calibratedWeights = zip(weights, cells.cellOfRow).map { $0 * fit.g[Int($1)] }

        var design = self
        design.weights = calibratedWeights
        if let replicates {
            var columns: [[Double]] = []
            for (r, column) in replicates.columns.enumerated() {
                let replicateFit = try calibrator.fit(
                    cellTotals: cells.totals(of: column), sweeps: settings.method == .rake ? fit.iterations : nil, label: "replicate \(replicates.names[r])")
                columns.append(zip(column, cells.cellOfRow).map { $0 * replicateFit.g[Int($1)] })
            }
            design.replicates = replicates.replacingColumns(columns)
        } else {
            design.calibration = CalibrationResiduals(
                cells: cells, model: calibrator.model, method: settings.method, designWeights: weights, calibratedWeights: calibratedWeights,
                unitOfRow: rowsAreUnits ? nil : unitOfRow, unitCount: unitCount)
        }

        let calibratedTotals = zip(designTotals, fit.g).map { $0 * $1 }
        let margins = cells.margins.enumerated().map { m, margin in
            let before = cells.marginTotals(designTotals, margin: m)
            let after = cells.marginTotals(calibratedTotals, margin: m)
            let respondents = cells.marginTotals(cells.rowsPerCell.map(Double.init), margin: m)
            return CalibrationSummary.Margin(
                variables: margin.variables, source: margin.source,
                cells: margin.cells.indices.map {
                    CalibrationSummary.Cell(
                        values: margin.cells[$0], population: margin.populations[$0], respondents: Int(respondents[$0]), before: before[$0], after: after[$0])
                })
        }
        let used = fit.g.indices.filter { designTotals[$0] > 0 }.map { fit.g[$0] }
        let kishBefore = CalibrationSummary.kish(weights)
        let kishAfter = CalibrationSummary.kish(calibratedWeights)
        let summary = CalibrationSummary(
            method: settings.method, margins: margins, iterations: fit.iterations, gRange: (used.min() ?? 1)...(used.max() ?? 1),
            trimmedCells: fit.trimmedCells, effectiveNBefore: kishBefore.effectiveN, effectiveNAfter: kishAfter.effectiveN,
            weightingEffectBefore: kishBefore.effect, weightingEffectAfter: kishAfter.effect, replicatesCalibrated: replicates?.columns.count ?? 0)
        return (design, summary)
    }
}
