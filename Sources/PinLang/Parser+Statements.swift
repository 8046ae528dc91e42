extension Parser.State {
    /// `{ statements }`; `context` completes the error `expected '{' <context>, found …`.
    mutating func parseBlock(_ context: String) throws(Diagnostic) -> Block {
        let open = try expect(.leftBrace, context)
        try enter("statements")
        defer { depth -= 1 }
        let saved = allowsRecordLiterals
        allowsRecordLiterals = true
        defer { allowsRecordLiterals = saved }
        var statements: [Stmt] = []
        while !current.isPunctuation(.rightBrace) {
            if current.kind == .endOfFile {
                throw expected("'}' at the end of the block", notes: [.init(message: "the block begins here", range: open.range)])
            }
            statements.append(try parseStatement())
        }
        advance()
        return Block(statements: statements, range: range(from: open.range.start))
    }

    /// One statement; simple statements consume their `;` (optional before `}`).
    mutating func parseStatement() throws(Diagnostic) -> Stmt {
        let start = current.range.start
        switch current.kind {
        case .keyword(.let):
            advance()
            let name = try expectIdentifier("name after 'let'")
            var type: TypeExpr?
            if consume(.colon) { type = try parseType() }
            try expect(.equal, type == nil ? "after 'let' name" : "after 'let' type")
            let value = try parseExpression()
            let statement = Stmt.letBinding(name: name, type: type, value: value, range(from: start))
            try expectStatementEnd()
            return statement
        case .keyword(.if):
            return try parseIf()
        case .keyword(.for):
            advance()
            let variable = try expectIdentifier("loop variable name after 'for'")
            guard consume(.in) else { throw expected("'in' after loop variable") }
            let domain = try parseType()
            let body = try parseBlock("after the domain of 'for'")
            return .forLoop(variable: variable, domain: domain, body: body, range(from: start))
        case .keyword(.return):
            advance()
            var value: Expr?
            if !current.isPunctuation(.semicolon) && !current.isPunctuation(.rightBrace) {
                value = try parseExpression()
            }
            let statement = Stmt.returnStmt(value, range(from: start))
            try expectStatementEnd()
            return statement
        case .identifier:
            return try parseAssignmentOrCall()
        default:
            throw expected("statement")
        }
    }

    /// `target := value;` or `p(args);`.
    private mutating func parseAssignmentOrCall() throws(Diagnostic) -> Stmt {
        let start = current.range.start
        let saved = allowsRecordLiterals
        allowsRecordLiterals = false
        let target = try parsePostfix()
        allowsRecordLiterals = saved
        let statement: Stmt
        if current.isPunctuation(.assign) {
            guard Self.isAssignable(target) else {
                throw Diagnostic.error(
                    "expected a variable, an array element or a record field before ':=', found a function call",
                    at: target.range)
            }
            advance()
            let value = try parseExpression()
            statement = .assign(target: target, value: value, range(from: start))
        } else if case .call(let callee, let arguments, _) = target {
            statement = .call(callee: callee, arguments: arguments, range(from: start))
        } else {
            throw expected("':=' or a call")
        }
        try expectStatementEnd()
        return statement
    }

    /// `if c { … } else if d { … } else { … }`, read iteratively so long `else if` chains cannot
    /// exhaust the stack; each `else if` becomes an else block holding one `if`.
    private mutating func parseIf() throws(Diagnostic) -> Stmt {
        var clauses: [(start: SourceLocation, condition: Expr, body: Block)] = []
        var otherwise: Block?
        var entered = 0
        defer { depth -= entered }
        while true {
            let start = advance().range.start
            let saved = allowsRecordLiterals
            allowsRecordLiterals = false
            let condition = try parseExpression()
            allowsRecordLiterals = saved
            let body = try parseBlock("after 'if' condition")
            clauses.append((start, condition, body))
            guard consume(.else) else { break }
            if current.isKeyword(.if) {
                try enter("statements")
                entered += 1
                continue
            }
            otherwise = try parseBlock("or 'if' after 'else'")
            break
        }
        let end = previousEnd
        var statement: Stmt?
        for clause in clauses.reversed() {
            let nested = Stmt.ifStmt(
                condition: clause.condition, then: clause.body, otherwise: otherwise, SourceRange(clause.start, end))
            otherwise = Block(statements: [nested], range: nested.range)
            statement = nested
        }
        guard let statement else { throw expected("'if'") }
        return statement
    }

    /// The `;` after a simple statement, which may be left out before `}`.
    private mutating func expectStatementEnd() throws(Diagnostic) {
        if consume(.semicolon) || current.isPunctuation(.rightBrace) { return }
        throw expected("';' after statement")
    }

    /// Whether `target` is a name, or an index or field access on something assignable.
    private static func isAssignable(_ target: Expr) -> Bool {
        var expression = target
        while true {
            switch expression {
            case .name: return true
            case .index(let base, _, _), .field(let base, _, _): expression = base
            default: return false
            }
        }
    }
}
