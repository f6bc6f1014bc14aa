import Foundation

extension Instrument {
    /// Loads and validates an instrument file; every problem names the JSON path.
    public static func load(from url: URL) throws -> Instrument {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigurationError(file: url.path, path: "$", message: "cannot read the instrument file")
        }
        return try parse(data, source: url.path)
    }

    public static func parse(_ data: Data, source: String) throws -> Instrument {
        let root = JSONReader(try JSONValue.parse(data, source: source), file: source)
        let object = try root.object(allowing: ["name", "version", "title", "source", "index", "dimensions"])
        let dimensionReaders = try object.required("dimensions").array()
        guard !dimensionReaders.isEmpty else { throw object.error("an instrument needs at least one dimension") }
        let dimensions = try dimensionReaders.map(readDimension)

        var seenKeys: [String: String] = [:]
        var seenColumns: [String: String] = [:]
        for (d, dimension) in dimensions.enumerated() {
            let path = "$.dimensions[\(d)]"
            if let first = seenKeys[dimension.key] {
                throw ConfigurationError(file: source, path: "\(path).key", message: "duplicate dimension key \"\(dimension.key)\" (first at \(first))")
            }
            seenKeys[dimension.key] = "\(path).key"
            for (i, item) in dimension.items.enumerated() {
                let itemPath = "\(path).items[\(i)].column"
                if let first = seenColumns[item.column] {
                    throw ConfigurationError(file: source, path: itemPath, message: "duplicate column \"\(item.column)\" (first at \(first))")
                }
                seenColumns[item.column] = itemPath
            }
        }

        let inIndexCount = dimensions.filter(\.inIndex).count
        guard inIndexCount > 0 else { throw object.error("no dimension has \"inIndex\": true") }
        var minDimensions = max(1, inIndexCount - 1)
        if let index = object.optional("index") {
            let settings = try index.object(allowing: ["minDimensions"])
            if let reader = settings.optional("minDimensions") {
                minDimensions = try reader.integer()
                guard (1...inIndexCount).contains(minDimensions) else {
                    throw reader.error("minDimensions must be between 1 and the \(inIndexCount) dimensions in the index")
                }
            }
        }
        return Instrument(
            name: try object.required("name").string(),
            version: try object.optional("version")?.string() ?? "1",
            title: try object.optional("title").map(LocalizedText.read) ?? LocalizedText(try object.required("name").string()),
            source: try object.optional("source")?.string() ?? "",
            dimensions: dimensions,
            minDimensions: minDimensions)
    }

    private static func readDimension(_ reader: JSONReader) throws -> Dimension {
        let object = try reader.object(allowing: ["key", "labels", "weight", "inIndex", "minItems", "items"])
        let key = try object.required("key").string()
        var weight = 1.0
        if let weightReader = object.optional("weight") {
            weight = try weightReader.number()
            guard weight > 0, weight.isFinite else { throw weightReader.error("weight must be positive (got \(weight))") }
        }
        let itemReaders = try object.required("items").array()
        guard !itemReaders.isEmpty else { throw object.error("dimension \"\(key)\" has no items") }
        let items = try itemReaders.map(readItem)
        var minItems = (items.count + 1) / 2
        if let minReader = object.optional("minItems") {
            minItems = try minReader.integer()
            guard (1...items.count).contains(minItems) else {
                throw minReader.error("minItems must be between 1 and the dimension's \(items.count) items")
            }
        }
        return Dimension(
            key: key, labels: try LocalizedText.read(try object.required("labels")), weight: weight,
            inIndex: try object.optional("inIndex")?.bool() ?? true, minItems: minItems, items: items)
    }

    private static func readItem(_ reader: JSONReader) throws -> Item {
        let object = try reader.object(allowing: [
            "column", "labels", "scale", "codes", "reversed", "bins", "relativeTo", "nonAnswers", "routing", "selectMultiple",
        ])
        let column = try object.required("column").string()
        guard !column.isEmpty else { throw try object.required("column").error("column must not be empty") }
        let scaleName = try object.optional("scale")?.string() ?? "ordinal"
        let reversed = try object.optional("reversed")?.bool() ?? false
        let scale: Item.Scale
        switch scaleName {
        case "ordinal", "scores":
            guard let codesReader = object.optional("codes") else { throw object.error("item \"\(column)\" has no codes") }
            let codeReaders = try codesReader.array()
            guard codeReaders.count >= (scaleName == "ordinal" ? 2 : 1) else {
                throw codesReader.error("item \"\(column)\" needs at least \(scaleName == "ordinal" ? 2 : 1) codes")
            }
            var codes: [AnswerCode] = []
            var scores: [Double] = []
            for codeReader in codeReaders {
                let codeObject = try codeReader.object(allowing: ["code", "labels", "score"])
                let code = AnswerCode(code: try codeObject.required("code").string(), labels: try LocalizedText.read(try codeObject.required("labels")))
                if codes.contains(where: { $0.code == code.code }) {
                    throw codeReader.error("duplicate code \"\(code.code)\"")
                }
                codes.append(code)
                if scaleName == "scores" {
                    let scoreReader = try codeObject.required("score")
                    let score = try scoreReader.number()
                    guard (0...1).contains(score) else { throw scoreReader.error("score must be between 0 and 1 (got \(score))") }
                    scores.append(score)
                } else if codeObject.has("score") {
                    throw codeReader.error("\"score\" belongs to items with \"scale\": \"scores\"")
                }
            }
            scale = scaleName == "ordinal" ? .ordinal(codes: codes, reversed: reversed) : .scores(codes: codes, scores: scores)
        case "bins":
            let binsReader = try object.required("bins")
            let bounds = try binsReader.array().map { try $0.number() }
            guard bounds.count >= 2, zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw binsReader.error("bins must be at least two ascending lower bounds")
            }
            scale = .bins(lowerBounds: bounds, relativeTo: try object.optional("relativeTo")?.string(), reversed: reversed)
        default:
            throw try object.required("scale").error("unknown scale \"\(scaleName)\" (use ordinal, scores or bins)")
        }

        var nonAnswers: [Item.NonAnswer] = []
        for nonAnswerReader in try object.optional("nonAnswers")?.array() ?? [] {
            let nonAnswer = try nonAnswerReader.object(allowing: ["code", "labels", "score"])
            let code = try nonAnswer.required("code").string()
            if scale.codesContain(code) { throw nonAnswerReader.error("code \"\(code)\" is both an answer and a non-answer") }
            var rule = Item.NonAnswerRule.missing
            if let scoreReader = nonAnswer.optional("score") {
                if case .string(let name) = scoreReader.value {
                    rule = .score(try named(score: name, scale: scale, reader: scoreReader))
                } else {
                    let score = try scoreReader.number()
                    guard (0...1).contains(score) else { throw scoreReader.error("score must be between 0 and 1 (got \(score))") }
                    rule = .score(score)
                }
            }
            nonAnswers.append(Item.NonAnswer(code: code, labels: try nonAnswer.optional("labels").map(LocalizedText.read) ?? LocalizedText(code), rule: rule))
        }

        var routing: Item.Routing?
        if let routingReader = object.optional("routing") {
            let routingObject = try routingReader.object(allowing: ["column", "labels", "skippedWhen", "score"])
            var score: Double?
            if let scoreReader = routingObject.optional("score") {
                let value = try scoreReader.number()
                guard (0...1).contains(value) else { throw scoreReader.error("score must be between 0 and 1 (got \(value))") }
                score = value
            }
            routing = Item.Routing(
                column: try routingObject.required("column").string(), labels: try routingObject.optional("labels").map(LocalizedText.read),
                skippedWhen: try routingObject.required("skippedWhen").strings(), score: score)
        }
        var item = Item(
            column: column, labels: try LocalizedText.read(try object.required("labels")), scale: scale,
            nonAnswers: nonAnswers, routing: routing)
        if let selectReader = object.optional("selectMultiple") {
            item.selectMultiple = try selectReader.bool()
            if item.selectMultiple, case .bins = scale {} else if item.selectMultiple {
                throw selectReader.error("a select_multiple item is scored by its count of choices: give it \"scale\": \"bins\"")
            }
        }
        return item
    }

    /// "lowest", "middle" or "highest" position of the item's scale, for non-answers such as
    /// "don't know" to a knowledge question.
    private static func named(score name: String, scale: Item.Scale, reader: JSONReader) throws -> Double {
        guard let score = Item.namedScore(name) else {
            throw reader.error("score must be a number or one of lowest, middle, highest (got \"\(name)\")")
        }
        return score
    }
}

extension Item.Scale {
    func codesContain(_ code: String) -> Bool {
        switch self {
        case .ordinal(let codes, _), .scores(let codes, _): codes.contains { $0.code == code }
        case .bins: false
        }
    }
}
