import Foundation

/// How an XLSForm becomes an instrument. Questions with an `integra::dimension` are scored
/// as their `integra::` columns say (`Docs/xlsform.md`); a form without any is matched,
/// question by question, against a built-in instrument (by name, else by label), whose
/// scoring it takes over with the form's own names and choice codes.
extension XLSForm {
    /// Choice names read as non-answers when a question's `integra::nonanswer` is absent:
    /// the codes forms use for "don't know" and "refused".
    public static let conventionalNonAnswers: Set<String> = ["77", "88", "98", "99", "777", "888", "998", "999", "-77", "-88", "-98", "-99"]

    /// Whether any question carries its own scoring.
    public var definesScoring: Bool { questions.contains { $0.integra["dimension"] != nil } }

    /// The instrument the form defines; `builtIn` names the instrument to match a form
    /// without `integra::` columns against (default: the form's setting
    /// `integra::instrument`, else the built-in that matches most of its questions).
    public func instrument(matching builtIn: String? = nil) throws -> Instrument {
        let instrument = definesScoring ? try ownInstrument() : try matchedInstrument(builtInName: builtIn ?? settings["integra::instrument"])
        // The written form of the instrument is what a run stores: it must read back.
        return try Instrument.parse(Data(instrument.jsonText().utf8), source: file)
    }

