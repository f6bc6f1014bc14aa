/// The fixed words of every report, in each report language.
enum ReportText {
    static let overall = LocalizedText(es: "Índice general", en: "Overall index")
    static let group = LocalizedText(es: "Grupo", en: "Group")
    static let indicator = LocalizedText(es: "Indicador", en: "Indicator")
    static let estimate = LocalizedText(es: "Estimación", en: "Estimate")
    static let interval = LocalizedText(es: "IC 95 %", en: "95% CI")
    static let summary = LocalizedText(es: "Resumen: toda la población", en: "Summary: whole population")
    static let headlines = LocalizedText(es: "Indicadores principales", en: "Headline indicators")
    static let byGroup = LocalizedText(es: "Por", en: "By")
    static let data = LocalizedText(es: "Datos", en: "Data")
    static let rowsRead = LocalizedText(es: "filas leídas", en: "rows read")
    static let rowsAccepted = LocalizedText(es: "aceptadas", en: "accepted")
    static let rowsQuarantined = LocalizedText(es: "en cuarentena", en: "quarantined")
    static let findings = LocalizedText(es: "hallazgos", en: "findings")
    static let scale = LocalizedText(
        es: "Puntuaciones en escala 0–100 (100 = máxima integración); proporciones en porcentaje.",
        en: "Scores on a 0–100 scale (100 = most integrated); proportions in percent.")
    static let legend = LocalizedText(
        es: "E: usar con precaución (n < 30 o CV > 16,5 %). F: no publicable (n < 10, CV > 33,3 % o intervalo no definido); el valor se oculta. n: respondentes sin valor perdido.",
        en: "E: use with caution (n < 30 or CV > 16.5%). F: too unreliable to publish (n < 10, CV > 33.3% or undefined interval); the value is hidden. n: respondents with a value.")
    static let design = LocalizedText(es: "Diseño muestral", en: "Sampling design")
}
