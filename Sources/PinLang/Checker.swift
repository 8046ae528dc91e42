/// Resolves names and types for one variant of a program and builds its `Model`.
/// Reports every error it finds; never traps on malformed input.
struct Checker {
    let program: Program
    let variant: String
    let chain: [String]
    var diagnostics: [Diagnostic] = []

    // Named types, resolved on demand (cycle-checked).
    var namedTypes: [String: ValueType] = [:]
    var resolvingTypes: Set<String> = []
    var enumConstants: [String: (type: EnumType, ordinal: Int64)] = [:]
    /// The scalars of each record type resolved so far (see `boundedScalarCount`).
    var recordSizes: [String: Int] = [:]
    /// Declarations by name: a model may declare thousands, and names are looked up often.
    let constantItems: [String: Program.Overridable<ConstDecl>]
    let aliasDecls: [String: TypeAliasDecl]
    let recordDecls: [String: RecordDecl]
    let variableNames: Set<String>

    // Constants, evaluated on demand (cycle-checked); nil value marks one that failed.
    var constantValues: [String: (value: Int64, type: ValueType)?] = [:]
    var resolvingConstants: Set<String> = []

    var variableIndex: [String: Int] = [:]
    var variables: [StateVariable] = []

    struct Signature {
        var parameters: [ValueType]
        var result: ValueType?
    }
    var functionIndex: [String: Int] = [:]
    var functionSignatures: [Signature] = []
    var procedureIndex: [String: Int] = [:]
    var procedureSignatures: [Signature] = []
    var actionNames: Set<String> = []
    /// Calls between functions/procedures, for the recursion check: caller → [(callee, site)].
    var callEdges: [String: [(String, SourceRange)]] = [:]

    /// The body being checked: what it may do and the locals it has bound.
    var context = Context(kind: .constant)

    init(program: Program, variant: String) {
        self.program = program
        self.variant = variant
        self.chain = program.chain(of: variant)
        constantItems = Dictionary(program.constants.map { ($0.name, $0) }) { first, _ in first }
        aliasDecls = Dictionary(program.aliases.map { ($0.name.name, $0) }) { first, _ in first }
        recordDecls = Dictionary(program.records.map { ($0.name.name, $0) }) { first, _ in first }
        variableNames = Set(program.variables.map(\.name.name))
    }