    private func error(_ question: Question, column: String, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, path: "sheet \"survey\", row \(question.row), column \"\(column)\"", message: message)
    }

    private var instrumentName: String {
        settings["form_id"] ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    }

    /// What the instrument is called in reports, under the study's title (which `integra
    /// init` takes from the form's title): the index, and the form it was fielded as.
    private var title: LocalizedText {
        let form = "\(instrumentName) \(settings["version"] ?? "1")"
        return LocalizedText(es: "Índice de integración · formulario \(form)", en: "Integration index · form \(form)")
    }

    // MARK: Scoring from integra:: columns

    private func ownInstrument() throws -> Instrument {
        var order: [String] = []
        var items: [String: [Item]] = [:]
        var rows: [String: [Question]] = [:]
        for question in questions {
            guard let key = question.integra["dimension"] else { continue }
            if items[key] == nil { order.append(key) }
            items[key, default: []].append(try item(from: question))
            rows[key, default: []].append(question)
        }
        let knownLabels = Dictionary(BuiltInInstrument.all.flatMap { $0.instrument.dimensions.map { ($0.key, $0.labels) } }, uniquingKeysWith: { a, _ in a })
        var dimensions: [Dimension] = []
        for key in order {
            let questions = rows[key]!
            func setting(_ name: String) -> (Question, String)? { questions.lazy.compactMap { q in q.integra[name].map { (q, $0) } }.first }
            var labels = knownLabels[key] ?? LocalizedText(key)
            for question in questions {
                for (name, value) in question.integra where name.hasPrefix("dimension_label") {
                    let language = name.split(separator: ":", omittingEmptySubsequences: true).dropFirst().first.map { XLSForm.languageCode(String($0)) } ?? nil
                    switch language {
                    case "es": labels.es = value
                    case "en": labels.en = value
                    default: labels = LocalizedText(value)
                    }
                }
            }
            var weight = 1.0
            if let (question, text) = setting("dimension_weight") {
                guard let value = Double(text), value > 0 else { throw error(question, column: "integra::dimension_weight", "\"\(text)\" is not a positive number") }
                weight = value
            }
            var inIndex = true
            if let (question, text) = setting("in_index") {
                guard let flag = Self.flag(text) else { throw error(question, column: "integra::in_index", "write yes or no (found \"\(text)\")") }
                inIndex = flag
            }
            let dimensionItems = items[key]!
            var minItems = (dimensionItems.count + 1) / 2
            if let (question, text) = setting("min_items") {
                guard let value = Int(text), (1...dimensionItems.count).contains(value) else {
                    throw error(question, column: "integra::min_items", "must be a whole number from 1 to the dimension's \(dimensionItems.count) items (found \"\(text)\")")
                }
                minItems = value
            }
            dimensions.append(Dimension(key: key, labels: labels, weight: weight, inIndex: inIndex, minItems: minItems, items: dimensionItems))
        }
        let inIndex = dimensions.filter(\.inIndex).count
        var minDimensions = max(1, inIndex - 1)
        if let text = settings["integra::min_dimensions"] {
            guard let value = Int(text), (1...max(inIndex, 1)).contains(value) else {
                throw ConfigurationError(file: file, path: "sheet \"settings\", column \"integra::min_dimensions\"", message: "must be a whole number from 1 to the \(inIndex) dimensions in the index (found \"\(text)\")")
            }
            minDimensions = value
        }
        return Instrument(
            name: instrumentName, version: settings["version"] ?? "1", title: title,
            source: "XLSForm \(URL(fileURLWithPath: file).lastPathComponent)", dimensions: dimensions, minDimensions: minDimensions)
    }

    private func item(from question: Question) throws -> Item {
        let choices = question.listName.flatMap { choiceLists[$0] } ?? []
        let numeric = ["integer", "decimal", "range"].contains(question.type)
        let scaleName = question.integra["scale"]?.lowercased()
            ?? (question.type == "select_one" ? "ordinal" : (numeric || question.type == "select_multiple") ? "bins" : "")
        guard !scaleName.isEmpty else {
            throw error(question, column: "integra::scale", "a question of type \(question.type) has no scale to score: give integra::scale (ordinal, scores or bins)")
        }
        let reversed = try question.integra["reversed"].map { text -> Bool in
            guard let flag = Self.flag(text) else { throw error(question, column: "integra::reversed", "write yes or no (found \"\(text)\")") }
            return flag
        } ?? false
        // Non-answers: declared, or the conventional codes among the question's choices.
        var nonAnswers: [Item.NonAnswer] = []
        if let declared = question.integra["nonanswer"] {
            if declared.lowercased() != "none" {
                for token in declared.split(whereSeparator: { $0 == " " || $0 == "," }) {
                    let parts = token.split(separator: "=", maxSplits: 1).map(String.init)
                    var rule = Item.NonAnswerRule.missing
                    if parts.count == 2 {
                        guard let score = Self.score(parts[1]) else {
                            throw error(question, column: "integra::nonanswer", "\"\(token)\": a score must be lowest, middle, highest or a number from 0 to 1")
                        }
                        rule = .score(score)
                    }
                    let labels = choices.first { $0.name == parts[0] }.map { localized($0.labels, fallback: parts[0]) } ?? LocalizedText(parts[0])
                    nonAnswers.append(Item.NonAnswer(code: parts[0], labels: labels, rule: rule))
                }
            }
        } else {
            nonAnswers = choices.filter { Self.conventionalNonAnswers.contains($0.name) }.map {
                Item.NonAnswer(code: $0.name, labels: localized($0.labels, fallback: $0.name), rule: .missing)
            }
        }
        let nonAnswerCodes = Set(nonAnswers.map(\.code))
        func answerCodes() throws -> [AnswerCode] {
            guard !choices.isEmpty else {
                throw error(question, column: "type", "a \(scaleName) item needs a select_one question with a choice list (this is \(question.type))")
            }
            let names: [String]
            if let order = question.integra["order"] {
                names = order.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
                for name in names where !choices.contains(where: { $0.name == name }) {
                    throw error(question, column: "integra::order", "\"\(name)\" is not a choice of list \"\(question.listName ?? "")\" (choices: \(choices.map(\.name).joined(separator: " ")))")
                }
                if let left = choices.first(where: { !names.contains($0.name) && !nonAnswerCodes.contains($0.name) }) {
                    throw error(question, column: "integra::order", "choice \"\(left.name)\" is neither in the order nor a non-answer: add it to one of integra::order or integra::nonanswer")
                }
            } else {
                names = choices.map(\.name).filter { !nonAnswerCodes.contains($0) }
            }
            return names.map { name in AnswerCode(code: name, labels: localized(choices.first { $0.name == name }!.labels, fallback: name)) }
        }
        let scale: Item.Scale
        switch scaleName {
        case "ordinal":
            let codes = try answerCodes()
            guard codes.count >= 2 else { throw error(question, column: "integra::order", "an ordinal item needs at least two answers in order") }
            scale = .ordinal(codes: codes, reversed: reversed)
        case "scores":
            guard let text = question.integra["scores"] else {
                throw error(question, column: "integra::scores", "a scores item needs each answer's score, as \"1=0 2=0.5 3=1\"")
            }
            var codes: [AnswerCode] = []
            var scores: [Double] = []
            for token in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
                let parts = token.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let score = Double(parts[1]), (0...1).contains(score) else {
                    throw error(question, column: "integra::scores", "\"\(token)\" is not code=score with a score from 0 to 1")
                }
                guard let choice = choices.first(where: { $0.name == parts[0] }) else {
                    throw error(question, column: "integra::scores", "\"\(parts[0])\" is not a choice of list \"\(question.listName ?? "")\"")
                }
                codes.append(AnswerCode(code: parts[0], labels: localized(choice.labels, fallback: parts[0])))
                scores.append(score)
            }
            scale = .scores(codes: codes, scores: scores)
        case "bins":
            guard let text = question.integra["bins"] else {
                throw error(question, column: "integra::bins", "a bins item needs the bins' ascending lower bounds, as \"0 1 3 7 15\"")
            }
            let bounds = text.split(whereSeparator: { $0 == " " || $0 == "," }).map { Double($0) }
            guard bounds.count >= 2, bounds.allSatisfy({ $0 != nil }), zip(bounds, bounds.dropFirst()).allSatisfy({ $0! < $1! }) else {
                throw error(question, column: "integra::bins", "\"\(text)\": at least two ascending numbers are needed")
            }
            scale = .bins(lowerBounds: bounds.map { $0! }, relativeTo: question.integra["relative_to"], reversed: reversed)
        default:
            throw error(question, column: "integra::scale", "unknown scale \"\(scaleName)\" (use ordinal, scores or bins)")
        }
        var item = Item(
            column: question.name, labels: localized(question.labels, fallback: question.name), scale: scale, nonAnswers: nonAnswers,
            routing: try routing(of: question, score: try routingScore(question)))
        item.selectMultiple = question.type == "select_multiple"
        return item
    }

    private func routingScore(_ question: Question) throws -> Double? {
        guard let text = question.integra["routing_score"] else { return nil }
        guard let score = Self.score(text) else {
            throw error(question, column: "integra::routing_score", "\"\(text)\": a score must be lowest, middle, highest or a number from 0 to 1")
        }
        return score
    }

    /// A score written in a cell: `lowest`, `middle`, `highest` or a number from 0 to 1.
    private static func score(_ text: String) -> Double? {
        if let named = Item.namedScore(text) { return named }
        guard let number = Double(text), (0...1).contains(number) else { return nil }
        return number
    }

    /// The routing a question's `relevant` implies: the answers of the question it refers
    /// to for which it was not asked (as codes and, for label exports, as their labels).
    func routing(of question: Question, score: Double?) throws -> Item.Routing? {
        guard !question.relevant.isEmpty else { return nil }
        let expression: RelevantExpression
        do { expression = try RelevantExpression.parse(question.relevant) } catch let failure as RelevantExpression.ParseError {
            throw error(question, column: "relevant", "\"\(question.relevant)\" cannot be read as routing: \(failure.message)")
        }
        let referenced = expression.questions
        guard referenced.count == 1, let name = referenced.first else {
            throw error(question, column: "relevant", "\"\(question.relevant)\" refers to \(referenced.count) questions: integra routes an item by one question's answers")
        }
        guard let source = self.question(named: name) else {
            throw error(question, column: "relevant", "\"\(question.relevant)\" refers to ${\(name)}, which is not a question of the form")
        }
        guard source.type == "select_one", let choices = source.listName.flatMap({ choiceLists[$0] }) else {
            throw error(question, column: "relevant", "\"\(question.relevant)\" refers to ${\(name)}, a question of type \(source.type): integra routes by the answers of a select_one question")
        }
        let skipped = choices.filter { !expression.isTrue(when: $0.name) }
        guard !skipped.isEmpty else { return nil }
        var values = skipped.map(\.name)
        for choice in skipped { values += allLabels(choice.labels).filter { !values.contains($0) } }
        return Item.Routing(column: name, labels: localized(source.labels, fallback: name), skippedWhen: values, score: score)
    }

    static func flag(_ text: String) -> Bool? {
        switch text.labelKey {
        case "yes", "true", "1", "si", "y": true
        case "no", "false", "0", "n": false
        default: nil
        }
    }

    // MARK: Scoring from a built-in instrument

    private func matchedInstrument(builtInName: String?) throws -> Instrument {
        func matches(_ builtIn: BuiltInInstrument) -> [String: Question] {
            var found: [String: Question] = [:]
            for item in builtIn.instrument.items {
                let keys = item.labels.labelKeys
                found[item.column] = question(named: item.column)
                    ?? questions.first { question in allLabels(question.labels).contains { keys.contains($0.labelKey) } }
            }
            return found
        }
        let builtIn: BuiltInInstrument
        if let builtInName {
            builtIn = try BuiltInInstrument.resolve(name: builtInName, version: nil, file: file, path: "sheet \"settings\", column \"integra::instrument\"")
        } else {
            guard let best = BuiltInInstrument.all.max(by: { matches($0).count < matches($1).count }), matches(best).count * 2 >= best.instrument.items.count else {
                throw ConfigurationError(
                    file: file, path: "sheet \"survey\"",
                    message: "no question has an integra::dimension, and the form matches no built-in instrument by question names or labels: add integra:: columns (Docs/xlsform.md)")
            }
            builtIn = best
        }
        let found = matches(builtIn)
        let missing = builtIn.instrument.items.filter { found[$0.column] == nil }.map(\.column)
        guard missing.isEmpty else {
            throw ConfigurationError(
                file: file, path: "sheet \"survey\"",
                message: "the form has no question for \(missing.count) of \(builtIn.name)'s items (\(missing.joined(separator: ", "))), by name or label: rename them, or score the form with integra:: columns (Docs/xlsform.md)")
        }
        var instrument = builtIn.instrument
        instrument.name = instrumentName
        instrument.version = settings["version"] ?? "1"
        instrument.title = LocalizedText(
            es: "\(builtIn.instrument.title.es) · formulario \(instrumentName)", en: "\(builtIn.instrument.title.en) · form \(instrumentName)")
        instrument.source = "XLSForm \(URL(fileURLWithPath: file).lastPathComponent), scored as the built-in \(builtIn.name) \(builtIn.version)"
        for d in instrument.dimensions.indices {
            for i in instrument.dimensions[d].items.indices {
                let original = instrument.dimensions[d].items[i]
                let question = found[original.column]!
                instrument.dimensions[d].items[i] = try adapt(original, to: question, builtIn: builtIn, found: found)
            }
        }
        return instrument
    }

    /// A built-in item under the form's question name, with the form's choice names for
    /// its codes (matched by name, else by label) and the form's labels.
    private func adapt(_ original: Item, to question: Question, builtIn: BuiltInInstrument, found: [String: Question]) throws -> Item {
        var item = original
        item.column = question.name
        item.labels = localized(question.labels, fallback: original.labels.es)
        let choices = question.listName.flatMap { choiceLists[$0] } ?? []
        func choiceName(for code: AnswerCode, required: Bool) throws -> String? {
            if choices.contains(where: { $0.name == code.code }) { return code.code }
            let keys = code.labels.labelKeys
            if let choice = choices.first(where: { allLabels($0.labels).contains { keys.contains($0.labelKey) } }) { return choice.name }
            guard required else { return nil }
            throw error(question, column: "type", "no choice of list \"\(question.listName ?? "")\" stands for \(builtIn.name)'s answer \"\(code.code)\" (\(code.labels.es)), by name or label")
        }
        func adapted(_ codes: [AnswerCode]) throws -> [AnswerCode] {
            try codes.map { code in
                let name = try choiceName(for: code, required: true)!
                return AnswerCode(code: name, labels: localized(choices.first { $0.name == name }!.labels, fallback: name))
            }
        }
        switch original.scale {
        case .ordinal(let codes, let reversed): item.scale = .ordinal(codes: try adapted(codes), reversed: reversed)
        case .scores(let codes, let scores): item.scale = .scores(codes: try adapted(codes), scores: scores)
        case .bins: break
        }
        item.nonAnswers = try original.nonAnswers.compactMap { nonAnswer in
            guard let name = try choiceName(for: AnswerCode(code: nonAnswer.code, labels: nonAnswer.labels), required: false) else {
                // A number question keeps its declared non-answer codes; a choice list without one cannot hold it.
                return choices.isEmpty ? nonAnswer : nil
            }
            return Item.NonAnswer(code: name, labels: localized(choices.first { $0.name == name }!.labels, fallback: name), rule: nonAnswer.rule)
        }
        if let routing = original.routing {
            item.routing = try self.routing(of: question, score: routing.score)
            if item.routing == nil, let source = found[routing.column] ?? self.question(named: routing.column) {
                item.routing = Item.Routing(
                    column: source.name, labels: localized(source.labels, fallback: source.name), skippedWhen: routing.skippedWhen, score: routing.score)
            }
        } else if !question.relevant.isEmpty {
            item.routing = try self.routing(of: question, score: nil)
        }
        return item
    }
}
