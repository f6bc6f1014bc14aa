/// The groups a policy team reports by (sex, age, nationality, time in the country,
/// migratory status, province), recognised among a file's columns by their names and labels,
/// with their values' labels from the form or the file, and the method guide's bands for
/// age and years in the country.
struct GroupProposal {
    struct Role {
        var key: String
        var labels: LocalizedText
        /// A regular expression over label keys (accents and case aside).
        var pattern: String
        var bands: [GroupVariable.Band]?
    }

    static let roles: [Role] = [
        Role(key: "sex", labels: LocalizedText(es: "Sexo", en: "Sex"), pattern: "^(sex|sexo|genero|gender)$|\\bsexo\\b|\\bsex\\b|\\bgenero\\b|\\bgender\\b"),
        Role(
            key: "age", labels: LocalizedText(es: "Edad", en: "Age"), pattern: "^(age|edad)$|\\bedad\\b|\\bage\\b|how old",
            bands: [
                band(nil, 18, LocalizedText(es: "Menos de 18", en: "Under 18")), band(18, 25, LocalizedText("18–24")), band(25, 35, LocalizedText("25–34")),
                band(35, 45, LocalizedText("35–44")), band(45, 60, LocalizedText("45–59")), band(60, nil, LocalizedText("60+")),
            ]),
        Role(
            key: "nationality", labels: LocalizedText(es: "Nacionalidad", en: "Nationality"),
            pattern: "nacionalidad|nationality|pais.de.origen|country.of.origin|pais.de.nacimiento|country.of.birth"),
        Role(
            key: "years", labels: LocalizedText(es: "Tiempo en el país", en: "Time in the country"),
            pattern: "years.in.(the.)?country|tiempo.(en.el.)?pais|anos.en.el.pais|time.in.the.country|anos.de.residencia|years.of.residence",
            bands: [
                band(nil, 1, LocalizedText(es: "Menos de 1 año", en: "Under 1 year")), band(1, 2, LocalizedText(es: "1–2 años", en: "1–2 years")),
                band(2, 5, LocalizedText(es: "2–5 años", en: "2–5 years")), band(5, 10, LocalizedText(es: "5–10 años", en: "5–10 years")),
                band(10, nil, LocalizedText(es: "10 años o más", en: "10 years or more")),
            ]),
        Role(
            key: "status", labels: LocalizedText(es: "Situación migratoria", en: "Migratory status"),
            pattern: "situacion.migratoria|migratory.status|migration.status|estatus.migratorio|condicion.migratoria|immigration.status"),
        Role(
            key: "province", labels: LocalizedText(es: "Provincia", en: "Province"),
            pattern: "^(provincia|province|region|departamento|municipio|distrito|district)$|\\bprovincia\\b|\\bprovince\\b|\\bregion\\b|\\bdepartamento\\b"),
    ]

    private static func band(_ lower: Double?, _ upper: Double?, _ labels: LocalizedText) -> GroupVariable.Band {
        GroupVariable.Band(lower: lower, upper: upper, labels: labels)
    }

    /// Categorical groups with more values than this are left for the user to recode.
    static let maximumValues = 40

    var groups: [JSONDocument] = []
    var columns: [String] = []
    var notes: [String] = []
    var todos: [(path: String, text: String)] = []

    init(_ data: DataColumns, excluding used: Set<String>) {
        var keys: [String] = []
        for role in Self.roles {
            guard let column = data.columns.first(where: { !used.contains($0.header) && !columns.contains($0.header) && $0.filled > 0 && $0.described(by: role.pattern) }) else {
                continue
            }
            let path = "$.groups[\(groups.count)]"
            var members: [(String, JSONDocument)] = [("key", .string(role.key)), ("labels", role.labels.json), ("column", .string(column.header))]
            if var bands = role.bands, column.isNumeric {
                let minimum = (0..<data.rows).map(column.number(at:)).filter { !$0.isNaN }.min() ?? 0
                if let first = bands.first, first.lower == nil, let upper = first.upper, minimum >= upper { bands.removeFirst() }
                // The first band is open below: every number falls in a band.
                bands[0].lower = nil
                members.append(("bands", .array(bands.map { band in
                    var entry: [(String, JSONDocument)] = []
                    if let lower = band.lower { entry.append(("from", .number(lower))) }
                    if let upper = band.upper { entry.append(("below", .number(upper))) }
                    entry.append(("labels", band.labels.json))
                    return .object(entry)
                })))
                notes.append("group \(role.key): \(column.header), numbers in the method guide's bands")
            } else {
                let levels = column.values.levels
                guard levels.count <= Self.maximumValues else {
                    todos.append(("$.groups", "\(column.header) looks like \(role.key) but has \(levels.count) values: recode it into fewer groups and add it to \"groups\""))
                    continue
                }
                var values: [JSONDocument]
                if !column.valueLabels.isEmpty {
                    values = column.valueLabels.map { .object([("value", .string($0.value)), ("labels", $0.labels.json)]) }
                    notes.append("group \(role.key): \(column.header), \(column.valueLabels.count) values labelled by the \(column.valueLabelSource)")
                } else {
                    let sorted = levels.sorted { a, b in
                        if let x = Double(a), let y = Double(b) { return x < y }
                        return a < b
                    }
                    values = sorted.map { .object([("value", .string($0)), ("labels", .string($0))]) }
                    todos.append((path, "the values of \(role.key) (\(column.header)) are labelled by themselves: give each its label in es and en"))
                    notes.append("group \(role.key): \(column.header), \(levels.count) values")
                }
                members.append(("values", .array(values)))
            }
            groups.append(.object(members))
            columns.append(column.header)
            keys.append(role.key)
        }
        if keys.contains("sex"), keys.contains("nationality") {
            groups.append(.object([
                ("key", .string("sex_nationality")), ("labels", LocalizedText(es: "Sexo y nacionalidad", en: "Sex and nationality").json),
                ("cross", .array([.string("sex"), .string("nationality")])),
            ]))
        }
    }
}
