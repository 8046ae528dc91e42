extension Parser.State {
    /// Whether the current token is the identifier `word`. The scenario words (`scenario`,
    /// `repeat`, `assert`, `expect`, `holds`, `violates`, `blocked`, `others`) are contextual, so models
    /// that use them as names keep working.
    func isContextual(_ word: String) -> Bool {
        if case .identifier(let name) = current.kind { return name == word }
        return false
    }

    /// The token after the current one.
    var lookahead: Token {
        tokens[min(position + 1, tokens.count - 1)]
    }

    /// `scenario NAME ["doc"] { (step | assert)* expect* }`, the cursor on `scenario`.
    mutating func parseScenario() throws(Diagnostic) -> ScenarioDecl {
        advance()
        let name = try expectIdentifier("scenario name after 'scenario'")
        var doc: String?
        if case .string(let text) = current.kind {
            doc = text
            advance()
        }
        let open = try expect(.leftBrace, "to begin the scenario")
        var steps: [ScenarioStepDecl] = []
        var assertions: [AssertionDecl] = []
        var expectations: [ExpectationDecl] = []
        while !consume(.rightBrace) {
            if current.kind == .endOfFile {
                throw expected(
                    "'}' at the end of the scenario", notes: [.init(message: "the scenario begins here", range: open.range)])
            }
            // `expect(…)` is a step applying an action named `expect`; `expect NAME` an expectation.
            if isContextual("expect") && !lookahead.isPunctuation(.leftParen) {
                expectations.append(try parseExpectation())
            } else if !expectations.isEmpty {
                throw expected("'expect' or '}' (a scenario's steps come before its expectations)")
            } else if isContextual("assert") && !lookahead.isPunctuation(.leftParen) {
                // `assert(…)` is a step applying an action named `assert`; the checker reads
                // it as an assertion when the model has no such action.
                advance()
                let condition = try parseExpression()
                var source: String?
                if case .string(let text) = current.kind {
                    source = text
                    advance()
                }
                assertions.append(AssertionDecl(position: steps.count, condition: condition, source: source))
                try expectScenarioItemEnd("assertion")
            } else {
                steps.append(try parseScenarioStep())
            }
        }
        return ScenarioDecl(name: name, doc: doc, steps: steps, assertions: assertions, expectations: expectations)
    }

    /// `[repeat] ACTION(args);`.
    private mutating func parseScenarioStep() throws(Diagnostic) -> ScenarioStepDecl {
        let repeats = isContextual("repeat") && !lookahead.isPunctuation(.leftParen)
        if repeats { advance() }
        let start = current.range.start
        let action = try expectIdentifier(
            repeats ? "action name after 'repeat'" : "scenario step (an action call), 'expect' or '}'")
        try expect(.leftParen, "after the action name of a scenario step")
        let arguments = try parseList(closing: .rightParen, after: "argument") {
            (parser: inout Self) throws(Diagnostic) in try parser.parseExpression()
        }
        let step = ScenarioStepDecl(action: action, arguments: arguments, repeats: repeats, range: range(from: start))
        try expectScenarioItemEnd("scenario step")
        return step
    }

    /// `expect V1, V2: holds | violates I1, I2 | blocked ["source"];`, the cursor on `expect`.
    private mutating func parseExpectation() throws(Diagnostic) -> ExpectationDecl {
        let start = advance().range.start
        var variants = [try expectIdentifier("variant name or 'others' after 'expect'")]
        while consume(.comma) {
            variants.append(try expectIdentifier("variant name or 'others' after ','"))
        }
        try expect(.colon, "after the variants of an expectation")
        let outcome: ExpectationDecl.Outcome
        if isContextual("holds") {
            advance()
            outcome = .holds
        } else if isContextual("blocked") {
            advance()
            outcome = .blocked
        } else if isContextual("violates") {
            advance()
            var invariants = [try expectIdentifier("invariant name after 'violates'")]
            while consume(.comma) {
                invariants.append(try expectIdentifier("invariant name after ','"))
            }
            outcome = .violates(invariants)
        } else {
            throw expected("'holds', 'violates' or 'blocked' after ':'")
        }
        var source: String?
        if case .string(let text) = current.kind {
            source = text
            advance()
        }
        let expectation = ExpectationDecl(variants: variants, outcome: outcome, source: source, range: range(from: start))
        try expectScenarioItemEnd("expectation")
        return expectation
    }

    /// The `;` after a step or an expectation, which may be left out before `}`.
    private mutating func expectScenarioItemEnd(_ what: String) throws(Diagnostic) {
        if consume(.semicolon) || current.isPunctuation(.rightBrace) { return }
        throw expected("';' after \(what)")
    }
}
