import Foundation

/// The counting view's words, in each report language.
extension ReportText {
    static let counting = LocalizedText(es: "Rezago en varias dimensiones (vista de conteo)", en: "Lagging in several dimensions (counting view)")
    static let headcount = LocalizedText(es: "Personas rezagadas (H)", en: "People lagging (H)")
    static let intensity = LocalizedText(es: "Intensidad entre ellas (A)", en: "Intensity among them (A)")
    static let adjustedHeadcount = LocalizedText(es: "Índice de rezago (M0 = H × A)", en: "Lagging index (M0 = H × A)")
    static let byDimension = LocalizedText(es: "Por dimensión", en: "By dimension")
    static let laggingIn = LocalizedText(es: "Rezagadas en la dimensión (%)", en: "Lagging in the dimension (%)")
    static let laggingInAndOverall = LocalizedText(es: "…y rezagadas en general (%)", en: "…and lagging overall (%)")
    static let contribution = LocalizedText(es: "Contribución a M0 (%)", en: "Contribution to M0 (%)")
    static let contributionsByGroup = LocalizedText(es: "Contribución de cada dimensión a M0, por grupo", en: "Each dimension's contribution to M0, by group")
    static let populationShare = LocalizedText(es: "Parte de la población (%)", en: "Share of the population (%)")
    static let countingSheet = LocalizedText(es: "Rezago", en: "Lagging")
    static let robustness = LocalizedText(es: "Sensibilidad al umbral k", en: "Sensitivity to the threshold k")
    static let threshold = LocalizedText(es: "k (parte del peso)", en: "k (share of the weight)")

    /// How the counting view was computed, with the study's cut-offs and k.
    static func countingMethod(_ settings: CountingSettings, instrument: Instrument, language: Language) -> String {
        let dimensions = instrument.indexDimensions.count
        let cutoffs = instrument.indexDimensions.compactMap { d in settings.cutoffs[d.key].map { (d.labels, $0) } }
        let cutoff = settings.cutoff
        let k = settings.k
        let format = NumberFormat(language: language)
        let cut = format.decimal(cutoff * 100, digits: 0)
        let others = cutoffs.map { "\($0.0[language]) \(format.decimal($0.1 * 100, digits: 0))" }.joined(separator: ", ")
        let kText = format.decimal(k * 100, digits: 1)
        switch language {
        case .es:
            return "Una persona está rezagada en una dimensión cuando su puntuación es menor que \(cut)\(others.isEmpty ? "" : " (\(others))"), "
                + "y rezagada en general cuando lo está en al menos el \(kText) % del peso de las \(dimensions) dimensiones del índice (k). "
                + "H es la parte de personas rezagadas en general; A, la parte media del peso en que lo están; M0 = H × A se descompone exactamente por grupo (parte de la población × M0 del grupo) y por dimensión. "
                + "Método de Alkire y Foster; errores estándar basados en el diseño (A y las contribuciones, como razones). Solo cuentan las personas con todas las dimensiones puntuadas."
        case .en:
            return "A person lags in a dimension when their score is below \(cut)\(others.isEmpty ? "" : " (\(others))"), "
                + "and lags overall when lagging in at least \(kText)% of the weight of the index's \(dimensions) dimensions (k). "
                + "H is the share of people lagging overall; A the average share of the weight they lag in; M0 = H × A decomposes exactly by group (population share × the group's M0) and by dimension. "
                + "Alkire–Foster method; design-based standard errors (A and the contributions as ratios). Only people with every dimension scored count."
        }
    }
}

extension ReportData {
    /// The counting view's indicators with their labels, in the order tables list them:
    /// H, A, M0, each dimension's headcounts and contribution, then H, A and M0 at every k of
    /// the robustness list. Empty when the study has no counting view.
    public var countingIndicators: [(key: String, label: LocalizedText)] { Self.countingIndicators(study: study, instrument: instrument) }

    static func countingIndicators(study: Study, instrument: Instrument) -> [(key: String, label: LocalizedText)] {
        guard let settings = study.counting else { return [] }
        var list: [(key: String, label: LocalizedText)] = [
            (CountingEstimates.headcount, ReportText.headcount), (CountingEstimates.intensity, ReportText.intensity),
            (CountingEstimates.adjustedHeadcount, ReportText.adjustedHeadcount),
        ]
        for dimension in instrument.indexDimensions {
            let name = dimension.labels
            list.append((CountingEstimates.lagging(dimension.key), LocalizedText(es: "\(name.es): \(ReportText.laggingIn.es)", en: "\(name.en): \(ReportText.laggingIn.en)")))
            list.append((CountingEstimates.censored(dimension.key), LocalizedText(es: "\(name.es): \(ReportText.laggingInAndOverall.es)", en: "\(name.en): \(ReportText.laggingInAndOverall.en)")))
            list.append((CountingEstimates.contribution(dimension.key), LocalizedText(es: "\(name.es): \(ReportText.contribution.es)", en: "\(name.en): \(ReportText.contribution.en)")))
        }
        for k in settings.allK {
            let suffix = " (k = \(CountingEstimates.kText(k)))"
            for (key, label) in list.prefix(3) {
                list.append((CountingEstimates.atK(key, k), LocalizedText(es: label.es + suffix, en: label.en + suffix)))
            }
        }
        return list
    }
}
