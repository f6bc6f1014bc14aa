/// The words of the section on the firmness of the groups' order (`RankSensitivity`).
extension ReportText {
    static let ranks = LocalizedText(es: "Solidez del orden de los grupos", en: "How firm the groups' order is")
    static let rank = LocalizedText(es: "Puesto", en: "Rank")
    static let medianRank = LocalizedText(es: "Puesto mediano", en: "Median rank")
    static let rankInterval = LocalizedText(es: "Intervalo del 90 %", en: "90% interval")

    /// How the sample is drawn again follows `design`: its PSUs, random groups of its
    /// respondents when it has no clusters, or its replicate weights.
    static func ranksMethod(_ settings: RankSettings, counting: Bool, design: DesignSpecification, language: Language) -> String {
        let format = NumberFormat(language: language)
        let low = format.decimal(settings.weightRange.lowerBound, digits: 2)
        let high = format.decimal(settings.weightRange.upperBound, digits: 2)
        let draws = format.integer(settings.draws)
        let groups = format.integer(RankSensitivity.randomGroupsPerStratum)
        let resampling: String
        switch (language, design.replicates != nil, design.clusters.isEmpty) {
        case (.es, true, _): resampling = "se sustituye por una de sus réplicas, con su desviación escalada para que las simulaciones tengan la varianza de las réplicas"
        case (.es, false, true): resampling = "se vuelve a extraer por bootstrap de grupos aleatorios de personas (hasta \(groups) por estrato) dentro de cada estrato"
        case (.es, false, false): resampling = "se vuelve a extraer por bootstrap de las UPM dentro de cada estrato"
        case (.en, true, _): resampling = "is replaced by one of its replicates, its deviation scaled so that the draws have the replicates' variance"
        case (.en, false, true): resampling = "is drawn again by a bootstrap of random groups of respondents (up to \(groups) per stratum) within each stratum"
        case (.en, false, false): resampling = "is drawn again by a bootstrap of the PSUs within each stratum"
        }
        switch language {
        case .es:
            return "Puesto de cada grupo en el índice general (1 = el más integrado) según el promedio ponderado de sus medias por dimensión, en \(draws) simulaciones (semilla \(settings.seed)): en cada una, el peso de cada dimensión se multiplica por un factor al azar entre \(low) y \(high) y la muestra \(resampling). Punto: puesto mediano; línea: del percentil 5 al 95 de los puestos. Un intervalo largo indica que el lugar del grupo depende de los pesos o de la muestra."
                + (counting ? " A la derecha, el puesto según el índice de rezago M0 (1 = el menos rezagado), moviendo además todos los umbrales de rezago juntos hasta ±\(format.decimal(settings.cutoffShift, digits: 2)) en la escala 0–1." : "")
        case .en:
            return "Each group's rank on the overall index (1 = the most integrated) by the weighted mean of its dimension means, over \(draws) draws (seed \(settings.seed)): in each, every dimension's weight is multiplied by a random factor between \(low) and \(high) and the sample \(resampling). Dot: median rank; line: 5th to 95th percentile of the ranks. A long line means the group's place depends on the weights or on the sample."
                + (counting ? " Beside it, the rank by the lagging index M0 (1 = the least lagging), the lagging cut-offs also moved together by up to ±\(format.decimal(settings.cutoffShift, digits: 2)) on the 0–1 scale." : "")
        }
    }
}
