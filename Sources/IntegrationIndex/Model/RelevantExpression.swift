/// The `relevant` conditions of an XLSForm that integra turns into routing: comparisons of
/// one question with a value (`${q} = 'x'`, `${q} != 'x'`, `selected(${q}, 'x')`), joined
/// by `and`, `or` and `not(…)`, with parentheses. The condition says when a question was
/// asked; routing needs the answers of `q` for which it was skipped, found by evaluating
/// the condition on each of `q`'s choices.
indirect enum RelevantExpression: Equatable {
    case equals(question: String, value: String)
    case notEquals(question: String, value: String)
    case and(RelevantExpression, RelevantExpression)
    case or(RelevantExpression, RelevantExpression)
    case not(RelevantExpression)

    struct ParseError: Error {
        var message: String
    }

    /// The questions the condition refers to.
    var questions: Set<String> {
        switch self {
        case .equals(let question, _), .notEquals(let question, _): [question]
        case .and(let a, let b), .or(let a, let b): a.questions.union(b.questions)
        case .not(let a): a.questions
        }
    }

    /// Whether the question was asked when the referenced question holds `value`.
    func isTrue(when value: String) -> Bool {
        switch self {
        case .equals(_, let expected): value == expected
        case .notEquals(_, let expected): value != expected
        case .and(let a, let b): a.isTrue(when: value) && b.isTrue(when: value)
        case .or(let a, let b): a.isTrue(when: value) || b.isTrue(when: value)
        case .not(let a): !a.isTrue(when: value)
        }
    }

    static func parse(_ text: String) throws -> RelevantExpression {
        var parser = Parser(tokens: try tokenize(text))
        let expression = try parser.disjunction()
        guard parser.position == parser.tokens.count else { throw ParseError(message: "unexpected \"\(parser.tokens[parser.position])\"") }
        return expression
    }

    private enum Token: Equatable, CustomStringConvertible {
        case reference(String), literal(String), word(String), symbol(String)

        var description: String {
            switch self {
            case .reference(let name): "${\(name)}"
            case .literal(let value): "'\(value)'"
            case .word(let word): word
            case .symbol(let symbol): symbol
            }
        }
    }

    private static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "$", index + 1 < characters.count, characters[index + 1] == "{" {
                guard let close = characters[index...].firstIndex(of: "}") else { throw ParseError(message: "a ${ without its }") }
                tokens.append(.reference(String(characters[(index + 2)..<close])))
                index = close + 1
            } else if character == "'" || character == "\"" {
                guard let close = characters[(index + 1)...].firstIndex(of: character) else { throw ParseError(message: "a quote without its end") }
                tokens.append(.literal(String(characters[(index + 1)..<close])))
                index = close + 1
            } else if character == "!", index + 1 < characters.count, characters[index + 1] == "=" {
                tokens.append(.symbol("!="))
                index += 2
            } else if "=(),".contains(character) {
                tokens.append(.symbol(String(character)))
                index += 1
            } else if character.isNumber || character == "-" || character == "." {
                var end = index + 1
                while end < characters.count, characters[end].isNumber || characters[end] == "." { end += 1 }
                tokens.append(.literal(String(characters[index..<end])))
                index = end
            } else if character.isLetter {
                var end = index + 1
                while end < characters.count, characters[end].isLetter || characters[end] == "-" || characters[end] == "_" { end += 1 }
                tokens.append(.word(String(characters[index..<end]).lowercased()))
                index = end
            } else {
                throw ParseError(message: "\"\(character)\" is not read (integra reads =, !=, selected(), and, or, not())")
            }
        }
        return tokens
    }

    private struct Parser {
        let tokens: [Token]
        var position = 0

        mutating func take(_ token: Token) -> Bool {
            guard position < tokens.count, tokens[position] == token else { return false }
            position += 1
            return true
        }

        mutating func expect(_ token: Token) throws {
            guard take(token) else {
                throw ParseError(message: "expected \(token) \(position < tokens.count ? "before \"\(tokens[position])\"" : "at the end")")
            }
        }

        mutating func disjunction() throws -> RelevantExpression {
            var result = try conjunction()
            while take(.word("or")) { result = .or(result, try conjunction()) }
            return result
        }

        mutating func conjunction() throws -> RelevantExpression {
            var result = try factor()
            while take(.word("and")) { result = .and(result, try factor()) }
            return result
        }

        mutating func factor() throws -> RelevantExpression {
            if take(.word("not")) {
                try expect(.symbol("("))
                let inner = try disjunction()
                try expect(.symbol(")"))
                return .not(inner)
            }
            if take(.word("selected")) {
                try expect(.symbol("("))
                let question = try reference()
                try expect(.symbol(","))
                let value = try literal()
                try expect(.symbol(")"))
                return .equals(question: question, value: value)
            }
            if take(.symbol("(")) {
                let inner = try disjunction()
                try expect(.symbol(")"))
                return inner
            }
            let question = try reference()
            let equal: Bool
            if take(.symbol("=")) { equal = true } else if take(.symbol("!=")) { equal = false } else {
                throw ParseError(message: "expected = or != after ${\(question)}")
            }
            let value = try literal()
            return equal ? .equals(question: question, value: value) : .notEquals(question: question, value: value)
        }

        mutating func reference() throws -> String {
            guard position < tokens.count, case .reference(let name) = tokens[position] else {
                throw ParseError(message: "expected a question as ${name}\(position < tokens.count ? " before \"\(tokens[position])\"" : "")")
            }
            position += 1
            return name
        }

        mutating func literal() throws -> String {
            guard position < tokens.count, case .literal(let value) = tokens[position] else {
                throw ParseError(message: "expected a value such as '1'\(position < tokens.count ? " before \"\(tokens[position])\"" : "")")
            }
            position += 1
            return value
        }
    }
}
