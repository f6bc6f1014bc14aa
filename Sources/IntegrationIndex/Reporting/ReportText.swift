import Foundation

/// The fixed words of every report, in each report language.
public enum ReportText {
    static let overall = LocalizedText(es: "Índice general", en: "Overall index")
    static let indicator = LocalizedText(es: "Indicador", en: "Indicator")
    static let estimate = LocalizedText(es: "Estimación", en: "Estimate")
    static let interval = LocalizedText(es: "IC 95 %", en: "95% CI")
    static let intervalLow = LocalizedText(es: "IC 95 % inferior", en: "95% CI low")
    static let intervalHigh = LocalizedText(es: "IC 95 % superior", en: "95% CI high")
    static let standardError = LocalizedText(es: "Error estándar", en: "Standard error")
    static let coefficientOfVariation = LocalizedText(es: "CV", en: "CV")
    static let flag = LocalizedText(es: "Calidad", en: "Quality")
    static let weightedN = LocalizedText(es: "N ponderado", en: "Weighted N")
    static let summary = LocalizedText(es: "Resumen: toda la población", en: "Summary: whole population")
    static let profile = LocalizedText(es: "Perfil por dimensión", en: "Dimension profile")
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
    /// The meaning of a star, with the study's adjustment for the number of comparisons.
    static func significanceLegend(_ method: PValueAdjustment) -> LocalizedText {
        withAdjustment(
            method,
            LocalizedText(
                es: "*: diferencia significativa (5 %) con el grupo de referencia, la primera fila de cada tabla (prueba t basada en el diseño",
                en: "*: significantly different (5%) from the reference group, the first row of each table (design-based t test"))
    }

    /// `base` closed by how its p-values were adjusted for the number of comparisons.
    static func withAdjustment(_ method: PValueAdjustment, _ base: LocalizedText) -> LocalizedText {
        switch method {
        case .holm:
            LocalizedText(
                es: base.es + ", p ajustado por Holm sobre todas las comparaciones de la tabla).",
                en: base.en + ", p adjusted by Holm's method over all comparisons of the table).")
        case .benjaminiHochberg:
            LocalizedText(
                es: base.es + ", p ajustado por Benjamini–Hochberg sobre todas las comparaciones de la tabla).",
                en: base.en + ", p adjusted by Benjamini–Hochberg over all comparisons of the table).")
        case .none:
            LocalizedText(es: base.es + ", sin ajuste por comparaciones múltiples).", en: base.en + ", not adjusted for multiple comparisons).")
        }
    }
    static let shading = LocalizedText(
        es: "Sombreado por columna: más oscuro, valor más alto. F: no publicable; E: usar con precaución.",
        en: "Shaded by column: darker is higher. F: too unreliable to publish; E: use with caution.")
    static let reference = LocalizedText(es: "referencia", en: "reference")
    static let design = LocalizedText(es: "Diseño muestral", en: "Sampling design")
    static let quality = LocalizedText(es: "Calidad de los datos", en: "Data quality")
    static let method = LocalizedText(es: "Método", en: "Method")
    static let quarantineReasons = LocalizedText(es: "Motivos de cuarentena", en: "Reasons for quarantine")
    static let itemNonResponse = LocalizedText(es: "No respuesta por pregunta", en: "Item non-response")
    static let findingSummary = LocalizedText(es: "Hallazgos por columna", en: "Findings by column")
    static let question = LocalizedText(es: "Pregunta", en: "Question")
    static let column = LocalizedText(es: "Columna", en: "Column")
    static let asked = LocalizedText(es: "Aplicada a", en: "Asked of")
    static let missing = LocalizedText(es: "Sin respuesta válida", en: "No valid answer")
    static let nonAnswerShare = LocalizedText(es: "No sabe o no responde (%)", en: "Don't know or refused (%)")
    static let missingShare = LocalizedText(es: "Sin respuesta válida (%)", en: "No valid answer (%)")
    static let meanItemScore = LocalizedText(es: "Puntaje medio (0–100)", en: "Mean score (0–100)")
    static let itemsByGroup = LocalizedText(es: "Preguntas por grupo", en: "Items by group")
    static let group = LocalizedText(es: "Grupo", en: "Group")
    static let groupVariable = LocalizedText(es: "Variable de grupo", en: "Group variable")
    static let itemNote = LocalizedText(
        es: "Porcentajes sobre las personas a quienes se aplicó la pregunta. No sabe o no responde: respuestas declaradas como tales en el instrumento, aunque este les asigne un puntaje. Puntaje medio ponderado por los pesos de muestreo, sobre quienes tienen puntaje en la pregunta. Por grupo: hoja «Preguntas por grupo» del libro.",
        en: "Percentages of the respondents asked. Don't know or refused: answers the instrument declares as such, even where it scores them. Mean score weighted by the sampling weights, over the respondents scored on the item. By group: the workbook's \"Items by group\" sheet.")
    static let count = LocalizedText(es: "Número", en: "Count")
    static let rule = LocalizedText(es: "Regla", en: "Rule")
    static let reason = LocalizedText(es: "Motivo", en: "Reason")
    static let dimension = LocalizedText(es: "Dimensión", en: "Dimension")
    static let items = LocalizedText(es: "Preguntas", en: "Items")
    static let weight = LocalizedText(es: "Peso", en: "Weight")
    static let minimumItems = LocalizedText(es: "Mínimo de respuestas", en: "Minimum items")
    static let inIndex = LocalizedText(es: "En el índice", en: "In the index")
    static let yes = LocalizedText(es: "Sí", en: "Yes")
    static let no = LocalizedText(es: "No", en: "No")
    static let respondents = LocalizedText(es: "Puntuaciones por persona", en: "Respondent scores")
    static let none = LocalizedText(es: "Ninguno", en: "None")
    static let generated = LocalizedText(es: "Generado por integra", en: "Made with integra")

