/// What the body being checked is, and the locals it has bound so far.
struct Context {
    enum Kind: Equatable {
        case constant, initializer, function, procedure, action, invariant, guardExpr
    }
    var kind: Kind
    /// The name of the function or procedure, for the recursion check.
    var owner: String?
    var locals: [LocalVariable] = []
    /// Visible names, innermost scope last: name → local index.
    var scopes: [[String: Int]] = [[:]]
    var resultType: ValueType?
    /// How many times the loops and quantifiers around the current point run it.
    var iterations = 1

    init(kind: Kind, owner: String? = nil) {
        self.kind = kind
        self.owner = owner
    }

    func lookup(_ name: String) -> Int? {
        for scope in scopes.reversed() { if let i = scope[name] { return i } }
        return nil
    }

    var readsState: Bool { kind != .constant }
}

extension Checker {
    /// Binds a new local in the innermost scope, rejecting a name that is already visible.
    mutating func bindLocal(_ id: Identifier, _ type: ValueType) -> Int {
        if context.lookup(id.name) != nil {
            error("'\(id.name)' is already defined in this scope", id.range)
        } else if variableIndex[id.name] != nil {
            error(
                "'\(id.name)' shadows the state variable of the same name; choose another name", id.range,
                notes: [.init(message: "the state variable is declared here", range: variables[variableIndex[id.name]!].range)])
        }
        let index = context.locals.count
        context.locals.append(LocalVariable(name: id.name, type: type))
        context.scopes[context.scopes.count - 1][id.name] = index
        return index
    }

    /// Whether a value of type `from` may be stored where `to` is expected (ranges checked at run time).
    func isAssignable(_ from: ValueType, to: ValueType) -> Bool {
        if from.isNumeric && to.isNumeric { return true }
        return from == to
    }

    /// Whether `==`/`!=` may compare the two types.
    func isComparable(_ a: ValueType, _ b: ValueType) -> Bool {
        (a.isNumeric && b.isNumeric) || a == b
    }

    /// The typed form of an expression, or nil after reporting why it is ill-typed.
    /// - Long: one case per kind of expression, each a few lines; split, the cases would only
    ///   move apart from the switch that chooses them.
    mutating func checkExpression(_ expr: Expr) -> TypedExpr? {
        switch expr {
        case .integer(let value, let range):
            guard ValueType.intBounds.contains(value) else {
                error(
                    "integer literal \(value) is outside the int range \(ValueType.intBounds.lowerBound)...\(ValueType.intBounds.upperBound)",
                    range)
                return nil
            }
            return TypedExpr(.literal(value), .int, range)
        case .boolean(let value, let range):
            return TypedExpr(.literal(value ? 1 : 0), .bool, range)
        case .name(let id):
            return checkName(id)
        case .unary(let op, let operand, let range):
            guard let x = checkExpression(operand) else { return nil }
            switch op {
            case .not:
                guard x.type == .bool else {
                    error("operator '!' needs a bool operand, found \(named(x.type))", operand.range)
                    return nil
                }
                return TypedExpr(.unary(op, x), .bool, range)
            case .negate, .bitNot:
                guard x.type.isNumeric else {
                    error("operator '\(op.rawValue)' needs an integer operand, found \(named(x.type))", operand.range)
                    return nil
                }
                return TypedExpr(.unary(op, x), .int, range)
            }
        case .binary(let op, let lhs, let rhs, let range):
            return checkBinary(op, lhs, rhs, range)
        case .conditional(let c, let a, let b, let range):
            let tc = checkCondition(c, "condition of '?:'")
            guard let ta = checkExpression(a), let tb = checkExpression(b), let tc else { return nil }
            let type: ValueType
            if ta.type == tb.type {
                type = ta.type
            } else if ta.type.isNumeric && tb.type.isNumeric {
                type = .int
            } else {
                error("branches of '?:' have different types \(named(ta.type)) and \(named(tb.type))", range)
                return nil
            }
            return TypedExpr(.conditional(tc, ta, tb), type, range)
        case .index(let base, let index, let range):
            guard let tb = checkExpression(base) else { return nil }
            let ti = checkExpression(index)
            guard case .array(let indexType, let elementType) = tb.type else {
                error("cannot index a value of type \(named(tb.type)); only arrays can be indexed", base.range)
                return nil
            }
            guard let ti else { return nil }
            guard isAssignable(ti.type, to: indexType) else {
                error("array index has type \(named(ti.type)), expected \(named(indexType))", index.range)
                return nil
            }
            return TypedExpr(.index(tb, ti), elementType, range)
        case .field(let base, let name, let range):
            guard let tb = checkExpression(base) else { return nil }
            guard case .record(let record) = tb.type else {
                error("value of type \(named(tb.type)) has no fields; '.\(name.name)' needs a record", name.range)
                return nil
            }
            guard let i = record.fieldIndex(name.name) else {
                error(
                    "record '\(record.name)' has no field '\(name.name)'; its fields are \(record.fields.map(\.name).joined(separator: ", "))",
                    name.range)
                return nil
            }
            return TypedExpr(.field(tb, i), record.fields[i].type, range)
        case .call(let callee, let arguments, let range):
            return checkCallExpression(callee, arguments, range)
        case .quantified(let q, let variable, let domainExpr, let body, let range):
            guard context.readsState else {
                error("a quantifier is not a constant expression", range)
                return nil
            }
            guard let domain = resolveType(domainExpr) else { return nil }
            guard let values = domain.finiteDomain else {
                error("'\(q.rawValue)' ranges over bool, a range or an enum, not \(domain)", domainExpr.range)
                return nil
            }
            let outer = context.iterations
            defer { context.iterations = outer }
            guard enterIterations(values.count, "'\(q.rawValue)'", domainExpr.range) else { return nil }
            context.scopes.append([:])
            defer { context.scopes.removeLast() }
            let local = bindLocal(variable, domain)
            guard let tbody = checkCondition(body, "body of '\(q.rawValue)'") else { return nil }
            return TypedExpr(.quantified(q, local: local, domain: domain, body: tbody), .bool, range)
        case .recordLiteral(let name, let fields, let range):
            return checkRecordLiteral(name, fields, range)
        case .arrayLiteral(_, let range):
            error("array literals are only allowed as the initial value of a state variable", range)
            return nil
        }
    }

