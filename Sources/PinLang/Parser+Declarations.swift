extension Parser.State {
    /// `model NAME`, then `import "path"` lines, then declarations up to the end of the file.
    mutating func parseSourceFile() throws(Diagnostic) -> SourceFile {
        guard consume(.model) else { throw expected("'model' at the start of the file") }
        let name = try expectIdentifier("model name after 'model'")
        var imports: [Import] = []
        while current.isKeyword(.import) {
            let start = advance().range.start
            guard case .string(let path) = current.kind else { throw expected("import path string after 'import'") }
            advance()
            imports.append(Import(path: path, range: range(from: start)))
        }
        var declarations: [Declaration] = []
        while current.kind != .endOfFile {
            declarations.append(try parseDeclaration())
        }
        if let lexicalError { throw lexicalError }
        return SourceFile(path: path, modelName: name, imports: imports, declarations: declarations)
    }

    /// One top-level declaration, including `variant V DECL` overrides.
    mutating func parseDeclaration() throws(Diagnostic) -> Declaration {
        let start = current.range.start
        if let contextual = try parseContextualDeclaration() {
            return Declaration(kind: contextual, range: range(from: start))
        }
        guard case .keyword(let keyword) = current.kind else { throw expected("declaration") }
        let kind: Declaration.Kind
        switch keyword {
        case .variant:
            advance()
            let name = try expectIdentifier("variant name after 'variant'")
            // `variant V fn …` overrides only when the keyword is on the variant's line: a variant
            // declared on its own line may be followed by an ordinary declaration on the next.
            if case .keyword(let next) = current.kind, [.const, .fn, .proc, .action].contains(next),
                current.range.start.line == name.range.end.line
            {
                let overriding = try parseOverridable()
                return Declaration(kind: overriding, variant: name, range: range(from: start))
            }
            if isContextual("scenario") && current.range.start.line == name.range.end.line {
                throw Diagnostic.error(
                    "a scenario cannot be variant-specific; declare it without 'variant \(name.name)' and give each variant an 'expect'",
                    at: current.range)
            }
            var base: Identifier?
            if consume(.extends) { base = try expectIdentifier("base variant name after 'extends'") }
            var doc: String?
            if case .string(let text) = current.kind {
                doc = text
                advance()
            }
            kind = .variant(VariantDecl(name: name, base: base, doc: doc))
        case .const, .fn, .proc, .action:
            kind = try parseOverridable()
        case .enum:
            kind = .enumeration(try parseEnum())
        case .type:
            advance()
            let name = try expectIdentifier("type name after 'type'")
            try expect(.equal, "after type name")
            kind = .typeAlias(TypeAliasDecl(name: name, type: try parseType()))
        case .record:
            kind = .record(try parseRecord())
        case .var:
            kind = .variables(try parseVariables())
        case .initializer:
            advance()
            kind = .initializer(try parseBlock("after 'init'"))
        case .invariant:
            advance()
            let name = try expectIdentifier("invariant name after 'invariant'")
            try expect(.colon, "after invariant name")
            kind = .invariant(InvariantDecl(name: name, condition: try parseExpression()))
        case .import:
            throw expected("declaration").appending("; imports must come right after the 'model' line")
        default:
            throw expected("declaration")
        }
        return Declaration(kind: kind, range: range(from: start))
    }

    /// The declarations a variant may override: `const`, `fn`, `proc` and `action`.
    private mutating func parseOverridable() throws(Diagnostic) -> Declaration.Kind {
        switch current.kind {
        case .keyword(.const): return .constants(try parseConstants())
        case .keyword(.fn): return .function(try parseFunction())
        case .keyword(.proc): return .procedure(try parseProcedure())
        case .keyword(.action): return .action(try parseAction())
        default: throw expected("'const', 'fn', 'proc' or 'action'")
        }
    }

    /// `enum E { a, b, c }` with at least one case.
    private mutating func parseEnum() throws(Diagnostic) -> EnumDecl {
        advance()
        let name = try expectIdentifier("enum name after 'enum'")
        try expect(.leftBrace, "after enum name")
        let cases = try parseList(closing: .rightBrace, allowsEmpty: false, after: "enum case") {
            (parser: inout Self) throws(Diagnostic) in try parser.expectIdentifier("enum case name")
        }
        return EnumDecl(name: name, cases: cases)
    }

    /// `record R { f: T, g: U }` with at least one field.
    private mutating func parseRecord() throws(Diagnostic) -> RecordDecl {
        advance()
        let name = try expectIdentifier("record name after 'record'")
        try expect(.leftBrace, "after record name")
        let fields = try parseList(closing: .rightBrace, allowsEmpty: false, after: "field") {
            (parser: inout Self) throws(Diagnostic) in
            let field = try parser.expectIdentifier("field name")
            try parser.expect(.colon, "after field name")
            return RecordDecl.Field(name: field, type: try parser.parseType())
        }
        return RecordDecl(name: name, fields: fields)
    }

    /// `const A = e, B: T = e`.
    private mutating func parseConstants() throws(Diagnostic) -> [ConstDecl] {
        advance()
        var constants: [ConstDecl] = []
        repeat {
            let name = try expectIdentifier("constant name")
            var type: TypeExpr?
            if consume(.colon) { type = try parseType() }
            try expect(.equal, type == nil ? "after constant name" : "after constant type")
            constants.append(ConstDecl(name: name, type: type, value: try parseExpression()))
        } while consume(.comma)
        return constants
    }

    /// `var a, b: T = e`: every name shares the type and the initial value.
    private mutating func parseVariables() throws(Diagnostic) -> [VarDecl] {
        advance()
        var names = [try expectIdentifier("variable name after 'var'")]
        while consume(.comma) {
            names.append(try expectIdentifier("variable name after ','"))
        }
        try expect(.colon, "after variable name")
        let type = try parseType()
        var initial: Expr?
        if consume(.equal) { initial = try parseExpression() }
        return names.map { VarDecl(name: $0, type: type, initial: initial) }
    }

    /// `fn f(a: T) -> R { … }`.
    private mutating func parseFunction() throws(Diagnostic) -> FunctionDecl {
        advance()
        let name = try expectIdentifier("function name after 'fn'")
        let parameters = try parseParameters(after: "function name")
        try expect(.arrow, "and a result type after function parameters")
        let result = try parseType()
        let body = try parseBlock("to begin the function body")
        return FunctionDecl(name: name, parameters: parameters, result: result, body: body)
    }

    /// `proc p(a: T) { … }`.
    private mutating func parseProcedure() throws(Diagnostic) -> ProcedureDecl {
        advance()
        let name = try expectIdentifier("procedure name after 'proc'")
        let parameters = try parseParameters(after: "procedure name")
        let body = try parseBlock("to begin the procedure body")
        return ProcedureDecl(name: name, parameters: parameters, body: body)
    }

    /// `action a(p: T) [requires guard] { … }`.
    private mutating func parseAction() throws(Diagnostic) -> ActionDecl {
        advance()
        let name = try expectIdentifier("action name after 'action'")
        let parameters = try parseParameters(after: "action name")
        var guardExpr: Expr?
        if consume(.requires) {
            let saved = allowsRecordLiterals
            allowsRecordLiterals = false
            defer { allowsRecordLiterals = saved }
            guardExpr = try parseExpression()
        } else if !current.isPunctuation(.leftBrace) {
            throw expected("'requires' or '{' after action parameters")
        }
        let body = try parseBlock("to begin the action body")
        return ActionDecl(name: name, parameters: parameters, guardExpr: guardExpr, body: body)
    }

    /// `(a: T, b: U)`.
    private mutating func parseParameters(after what: String) throws(Diagnostic) -> [Parameter] {
        try expect(.leftParen, "after \(what)")
        return try parseList(closing: .rightParen, after: "parameter") {
            (parser: inout Self) throws(Diagnostic) in
            let name = try parser.expectIdentifier("parameter name")
            try parser.expect(.colon, "after parameter name")
            return Parameter(name: name, type: try parser.parseType())
        }
    }
}

