import Foundation

/// The words of the data-quality section's account of weight calibration.
extension ReportText {
    static let calibration = LocalizedText(es: "Calibración de los pesos", en: "Weight calibration")
    static let calibrationSheet = LocalizedText(es: "Calibración", en: "Calibration")
    static let margin = LocalizedText(es: "Margen", en: "Margin")
    static let cell = LocalizedText(es: "Celda", en: "Cell")
    static let population = LocalizedText(es: "Población", en: "Population")
    static let respondentsInCell = LocalizedText(es: "Personas encuestadas", en: "Respondents")
    static let designWeighted = LocalizedText(es: "Con pesos de diseño", en: "With design weights")
    static let calibrated = LocalizedText(es: "Con pesos calibrados", en: "With calibrated weights")

    static func calibrationMethod(_ method: CalibrationMethod) -> LocalizedText {
        switch method {
        case .poststratify: LocalizedText(es: "postestratificación", en: "post-stratification")
        case .rake: LocalizedText(es: "raking (ajuste proporcional iterativo)", en: "raking (iterative proportional fitting)")
        case .linear: LocalizedText(es: "calibración lineal (GREG)", en: "linear calibration (GREG)")
        case .raking: LocalizedText(es: "calibración raking (distancia exponencial)", en: "raking calibration (exponential distance)")
        case .logit: LocalizedText(es: "calibración logit acotada", en: "bounded logit calibration")
        }
    }

    /// The method section's sentence: which margins, which method, where the details are.
    static func calibratedDesign(_ summary: CalibrationSummary, marginNames: [String], language: Language) -> String {
        let method = calibrationMethod(summary.method)[language]
        let margins = marginNames.joined(separator: "; ")
        switch language {
        case .es: return "Los pesos se calibraron a márgenes de población (\(margins)) por \(method); véase la calidad de los datos."
        case .en: return "The weights were calibrated to population margins (\(margins)) by \(method); see data quality."
        }
    }

    /// One paragraph: method, iterations, how far the weights moved, what weighting costs.
    static func calibrationSummary(_ summary: CalibrationSummary, marginNames: [String], language: Language) -> String {
        let format = NumberFormat(language: language)
        let method = calibrationMethod(summary.method)[language]
        let margins = marginNames.joined(separator: "; ")
        let low = format.decimal(summary.gRange.lowerBound, digits: 2), high = format.decimal(summary.gRange.upperBound, digits: 2)
        let nBefore = format.integer(Int(summary.effectiveNBefore.rounded())), nAfter = format.integer(Int(summary.effectiveNAfter.rounded()))
        let dBefore = format.decimal(summary.weightingEffectBefore, digits: 2), dAfter = format.decimal(summary.weightingEffectAfter, digits: 2)
        var text: String
        switch language {
        case .es:
            text = "Los pesos de diseño se calibraron a los márgenes de población (\(margins)) por \(method), en \(summary.iterations) \(summary.iterations == 1 ? "iteración" : "iteraciones"). "
            text += "g = peso calibrado / peso de diseño va de \(low) a \(high). Tamaño efectivo de Kish: \(nBefore) con los pesos de diseño, \(nAfter) con los calibrados; efecto de diseño por la ponderación: \(dBefore) y \(dAfter). "
            if summary.trimmedCells > 0 { text += "Se recortó g en \(summary.trimmedCells) \(summary.trimmedCells == 1 ? "celda" : "celdas"). " }
            text += summary.replicatesCalibrated > 0
                ? "Cada uno de los \(summary.replicatesCalibrated) pesos replicados se calibró de nuevo, y los errores estándar salen de ellos."
                : "Los errores estándar usan los residuos de cada estimación sobre las variables de calibración, como R (survey)."
        case .en:
            text = "The design weights were calibrated to population margins (\(margins)) by \(method), in \(summary.iterations) \(summary.iterations == 1 ? "iteration" : "iterations"). "
            text += "g = calibrated / design weight ranges from \(low) to \(high). Kish's effective sample size: \(nBefore) with the design weights, \(nAfter) with the calibrated ones; design effect due to weighting: \(dBefore) and \(dAfter). "
            if summary.trimmedCells > 0 { text += "g was trimmed in \(summary.trimmedCells) \(summary.trimmedCells == 1 ? "cell" : "cells"). " }
            text += summary.replicatesCalibrated > 0
                ? "Each of the \(summary.replicatesCalibrated) replicate weights was calibrated again, and standard errors come from them."
                : "Standard errors use each estimate's residuals on the calibration variables, as R (survey) does."
        }
        return text
    }
}

extension ReportData {
    /// The calibration paragraph of the data-quality section, margins named by their groups.
    func calibrationText(_ summary: CalibrationSummary) -> String {
        ReportText.calibrationSummary(summary, marginNames: summary.margins.map(label(of:)), language: language)
    }

    /// A margin cell named by its groups' labels (`Norte × Mujer`).
    func label(of cell: CalibrationSummary.Cell, in margin: CalibrationSummary.Margin) -> String {
        zip(margin.variables, cell.values).map { key, value in
            groups.first { $0.key == key }?.label(of: value, in: language) ?? value
        }.joined(separator: " × ")
    }

    /// A margin's name by its groups' labels.
    func label(of margin: CalibrationSummary.Margin) -> String {
        margin.variables.map { key in groups.first { $0.key == key }?.labels[language] ?? key }.joined(separator: " × ")
    }
}