    mutating func error(_ message: String, _ range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: range, notes: notes))
    }

    mutating func run() throws(DiagnosticError) -> Model {
        for e in program.enums {
            let type = EnumType(name: e.name.name, cases: e.cases.map(\.name))
            if e.cases.isEmpty { error("enum '\(e.name.name)' needs at least one constant", e.name.range) }
            namedTypes[e.name.name] = .enumeration(type)
            for (i, c) in e.cases.enumerated() { enumConstants[c.name] = (type, Int64(i)) }
        }
        for a in program.aliases { _ = resolveNamedType(a.name.name, at: a.name.range) }
        for r in program.records { _ = resolveNamedType(r.name.name, at: r.name.range) }
        for c in program.constants {
            _ = constantValue(c.name, at: c.baseRange ?? SourceRange(at: .init(file: "", line: 1, column: 1)))
        }

        declareVariables()

        let functions = program.functions.compactMap { program.select($0, for: chain) }
        let procedures = program.procedures.compactMap { program.select($0, for: chain) }
        let actions = program.actions.compactMap { program.select($0, for: chain) }
        let mismatched = checkOverrideSignatures()

        // Callers are checked against the base declaration's signature where an override
        // changed it: the override's error is the one to fix, not each call it would break.
        for (decl, _) in functions {
            let signed = mismatched.functions[decl.name.name] ?? decl
            functionIndex[decl.name.name] = functionSignatures.count
            functionSignatures.append(
                Signature(
                    parameters: signed.parameters.map { resolveType($0.type) ?? .int },
                    result: resolveType(signed.result)))
        }
        for (decl, _) in procedures {
            let signed = mismatched.procedures[decl.name.name] ?? decl
            procedureIndex[decl.name.name] = procedureSignatures.count
            procedureSignatures.append(Signature(parameters: signed.parameters.map { resolveType($0.type) ?? .int }, result: nil))
        }
        actionNames = Set(actions.map { $0.decl.name.name })

        let initial = checkInitialState()
        let typedFunctions = functions.map { checkFunction($0.decl, variant: $0.variant) }
        let typedProcedures = procedures.map { checkProcedure($0.decl, variant: $0.variant) }
        let typedActions = actions.map { checkAction($0.decl, variant: $0.variant) }
        checkActionInstanceCount(typedActions)
        let typedInvariants = program.invariants.map { checkInvariant($0) }
        let scenarios = checkScenarios(actions: typedActions)
        checkCalls()

        if !diagnostics.isEmpty {
            throw DiagnosticError(diagnostics.sorted { $0.location < $1.location })
        }
        var constants: [String: (value: Int64, type: ValueType)] = [:]
        for (name, value) in constantValues { if let value { constants[name] = value } }
        return Model(
            name: program.name, variant: variant, variables: variables, constants: constants,
            functions: typedFunctions, procedures: typedProcedures, actions: typedActions,
            invariants: typedInvariants, initial: initial, scenarios: scenarios)
    }

    /// Resolves the state variables' types, bounding the state's size.
    mutating func declareVariables() {
        var stateScalars = 0
        var reported = false
        for v in program.variables {
            guard let type = resolveType(v.type) else { continue }
            if !type.isFinite {
                error("state variable '\(v.name.name)' must have a finite type, found \(type)", v.type.range)
            }
            stateScalars += boundedScalarCount(type)
            if stateScalars > ModelLimits.maximumScalars && !reported {
                error("state variable '\(v.name.name)' takes the state past \(ModelLimits.maximumScalars) scalars", v.name.range)
                reported = true
            }
            variableIndex[v.name.name] = variables.count
            variables.append(StateVariable(name: v.name.name, type: type, range: v.name.range))
        }
    }

    // MARK: Types

    mutating func resolveType(_ type: TypeExpr) -> ValueType? {
        switch type {
        case .bool: return .bool
        case .int: return .int
        case .range(let loExpr, let hiExpr, let range):
            guard let lo = constantInteger(loExpr), let hi = constantInteger(hiExpr) else { return nil }
            if lo > hi {
                error("empty range \(lo)..\(hi): the lower bound must not exceed the upper bound", range)
                return nil
            }
            return .range(lo, hi)
        case .named(let id):
            return resolveNamedType(id.name, at: id.range)
        case .flags(let name, let entries, _):
            return resolveFlags(name, entries)
        case .array(let indexExpr, let elementExpr, _):
            guard let index = resolveType(indexExpr), let element = resolveType(elementExpr) else { return nil }
            guard let domain = index.finiteDomain else {
                error("array index type must be bool, a range or an enum, found \(index)", indexExpr.range)
                return nil
            }
            if domain.count > 1 << 16 {
                error("array index type \(index) has \(domain.count) values; at most 65536 are supported", indexExpr.range)
                return nil
            }
            let array = ValueType.array(index: index, element: element)
            guard checkScalarCount(array, "array type \(array)", type.range) else { return nil }
            return array
        }
    }

    /// `flags NAME { … }`: each flag a distinct single bit, at most bit 30.
    mutating func resolveFlags(_ name: String, _ entries: [(name: Identifier, value: Expr)]) -> ValueType? {
        var flags: [FlagSetType.Flag] = []
        for (flag, expr) in entries {
            guard let value = constantInteger(expr) else { return nil }
            guard value > 0, value & (value - 1) == 0, value <= 1 << 30 else {
                error("flag '\(flag.name)' is \(value); a flag is one bit, a power of two from 1 to 2^30", expr.range)
                return nil
            }
            if let same = flags.first(where: { $0.value == value }) {
                error("flag '\(flag.name)' has the same bit as '\(same.name)'", expr.range)
                return nil
            }
            flags.append(FlagSetType.Flag(name: flag.name, value: value))
        }
        return .flags(FlagSetType(name: name, flags: flags))
    }

    mutating func resolveNamedType(_ name: String, at range: SourceRange) -> ValueType? {
        if let t = namedTypes[name] { return t }
        if resolvingTypes.contains(name) {
            error("type '\(name)' is defined in terms of itself", range)
            return nil
        }
        if resolvingTypes.count >= ModelLimits.maximumDefinitionChain {
            error("type '\(name)' is defined through a chain of more than \(ModelLimits.maximumDefinitionChain) types", range)
            return nil
        }
        resolvingTypes.insert(name)
        defer { resolvingTypes.remove(name) }
        if let alias = aliasDecls[name] {
            guard let t = resolveType(alias.type) else { return nil }
            namedTypes[name] = t
            return t
        }
        if let record = recordDecls[name] {
            var fields: [RecordType.Field] = []
            var seen: [String: SourceRange] = [:]
            for f in record.fields {
                if let previous = seen[f.name.name] {
                    error(
                        "duplicate field '\(f.name.name)' in record '\(name)'", f.name.range,
                        notes: [.init(message: "previous field is here", range: previous)])
                    continue
                }
                seen[f.name.name] = f.name.range
                guard let t = resolveType(f.type) else { return nil }
                fields.append(RecordType.Field(name: f.name.name, type: t))
            }
            if fields.isEmpty { error("record '\(name)' needs at least one field", record.name.range) }
            let t = ValueType.record(RecordType(name: name, fields: fields))
            guard checkScalarCount(t, "record '\(name)'", record.name.range) else { return nil }
            recordSizes[name] = boundedScalarCount(t)
            namedTypes[name] = t
            return t
        }
        if program.enums.contains(where: { $0.name.name == name }) { return namedTypes[name] }
        error("unknown type '\(name)'", range)
        return nil
    }

    // MARK: Constants

    /// The value of constant `name` in this variant, evaluating it on first use.
    mutating func constantValue(_ name: String, at range: SourceRange) -> (value: Int64, type: ValueType)? {
        if let known = constantValues[name] { return known }
        guard let item = constantItems[name],
            let (decl, _) = program.select(item, for: chain)
        else { return nil }
        if resolvingConstants.contains(name) {
            error("constant '\(name)' is defined in terms of itself", range)
            return nil
        }
        if resolvingConstants.count >= ModelLimits.maximumDefinitionChain {
            error(
                "constant '\(name)' is defined through a chain of more than \(ModelLimits.maximumDefinitionChain) constants",
                range)
            return nil
        }
        resolvingConstants.insert(name)
        defer { resolvingConstants.remove(name) }
        let saved = context
        context = Context(kind: .constant)
        defer { context = saved }
        var result: (value: Int64, type: ValueType)?
        if let typed = checkExpression(decl.value), let value = fold(typed) {
            var type = typed.type
            if let declared = decl.type.flatMap({ resolveType($0) }) {
                if !declared.isScalar {
                    error("constants must have a scalar type, found \(declared)", decl.type!.range)
                } else if !isAssignable(typed.type, to: declared) {
                    error("constant '\(name)' has type \(declared) but its value has type \(named(typed.type))", decl.value.range)
                } else if let domain = declared.finiteDomain ?? (declared == .int ? ValueType.intBounds : nil),
                    !domain.contains(value)
                {
                    error("value \(value) of constant '\(name)' is outside its type \(declared)", decl.value.range)
                } else {
                    type = declared
                }
            } else if type.rangeBounds != nil {
                type = .int
            }
            if !type.isScalar {
                error("constants must have a scalar type, found \(type)", decl.value.range)
            } else {
                result = (value, type)
            }
        }
        constantValues[name] = .some(result)
        return result
    }

    /// Evaluates a constant expression to an integer, reporting why when it cannot.
    mutating func constantInteger(_ expr: Expr) -> Int64? {
        let saved = context
        context = Context(kind: .constant)
        defer { context = saved }
        guard let typed = checkExpression(expr) else { return nil }
        guard typed.type.isNumeric else {
            error("expected an integer constant, found \(named(typed.type))", expr.range)
            return nil
        }
        return fold(typed)
    }

    // MARK: Variants

    /// An override must have the same parameter types and result as the declaration it
    /// replaces: the error shows both; the base declarations of those that differ, by name.
    mutating func checkOverrideSignatures() -> (functions: [String: FunctionDecl], procedures: [String: ProcedureDecl]) {
        func params(_ ps: [Parameter]) -> [ValueType?] { ps.map { resolveType($0.type) } }
        func written(_ ps: [Parameter]) -> String { ps.map { "\($0.name.name): \($0.type.text)" }.joined(separator: ", ") }
        var mismatched: (functions: [String: FunctionDecl], procedures: [String: ProcedureDecl]) = ([:], [:])
        for item in program.functions {
            guard let base = item.base else { continue }
            for o in item.overrides where chain.contains(o.variant.name) {
                let same =
                    params(base.parameters) == params(o.decl.parameters)
                    && resolveType(base.result) == resolveType(o.decl.result)
                if !same {
                    let expected = "fn \(item.name)(\(written(base.parameters))) -> \(base.result.text)"
                    let found = "fn \(item.name)(\(written(o.decl.parameters))) -> \(o.decl.result.text)"
                    error(
                        "override of function '\(item.name)' in variant '\(o.variant.name)' must keep its signature: "
                            + "expected \(expected), found \(found)", o.range,
                        notes: [.init(message: "the overridden declaration is here", range: base.name.range)])
                    mismatched.functions[item.name] = base
                }
            }
        }
        for item in program.procedures {
            guard let base = item.base else { continue }
            for o in item.overrides
            where chain.contains(o.variant.name)
                && params(base.parameters) != params(o.decl.parameters)
            {
                error(
                    "override of procedure '\(item.name)' in variant '\(o.variant.name)' must keep its signature: "
                        + "expected proc \(item.name)(\(written(base.parameters))), "
                        + "found proc \(item.name)(\(written(o.decl.parameters)))", o.range,
                    notes: [.init(message: "the overridden declaration is here", range: base.name.range)])
                mismatched.procedures[item.name] = base
            }
        }
        return mismatched
    }
}