extension Diagnostic {
    /// The same diagnostic with `suffix` added to its message.
    fileprivate func appending(_ suffix: String) -> Diagnostic {
        var copy = self
        copy.message += suffix
        return copy
    }
}

extension Parser.State {
    /// A declaration that begins with a contextual word: `scenario NAME`, `flags NAME`.
    mutating func parseContextualDeclaration() throws(Diagnostic) -> Declaration.Kind? {
        if isContextual("scenario") { return .scenario(try parseScenario()) }
        if isContextual("flags"), case .identifier = lookahead.kind { return try parseFlags() }
        return nil
    }

    /// `flags NAME { A = value, … }`, the cursor on `flags`: a type whose values print as
    /// `A|B`, and one constant per flag.
    mutating func parseFlags() throws(Diagnostic) -> Declaration.Kind {
        let start = advance().range.start
        let name = try expectIdentifier("flag set name after 'flags'")
        try expect(.leftBrace, "to begin the flags")
        var flags: [ConstDecl] = []
        while !consume(.rightBrace) {
            let flag = try expectIdentifier("flag name, or '}' at the end of the flags")
            try expect(.equal, "after the flag name")
            flags.append(ConstDecl(name: flag, type: nil, value: try parseExpression()))
            if !consume(.comma) {
                try expect(.rightBrace, "',' or '}' after a flag")
                break
            }
        }
        let type = TypeExpr.flags(name: name.name, flags.map { ($0.name, $0.value) }, range(from: start))
        return .flags(TypeAliasDecl(name: name, type: type), flags)
    }
}
