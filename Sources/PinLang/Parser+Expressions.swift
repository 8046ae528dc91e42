extension Parser.State {
    /// Binary operators with their precedence from the language's table (higher binds tighter).
    private static let binaryOperators: [Punctuation: (BinaryOperator, Int)] = [
        .implies: (.implies, 2),
        .orOr: (.or, 3),
        .andAnd: (.and, 4),
        .equalEqual: (.equal, 5), .notEqual: (.notEqual, 5),
        .less: (.less, 6), .lessEqual: (.lessEqual, 6), .greater: (.greater, 6), .greaterEqual: (.greaterEqual, 6),
        .pipe: (.bitOr, 7),
        .caret: (.bitXor, 8),
        .ampersand: (.bitAnd, 9),
        .shiftLeft: (.shiftLeft, 10), .shiftRight: (.shiftRight, 10),
        .plus: (.add, 11), .minus: (.subtract, 11),
        .star: (.multiply, 12), .slash: (.divide, 12), .percent: (.remainder, 12),
    ]

    /// The precedence of `+` and `-`, the loosest level allowed in the bounds of a range type.
    private static let additivePrecedence = 11

    private static let unaryOperators: [Punctuation: UnaryOperator] = [.bang: .not, .minus: .negate, .tilde: .bitNot]

    /// A full expression: `c ? a : b` (right-associative) or anything binding tighter.
    mutating func parseExpression() throws(Diagnostic) -> Expr {
        try enter("expression")
        defer { depth -= 1 }
        let condition = try parseBinary(minimumPrecedence: 2)
        guard consume(.question) else { return condition }
        let saved = allowsRecordLiterals
        allowsRecordLiterals = true
        let whenTrue = try parseExpression()
        allowsRecordLiterals = saved
        try expect(.colon, "in conditional expression")
        let whenFalse = try parseExpression()
        return .conditional(condition, whenTrue, whenFalse, condition.range.union(whenFalse.range))
    }

    /// Precedence climbing over the binary operators of precedence `minimumPrecedence` or tighter.
    /// `==>` is right-associative, comparisons are non-associative, the rest left-associative.
    mutating func parseBinary(minimumPrecedence: Int) throws(Diagnostic) -> Expr {
        var entered = 0
        defer { depth -= entered }
        var left = try parseUnary()
        var lastComparison: Int?
        while case .punctuation(let mark) = current.kind, let (op, precedence) = Self.binaryOperators[mark],
            precedence >= minimumPrecedence
        {
            let isComparison = precedence == 5 || precedence == 6
            if isComparison && lastComparison == precedence {
                throw Diagnostic.error("comparison operators cannot be chained; add parentheses", at: current.range)
            }
            try enter("expression")
            entered += 1
            advance()
            let right = try parseBinary(minimumPrecedence: op == .implies ? precedence : precedence + 1)
            left = .binary(op, left, right, left.range.union(right.range))
            if isComparison { lastComparison = precedence }
        }
        return left
    }

    /// Prefix `!`, `-` and `~` (read in a loop, not by recursion) applied to a postfix expression.
    mutating func parseUnary() throws(Diagnostic) -> Expr {
        var entered = 0
        defer { depth -= entered }
        var prefixes: [(UnaryOperator, SourceLocation)] = []
        while case .punctuation(let mark) = current.kind, let op = Self.unaryOperators[mark] {
            try enter("expression")
            entered += 1
            prefixes.append((op, advance().range.start))
        }
        var operand = try parsePostfix()
        for (op, start) in prefixes.reversed() {
            operand = .unary(op, operand, SourceRange(start, operand.range.end))
        }
        return operand
    }

    /// A primary expression followed by any number of `[index]` and `.field` suffixes.
    mutating func parsePostfix() throws(Diagnostic) -> Expr {
        var entered = 0
        defer { depth -= entered }
        var base = try parsePrimary()
        while true {
            if current.isPunctuation(.leftBracket) {
                try enter("expression")
                entered += 1
                let open = advance()
                let saved = allowsRecordLiterals
                allowsRecordLiterals = true
                let index = try parseExpression()
                allowsRecordLiterals = saved
                try expect(.rightBracket, "after array index", notes: [.init(message: "to match this '['", range: open.range)])
                base = .index(base, index, range(from: base.range.start))
            } else if current.isPunctuation(.dot) {
                try enter("expression")
                entered += 1
                advance()
                let field = try expectIdentifier("field name after '.'")
                base = .field(base, field, range(from: base.range.start))
            } else {
                return base
            }
        }
    }

    /// Literals, names, calls, record and array literals, quantifiers and parenthesised expressions.
    private mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .integer(let value):
            advance()
            return .integer(value, token.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return .boolean(token.isKeyword(.true), token.range)
        case .identifier(let name):
            advance()
            let identifier = Identifier(name, token.range)
            if consume(.leftParen) {
                let arguments = try parseList(closing: .rightParen, after: "argument") {
                    (parser: inout Self) throws(Diagnostic) in try parser.parseExpression()
                }
                return .call(identifier, arguments, range(from: token.range.start))
            }
            if allowsRecordLiterals && consume(.leftBrace) {
                let fields = try parseList(closing: .rightBrace, after: "field value") {
                    (parser: inout Self) throws(Diagnostic) -> (Identifier, Expr) in
                    let field = try parser.expectIdentifier("field name")
                    try parser.expect(.colon, "after field name")
                    return (field, try parser.parseExpression())
                }
                return .recordLiteral(identifier, fields, range(from: token.range.start))
            }
            return .name(identifier)
        case .punctuation(.leftParen):
            advance()
            let saved = allowsRecordLiterals
            allowsRecordLiterals = true
            let inner = try parseExpression()
            allowsRecordLiterals = saved
            try expect(.rightParen, "after expression", notes: [.init(message: "to match this '('", range: token.range)])
            return inner
        case .punctuation(.leftBracket):
            advance()
            let elements = try parseList(closing: .rightBracket, after: "array element") {
                (parser: inout Self) throws(Diagnostic) in try parser.parseExpression()
            }
            return .arrayLiteral(elements, range(from: token.range.start))
        case .keyword(.forall), .keyword(.exists):
            return try parseQuantifier()
        default:
            throw expected("expression")
        }
    }

    /// `forall x: T :: body` or `exists x: T :: body`; the body extends as far right as possible.
    private mutating func parseQuantifier() throws(Diagnostic) -> Expr {
        let keyword = advance()
        let quantifier: Quantifier = keyword.isKeyword(.forall) ? .forall : .exists
        let variable = try expectIdentifier("variable name after '\(keyword.text)'")
        try expect(.colon, "after quantified variable")
        let domain = try parseType()
        try expect(.doubleColon, "after the domain of '\(keyword.text)'")
        let body = try parseExpression()
        return .quantified(quantifier, variable, domain, body, SourceRange(keyword.range.start, body.range.end))
    }

    /// A type: `bool`, `int`, `[I] T`, `lo..hi` (bounds of additive precedence or tighter) or a name.
    mutating func parseType() throws(Diagnostic) -> TypeExpr {
        try enter("type")
        defer { depth -= 1 }
        let token = current
        switch token.kind {
        case .keyword(.bool):
            advance()
            return .bool(token.range)
        case .keyword(.int):
            advance()
            return .int(token.range)
        case .punctuation(.leftBracket):
            advance()
            let index = try parseType()
            try expect(.rightBracket, "after array index type")
            let element = try parseType()
            return .array(index: index, element: element, SourceRange(token.range.start, element.range.end))
        default:
            guard Self.canStartBound(token) else { throw expected("type") }
            let saved = allowsRecordLiterals
            allowsRecordLiterals = false
            defer { allowsRecordLiterals = saved }
            let low = try parseBinary(minimumPrecedence: Self.additivePrecedence)
            if consume(.dotDot) {
                let high = try parseBinary(minimumPrecedence: Self.additivePrecedence)
                return .range(low, high, low.range.union(high.range))
            }
            if case .name(let name) = low { return .named(name) }
            throw expected("'..' after the lower bound of a range type")
        }
    }

    /// Whether `token` can begin the lower bound of a range type (or a type name).
    private static func canStartBound(_ token: Token) -> Bool {
        switch token.kind {
        case .integer, .identifier, .keyword(.true), .keyword(.false), .keyword(.forall), .keyword(.exists):
            return true
        case .punctuation(let mark):
            return mark == .leftParen || unaryOperators[mark] != nil
        default:
            return false
        }
    }
}
