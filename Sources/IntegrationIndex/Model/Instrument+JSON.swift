extension Instrument {
    /// The instrument in the format of `Docs/instrument-format.md`, with only the keys whose
    /// value differs from the default: `Instrument.parse` of this text gives this instrument.
    public var json: JSONDocument {
        var members: [(String, JSONDocument)] = [
            ("name", .string(name)), ("version", .string(version)), ("title", title.json),
        ]
        if !source.isEmpty { members.append(("source", .string(source))) }
        if minDimensions != max(1, indexDimensions.count - 1) { members.append(("index", .object([("minDimensions", .number(Double(minDimensions)))]))) }
        members.append(("dimensions", .array(dimensions.map(\.json))))
        return .object(members)
    }

    public func jsonText() -> String { json.text }
}

extension Dimension {
    var json: JSONDocument {
        var members: [(String, JSONDocument)] = [("key", .string(key)), ("labels", labels.json)]
        if weight != 1 { members.append(("weight", .number(weight))) }
        if !inIndex { members.append(("inIndex", .bool(false))) }
        if minItems != (items.count + 1) / 2 { members.append(("minItems", .number(Double(minItems)))) }
        members.append(("items", .array(items.map(\.json))))
        return .object(members)
    }
}

extension Item {
    var json: JSONDocument {
        var members: [(String, JSONDocument)] = [("column", .string(column)), ("labels", labels.json)]
        func codeList(_ codes: [AnswerCode], scores: [Double]? = nil) -> JSONDocument {
            .array(codes.enumerated().map { index, code in
                var entry: [(String, JSONDocument)] = [("code", .string(code.code)), ("labels", code.labels.json)]
                if let scores { entry.append(("score", .number(scores[index]))) }
                return .object(entry)
            })
        }
        switch scale {
        case .ordinal(let codes, let reversed):
            members.append(("codes", codeList(codes)))
            if reversed { members.append(("reversed", .bool(true))) }
        case .scores(let codes, let scores):
            members.append(("scale", .string("scores")))
            members.append(("codes", codeList(codes, scores: scores)))
        case .bins(let bounds, let relativeTo, let reversed):
            members.append(("scale", .string("bins")))
            members.append(("bins", .array(bounds.map { .number($0) })))
            if let relativeTo { members.append(("relativeTo", .string(relativeTo))) }
            if reversed { members.append(("reversed", .bool(true))) }
        }
        if selectMultiple { members.append(("selectMultiple", .bool(true))) }
        if !nonAnswers.isEmpty {
            members.append(("nonAnswers", .array(nonAnswers.map { nonAnswer in
                var entry: [(String, JSONDocument)] = [("code", .string(nonAnswer.code)), ("labels", nonAnswer.labels.json)]
                if case .score(let score) = nonAnswer.rule { entry.append(("score", .number(score))) }
                return .object(entry)
            })))
        }
        if let routing {
            var entry: [(String, JSONDocument)] = [("column", .string(routing.column))]
            if let labels = routing.labels { entry.append(("labels", labels.json)) }
            entry.append(("skippedWhen", .array(routing.skippedWhen.map { .string($0) })))
            if let score = routing.score { entry.append(("score", .number(score))) }
            members.append(("routing", .object(entry)))
        }
        return .object(members)
    }
}