    static func scoringMethod(_ instrument: Instrument) -> LocalizedText {
        LocalizedText(
            es: "Cada respuesta se convierte en una puntuación de 0 a 1 según su posición en la escala (las preguntas invertidas se dan vuelta); \"no sabe\" y \"no responde\" cuentan como faltantes salvo regla propia de la pregunta. La puntuación de una dimensión es el promedio de sus preguntas respondidas, si hay al menos el mínimo indicado. El índice general es el promedio ponderado de las dimensiones disponibles del índice, si hay al menos \(instrument.minDimensions). Todo se muestra en escala 0–100.",
            en: "Each answer becomes a score from 0 to 1 by its position on the scale (reversed questions are flipped); \"don't know\" and refusals are missing unless the question has its own rule. A dimension's score is the mean of its answered questions when at least the minimum are answered. The overall index is the weighted mean of the available dimensions in the index, when at least \(instrument.minDimensions) are available. Everything is shown on a 0–100 scale.")
    }

    static func quarantineKind(_ kind: QuarantinedRow.Kind) -> LocalizedText {
        switch kind {
        case .fieldCount: LocalizedText(es: "Número de campos incorrecto", en: "Wrong number of fields")
        case .malformedQuoting: LocalizedText(es: "Comillas mal formadas", en: "Malformed quoting")
        case .missingID: LocalizedText(es: "Sin identificador", en: "Missing respondent id")
        case .duplicateID: LocalizedText(es: "Identificador repetido", en: "Duplicate respondent id")
        case .missingDesignValue: LocalizedText(es: "Falta un valor del diseño", en: "Missing design value")
        case .unusableWeight: LocalizedText(es: "Peso inválido", en: "Unusable weight")
        case .unusableFPC: LocalizedText(es: "Corrección por población finita inválida", en: "Unusable fpc")
        }
    }

    static func findingRule(_ rule: Finding.Rule) -> LocalizedText {
        switch rule {
        case .unknownCode: LocalizedText(es: "Código desconocido", en: "Unknown code")
        case .notANumber: LocalizedText(es: "No es un número", en: "Not a number")
        case .outsideBands: LocalizedText(es: "Fuera de los tramos", en: "Outside the bands")
        case .answeredWhenSkipped: LocalizedText(es: "Respondida aunque el salto la omite", en: "Answered although skipped")
        case .encoding: LocalizedText(es: "Codificación del archivo", en: "File encoding")
        case .unknownLabel: LocalizedText(es: "Etiqueta desconocida", en: "Unknown label")
        }
    }

    /// The design in a sentence, for the method section.
    static func design(_ spec: DesignSpecification, language: Language) -> String {
        var parts: [String] = []
        let es = language == .es
        if let replicates = spec.replicates {
            parts.append(es ? "pesos replicados \(replicates.kind.rawValue) (columnas \(replicates.prefix)1…)" : "\(replicates.kind.rawValue) replicate weights (columns \(replicates.prefix)1…)")
        } else {
            if let strata = spec.strata { parts.append(es ? "estratos: \(strata)" : "strata: \(strata)") }
            if !spec.clusters.isEmpty {
                parts.append((es ? "conglomerados por etapa: " : "clusters by stage: ") + spec.clusters.joined(separator: ", "))
            }
            if !spec.fpc.isEmpty { parts.append((es ? "corrección por población finita: " : "finite population correction: ") + spec.fpc.joined(separator: ", ")) }
            parts.append(es ? "varianza por linealización de Taylor" : "Taylor-linearized variance")
        }
        if let weight = spec.weight { parts.insert(es ? "pesos: \(weight)" : "weights: \(weight)", at: 0) }
        return parts.joined(separator: "; ") + "."
    }

    /// A date as the report's language writes it: "22 de noviembre de 2026", "22 November 2026".
    public static func date(_ date: Date, language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let months: [String] = language == .es
            ? ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let month = months[(parts.month ?? 1) - 1]
        return language == .es ? "\(parts.day ?? 1) de \(month) de \(parts.year ?? 0)" : "\(parts.day ?? 1) \(month) \(parts.year ?? 0)"
    }
}