    /// Checks an expression that must be a bool.
    mutating func checkCondition(_ expr: Expr, _ what: String) -> TypedExpr? {
        guard let t = checkExpression(expr) else { return nil }
        guard t.type == .bool else {
            error("\(what) must be bool, found \(named(t.type))", expr.range)
            return nil
        }
        return t
    }

    mutating func checkName(_ id: Identifier) -> TypedExpr? {
        if let local = context.lookup(id.name) {
            return TypedExpr(.local(local), context.locals[local].type, id.range)
        }
        if !context.readsState, variableNames.contains(id.name) {
            error("a constant expression cannot read state variable '\(id.name)'", id.range)
            return nil
        }
        if let v = variableIndex[id.name] {
            return TypedExpr(.variable(v), variables[v].type, id.range)
        }
        if constantItems[id.name] != nil {
            guard let c = constantValue(id.name, at: id.range) else { return nil }
            return TypedExpr(.literal(c.value), c.type, id.range)
        }
        if let e = enumConstants[id.name] {
            return TypedExpr(.literal(e.ordinal), .enumeration(e.type), id.range)
        }
        if variableNames.contains(id.name) {
            return nil  // declared with a bad type; already reported
        }
        if functionIndex[id.name] != nil || procedureIndex[id.name] != nil {
            error("'\(id.name)' is a function or procedure; call it with '\(id.name)(…)'", id.range)
        } else if namedTypes[id.name] != nil {
            error("'\(id.name)' is a type, not a value", id.range)
        } else {
            let visible =
                context.scopes.flatMap(\.keys) + variables.map(\.name) + program.constants.map(\.name)
                + enumConstants.keys.sorted()
            error("unknown name '\(id.name)'" + Suggestion.hint(for: id.name, among: visible), id.range)
        }
        return nil
    }

