extension Checker {
    mutating func bindParameters(_ parameters: [Parameter], finiteScalars: Bool) {
        for p in parameters {
            guard let type = resolveType(p.type) else {
                _ = bindLocal(p.name, .int)
                continue
            }
            if finiteScalars && type.finiteDomain == nil {
                error("action parameter '\(p.name.name)' must have type bool, a range or an enum, found \(type)", p.type.range)
            }
            _ = bindLocal(p.name, type)
        }
    }

    mutating func checkFunction(_ decl: FunctionDecl, variant: String?) -> Function {
        context = Context(kind: .function, owner: decl.name.name)
        bindParameters(decl.parameters, finiteScalars: false)
        let result = resolveType(decl.result)
        context.resultType = result
        let body = checkBlock(decl.body)
        if result != nil && !definitelyReturns(decl.body.statements) {
            error("function '\(decl.name.name)' does not return a value on every path", decl.name.range)
        }
        return Function(
            name: decl.name.name, variant: variant, parameterCount: decl.parameters.count, locals: context.locals,
            result: result ?? .int, body: body, range: decl.name.range)
    }

    mutating func checkProcedure(_ decl: ProcedureDecl, variant: String?) -> Procedure {
        context = Context(kind: .procedure, owner: decl.name.name)
        bindParameters(decl.parameters, finiteScalars: false)
        let body = checkBlock(decl.body)
        return Procedure(
            name: decl.name.name, variant: variant, parameterCount: decl.parameters.count, locals: context.locals,
            body: body, range: decl.name.range)
    }

    mutating func checkAction(_ decl: ActionDecl, variant: String?) -> Action {
        context = Context(kind: .guardExpr)
        bindParameters(decl.parameters, finiteScalars: true)
        let guardExpr = decl.guardExpr.flatMap { checkCondition($0, "guard of action '\(decl.name.name)'") }
        context.kind = .action
        let body = checkBlock(decl.body)
        return Action(
            name: decl.name.name, variant: variant, parameterCount: decl.parameters.count, locals: context.locals,
            guardExpr: guardExpr, body: body, range: decl.name.range)
    }

    mutating func checkInvariant(_ decl: InvariantDecl) -> Invariant {
        context = Context(kind: .invariant)
        let condition =
            checkCondition(decl.condition, "invariant '\(decl.name.name)'")
            ?? TypedExpr(.literal(1), .bool, decl.condition.range)
        return Invariant(name: decl.name.name, locals: context.locals, condition: condition, range: decl.name.range)
    }

    mutating func checkInitialState() -> InitialState {
        var values: [TypedExpr?] = []
        for v in program.variables {
            guard let index = variableIndex[v.name.name] else { continue }
            let type = variables[index].type
            guard let initial = v.initial else {
                values.append(nil)
                continue
            }
            context = Context(kind: .constant)
            values.append(checkInitialValue(initial, type))
        }
        context = Context(kind: .initializer)
        let body = program.initializer.map { checkBlock($0) } ?? []
        return InitialState(values: values, locals: context.locals, body: body)
    }

    /// A `var` initialiser: a constant of the variable's type, of an element type (filling the
    /// array), or an array literal with one element per index value.
    mutating func checkInitialValue(_ expr: Expr, _ type: ValueType) -> TypedExpr? {
        if case .arrayLiteral(let elements, let range) = expr {
            guard case .array(let index, let element) = type, let domain = index.finiteDomain else {
                error("an array literal cannot initialise a value of type \(type)", range)
                return nil
            }
            guard elements.count == domain.count else {
                error(
                    "array literal has \(elements.count) element\(elements.count == 1 ? "" : "s"), but the index type \(index) has \(domain.count) values",
                    range)
                return nil
            }
            var typed: [TypedExpr] = []
            for e in elements {
                guard let t = checkInitialValue(e, element) else { return nil }
                typed.append(t)
            }
            return TypedExpr(.array(typed), type, range)
        }
        guard let t = checkExpression(expr) else { return nil }
        var target = type
        while true {
            if isAssignable(t.type, to: target) {
                if let domain = target.finiteDomain, target.isNumeric, case .literal(let v) = t.kind, !domain.contains(v) {
                    error("initial value \(v) is outside the type \(target)", expr.range)
                    return nil
                }
                return t
            }
            guard case .array(_, let element) = target else { break }
            target = element
        }
        error("initial value has type \(named(t.type)), expected \(named(type))", expr.range)
        return nil
    }

    mutating func checkBlock(_ block: Block) -> [TypedStmt] {
        context.scopes.append([:])
        defer { context.scopes.removeLast() }
        return block.statements.compactMap { checkStatement($0) }
    }

