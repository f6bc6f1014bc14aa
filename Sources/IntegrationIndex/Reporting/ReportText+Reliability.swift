import Foundation

/// The words of the data-quality section's reliability and correlation tables.
extension ReportText {
    static let reliability = LocalizedText(es: "Confiabilidad de cada dimensión (α de Cronbach)", en: "Reliability of each dimension (Cronbach's α)")
    static let lowReliability = LocalizedText(es: "por debajo del umbral", en: "below the threshold")
    static func reliabilityNote(_ minimum: Double, language: Language) -> String {
        let threshold = NumberFormat(language: language).decimal(minimum, digits: 2)
        switch language {
        case .es: return "α ponderado por el diseño (como svycralpha de R) sobre las personas con todos los ítems de la dimensión puntuados; se marca por debajo de \(threshold)."
        case .en: return "Design-weighted α (as R's svycralpha) over the respondents with every item of the dimension scored; marked below \(threshold)."
        }
    }
    static let correlations = LocalizedText(es: "Correlación entre dimensiones", en: "Correlation between dimensions")
    static let correlationNote = LocalizedText(
        es: "Correlación de Pearson ponderada con los pesos de muestreo, entre las personas con ambas dimensiones puntuadas.",
        en: "Pearson correlation weighted by the sampling weights, among respondents with both dimensions scored.")
}
