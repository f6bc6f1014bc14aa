/// The words of the change report (`integra compare`).
extension ReportText {
    static let changeTitle = LocalizedText(es: "Cambios entre rondas", en: "Change between waves")
    static let before = LocalizedText(es: "Antes", en: "Before")
    static let after = LocalizedText(es: "Después", en: "After")
    static let change = LocalizedText(es: "Cambio", en: "Change")
    static let relativeChange = LocalizedText(es: "Cambio relativo", en: "Relative change")
    static let adjustedP = LocalizedText(es: "p ajustado", en: "Adjusted p")
    static let changeForAll = LocalizedText(es: "Cambio para toda la población", en: "Change for all respondents")
    static let intervalTo = LocalizedText(es: "a", en: "to")
    static let changeOfIndex = LocalizedText(es: "Cambio por dimensión", en: "Change by dimension")
    static let changeByGroup = LocalizedText(es: "Cambio del índice general por", en: "Change of the overall index by")
    static let countingChange = LocalizedText(es: "Cambio en el rezago multidimensional", en: "Change in multidimensional lagging")
    static let changeScale = LocalizedText(
        es: "Cambios en puntos de la escala 0–100 (en puntos porcentuales para los porcentajes): la ronda posterior menos la anterior, con su intervalo de confianza del 95 %.",
        en: "Changes in points of the 0–100 scale (percentage points for percentages): the later wave minus the earlier, with its 95% confidence interval.")

    static func samples(_ samples: WaveChange.Samples) -> LocalizedText {
        switch samples {
        case .independent:
            LocalizedText(
                es: "Muestras independientes: la varianza del cambio es la suma de las varianzas de ambas rondas, con los grados de libertad de ambas.",
                en: "Independent samples: the variance of a change is the sum of both waves' variances, with the degrees of freedom of both.")
        case .paired:
            LocalizedText(
                es: "Panel: las mismas personas en ambas rondas, enlazadas por su identificador; el cambio se estima sobre los pares, con el diseño de la ronda posterior, y sus niveles son los de las personas enlazadas.",
                en: "Panel: the same respondents in both waves, linked by their id; the change is estimated on the pairs, in the later wave's design, and its levels are those of the linked respondents.")
        }
    }

    static func significantChange(_ method: PValueAdjustment) -> LocalizedText {
        withAdjustment(
            method,
            LocalizedText(
                es: "*: cambio significativo (5 %) (prueba t basada en el diseño", en: "*: significant change (5%) (design-based t test"))
    }
}

extension ReportText {
    static let suppressedChange = LocalizedText(
        es: "estimación no publicable en alguna de las rondas; el cambio se oculta.",
        en: "an estimate too unreliable to publish in either wave; the change is hidden.")
    static let cautionChange = LocalizedText(
        es: "estimación a usar con cautela en alguna de las rondas; también el cambio.",
        en: "an estimate to be used with caution in either wave; so is the change.")
}