    /// The typed form of a statement, or nil after reporting why it is ill-typed.
    /// - Long: one case per kind of statement, each a few lines, as in `checkExpression`.
    mutating func checkStatement(_ stmt: Stmt) -> TypedStmt? {
        switch stmt {
        case .assign(let target, let value, let range):
            let tt = checkAssignmentTarget(target)
            let tv = checkExpression(value)
            guard let tt, let tv else { return nil }
            guard isAssignable(tv.type, to: tt.type) else {
                error("cannot assign a value of type \(named(tv.type)) to a target of type \(named(tt.type))", value.range)
                return nil
            }
            return .assign(target: tt, value: tv, range)
        case .letBinding(let name, let typeExpr, let value, let range):
            let tv = checkExpression(value)
            var type = tv?.type ?? .int
            if let typeExpr, let declared = resolveType(typeExpr) {
                if let tv, !isAssignable(tv.type, to: declared) {
                    error("'let \(name.name): \(declared)' cannot hold a value of type \(named(tv.type))", value.range)
                }
                type = declared
            } else if type.rangeBounds != nil {
                type = .int
            }
            let local = bindLocal(name, type)
            guard let tv else { return nil }
            return .bind(local: local, value: tv, range)
        case .ifStmt(let condition, let then, let otherwise, let range):
            let tc = checkCondition(condition, "'if' condition")
            let tthen = checkBlock(then)
            let telse = otherwise.map { checkBlock($0) } ?? []
            guard let tc else { return nil }
            return .ifElse(tc, tthen, telse, range)
        case .forLoop(let variable, let domainExpr, let body, let range):
            guard let domain = resolveType(domainExpr) else { return nil }
            guard let values = domain.finiteDomain else {
                error("'for' ranges over bool, a range or an enum, not \(domain)", domainExpr.range)
                return nil
            }
            let outer = context.iterations
            defer { context.iterations = outer }
            guard enterIterations(values.count, "'for'", domainExpr.range) else { return nil }
            context.scopes.append([:])
            defer { context.scopes.removeLast() }
            let local = bindLocal(variable, domain)
            return .forLoop(local: local, domain: domain, body: checkBlock(body), range)
        case .call(let callee, let arguments, let range):
            guard let index = procedureIndex[callee.name] else {
                if functionIndex[callee.name] != nil {
                    error(
                        "the result of function '\(callee.name)' is unused; only procedures can be called as statements",
                        callee.range)
                } else if actionNames.contains(callee.name) {
                    error("action '\(callee.name)' cannot be called; move the shared steps into a 'proc'", callee.range)
                } else {
                    error("unknown procedure '\(callee.name)'", callee.range)
                }
                return nil
            }
            switch context.kind {
            case .function:
                error("function cannot call procedure '\(callee.name)': functions have no side effects", callee.range)
                return nil
            case .constant, .invariant, .guardExpr:
                return nil
            case .initializer, .procedure, .action:
                break
            }
            guard
                let args = checkArguments(
                    arguments, procedureSignatures[index].parameters, of: "procedure '\(callee.name)'", range)
            else {
                return nil
            }
            if let owner = context.owner { callEdges[owner, default: []].append((callee.name, callee.range)) }
            return .call(index, args, range)
        case .returnStmt(let value, let range):
            if context.kind == .function {
                guard let value else {
                    error("'return' in a function needs a value of type \(context.resultType.map { "\($0)" } ?? "?")", range)
                    return nil
                }
                guard let tv = checkExpression(value) else { return nil }
                if let result = context.resultType, !isAssignable(tv.type, to: result) {
                    error("function returns \(result), but this value has type \(named(tv.type))", value.range)
                    return nil
                }
                return .returnValue(tv, range)
            }
            if let value {
                error("only functions return a value; procedures, actions and 'init' use a bare 'return'", value.range)
                return nil
            }
            return .returnValue(nil, range)
        }
    }

    /// An assignment target must be a state variable, optionally indexed or field-selected.
    mutating func checkAssignmentTarget(_ target: Expr) -> TypedExpr? {
        func root(_ e: Expr) -> Identifier? {
            switch e {
            case .name(let id): return id
            case .index(let base, _, _), .field(let base, _, _): return root(base)
            default: return nil
            }
        }
        guard let id = root(target) else {
            error("cannot assign to this expression; expected a state variable, an element or a field", target.range)
            return nil
        }
        if context.lookup(id.name) != nil {
            error("cannot assign to '\(id.name)': parameters and 'let' bindings are immutable", id.range)
            return nil
        }
        if variableIndex[id.name] == nil {
            if program.variables.contains(where: { $0.name.name == id.name }) { return nil }
            error(
                "cannot assign to '\(id.name)': it is not a state variable"
                    + Suggestion.hint(for: id.name, among: variables.map(\.name)), id.range)
            return nil
        }
        if context.kind == .function {
            error("function cannot assign state variable '\(id.name)'; use a 'proc' for side effects", id.range)
            return nil
        }
        return checkExpression(target)
    }

    /// Conservative: some statement of the list is a `return`, or an `if` whose branches all return.
    func definitelyReturns(_ statements: [Stmt]) -> Bool {
        statements.contains { statement in
            switch statement {
            case .returnStmt: return true
            case .ifStmt(_, let then, let otherwise, _):
                guard let otherwise else { return false }
                return definitelyReturns(then.statements) && definitelyReturns(otherwise.statements)
            default: return false
            }
        }
    }
}