    mutating func checkBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ range: SourceRange) -> TypedExpr? {
        let ta = checkExpression(lhs)
        let tb = checkExpression(rhs)
        guard let ta, let tb else { return nil }
        switch op {
        case .and, .or, .implies:
            for (t, e) in [(ta, lhs), (tb, rhs)] where t.type != .bool {
                error("operator '\(op.rawValue)' needs bool operands, found \(named(t.type))", e.range)
                return nil
            }
            return TypedExpr(.binary(op, ta, tb), .bool, range)
        case .equal, .notEqual:
            guard isComparable(ta.type, tb.type) else {
                error("cannot compare \(named(ta.type)) with \(named(tb.type))", range)
                return nil
            }
            return TypedExpr(.binary(op, ta, tb), .bool, range)
        case .less, .lessEqual, .greater, .greaterEqual:
            for (t, e) in [(ta, lhs), (tb, rhs)] where !t.type.isNumeric {
                error("operator '\(op.rawValue)' needs integer operands, found \(named(t.type))", e.range)
                return nil
            }
            return TypedExpr(.binary(op, ta, tb), .bool, range)
        default:
            for (t, e) in [(ta, lhs), (tb, rhs)] where !t.type.isNumeric {
                error("operator '\(op.rawValue)' needs integer operands, found \(named(t.type))", e.range)
                return nil
            }
            let result = TypedExpr(.binary(op, ta, tb), .int, range)
            if context.kind == .constant {
                // Fold now so that a division by zero or overflow is reported where it is written.
                guard let value = fold(result) else { return nil }
                return TypedExpr(.literal(value), .int, range)
            }
            return result
        }
    }

    mutating func checkCallExpression(_ callee: Identifier, _ arguments: [Expr], _ range: SourceRange) -> TypedExpr? {
        guard let index = functionIndex[callee.name] else {
            if procedureIndex[callee.name] != nil {
                error("procedure '\(callee.name)' has no value; call it as a statement", callee.range)
            } else if actionNames.contains(callee.name) {
                error("action '\(callee.name)' cannot be called; actions are chosen by the checker", callee.range)
            } else {
                let guess = Suggestion.closest(to: callee.name, among: functionIndex.keys.sorted())
                error("unknown function '\(callee.name)'" + (guess.map { "; did you mean '\($0)'?" } ?? ""), callee.range)
            }
            return nil
        }
        if context.kind == .constant {
            error("a constant expression cannot call function '\(callee.name)'", range)
            return nil
        }
        let signature = functionSignatures[index]
        guard let args = checkArguments(arguments, signature.parameters, of: "function '\(callee.name)'", range) else {
            return nil
        }
        if let owner = context.owner { callEdges[owner, default: []].append((callee.name, callee.range)) }
        guard let result = signature.result else { return nil }
        return TypedExpr(.call(index, args), result, range)
    }

    mutating func checkArguments(_ arguments: [Expr], _ parameters: [ValueType], of what: String, _ range: SourceRange)
        -> [TypedExpr]?
    {
        var typed: [TypedExpr] = []
        var ok = true
        for a in arguments {
            if let t = checkExpression(a) { typed.append(t) } else { ok = false }
        }
        guard ok else { return nil }
        guard arguments.count == parameters.count else {
            error(
                "\(what) takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), but \(arguments.count) \(arguments.count == 1 ? "was" : "were") given",
                range)
            return nil
        }
        for (i, (t, p)) in zip(typed, parameters).enumerated() where !isAssignable(t.type, to: p) {
            error("argument \(i + 1) of \(what) has type \(named(t.type)), expected \(named(p))", arguments[i].range)
            ok = false
        }
        return ok ? typed : nil
    }

    mutating func checkRecordLiteral(_ name: Identifier, _ fields: [(Identifier, Expr)], _ range: SourceRange) -> TypedExpr? {
        guard let type = resolveNamedType(name.name, at: name.range) else { return nil }
        guard case .record(let record) = type else {
            error("'\(name.name)' is not a record type", name.range)
            return nil
        }
        var values = [TypedExpr?](repeating: nil, count: record.fields.count)
        var ok = true
        for (fieldName, valueExpr) in fields {
            guard let i = record.fieldIndex(fieldName.name) else {
                error("record '\(record.name)' has no field '\(fieldName.name)'", fieldName.range)
                ok = false
                continue
            }
            if values[i] != nil {
                error("field '\(fieldName.name)' is given twice", fieldName.range)
                ok = false
                continue
            }
            guard let t = checkExpression(valueExpr) else {
                ok = false
                continue
            }
            if !isAssignable(t.type, to: record.fields[i].type) {
                error(
                    "field '\(fieldName.name)' has type \(named(record.fields[i].type)), but the value has type \(named(t.type))",
                    valueExpr.range)
                ok = false
            }
            values[i] = t
        }
        let missing = record.fields.indices.filter { values[$0] == nil }.map { record.fields[$0].name }
        if ok && !missing.isEmpty {
            error(
                "record literal of '\(record.name)' is missing field\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))",
                range)
            return nil
        }
        guard ok else { return nil }
        return TypedExpr(.record(values.map { $0! }), type, range)
    }

    /// Evaluates a constant-folded expression (literals and operators only), reporting
    /// division by zero and overflow. Returns nil if the expression is not constant.
    mutating func fold(_ e: TypedExpr) -> Int64? {
        do {
            return try ConstantFolder.evaluate(e)
        } catch {
            self.error(error.message, error.range)
            return nil
        }
    }
}
