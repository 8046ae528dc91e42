import PinLang

/// Compiles a checked `Model` into register-addressed nodes for the explicit engine.
struct Compiler {
    let model: Model
    let layout: StateLayout
    var nextRegister: Int
    var functionLocals: [[Int]] = []
    var functionResult: [Int] = []
    var procedureLocals: [[Int]] = []
    /// Local registers of the callable being compiled.
    var locals: [Int] = []
    var localTypes: [ValueType] = []
    /// Source positions of faulting nodes; nodes refer to them by index.
    var sites: [SourceRange] = []
    /// The sites of the implications compiled since `implications` was last emptied.
    var implications: [Int] = []

    mutating func site(_ range: SourceRange) -> Int {
        sites.append(range)
        return sites.count - 1
    }

    init(model: Model, layout: StateLayout) {
        self.model = model
        self.layout = layout
        self.nextRegister = layout.slots.count
    }

    mutating func allocate(_ count: Int) -> Int {
        defer { nextRegister += count }
        return nextRegister
    }

    mutating func allocateLocals(_ vars: [LocalVariable]) -> [Int] {
        vars.map { allocate($0.type.scalarCount) }
    }

    mutating func enter(_ vars: [LocalVariable]) {
        locals = allocateLocals(vars)
        localTypes = vars.map(\.type)
    }

    /// The model compiled; `probe` adds terms to evaluate over a state (a violation
    /// explained), compiled with their quantified variables' registers.
    static func compile(_ model: Model, probe: (locals: [LocalVariable], terms: [TypedExpr])? = nil) -> CompiledModel {
        let layout = StateLayout(model)
        var c = Compiler(model: model, layout: layout)
        let (functions, procedures) = c.compileCallables()
        var actions: [(parameterRegisters: [Int], guardNode: Node?, body: [Op])] = []
        var instances: [ActionInstance] = []
        for a in model.actions {
            c.enter(a.locals)
            let guardNode = a.guardExpr.map { c.scalar($0) }
            let body = c.compile(a.body, resultBase: 0, resultType: nil)
            actions.append((Array(c.locals[..<a.parameterCount]), guardNode, body))
        }
        instances = model.actionInstances().map { ActionInstance(action: $0.action, arguments: $0.arguments) }
        var invariants: [Node] = []
        var implications: [[Int]] = []
        for inv in model.invariants {
            c.enter(inv.locals)
            c.implications = []
            invariants.append(c.scalar(inv.condition))
            implications.append(c.implications)
        }
        let assertions = model.scenarios.map { c.compileAssertions(of: $0) }
        var probeNodes: [Node] = []
        var probeLocals: [Int] = []
        if let probe {
            c.enter(probe.locals)
            probeLocals = c.locals
            probeNodes = probe.terms.map { c.scalar($0) }
        }
        c.enter(model.initial.locals)
        let initBody = c.compile(model.initial.body, resultBase: 0, resultType: nil)
        var flat = Flattener(functions: functions, procedures: procedures)
        let flatActions = actions.enumerated().map { i, a in
            let guardNode = a.guardNode.map { NodeRef(index: flat.node($0)) }
            let body = flat.block(a.body)
            flat.origins[Int(body)] = .action(i)
            return (parameterRegisters: a.parameterRegisters, guardNode: guardNode, body: BlockRef(index: body))
        }
        let flatInvariants = invariants.map { NodeRef(index: flat.node($0)) }
        let flatAssertions = assertions.map { $0.map { NodeRef(index: flat.node($0)) } }
        let flatProbe = probeNodes.map { NodeRef(index: flat.node($0)) }
        let flatInit = BlockRef(index: flat.block(initBody))
        return CompiledModel(
            model: model, layout: layout, registerCount: c.nextRegister, code: flat.code, actions: flatActions,
            instances: instances, invariants: flatInvariants, assertions: flatAssertions, initBody: flatInit, sites: c.sites,
            blockOrigins: flat.origins, implications: implications, blockParents: flat.parents,
            functionFrames: zip(c.functionLocals, c.functionResult).map { ($0, $1) }, procedureFrames: c.procedureLocals,
            probe: (probeLocals, flatProbe))
    }

    /// Allocates every function's and procedure's locals, then compiles their bodies.
    mutating func compileCallables() -> (functions: [CompiledCallable], procedures: [CompiledCallable]) {
        for f in model.functions {
            functionLocals.append(allocateLocals(f.locals))
            functionResult.append(allocate(f.result.scalarCount))
        }
        for p in model.procedures { procedureLocals.append(allocateLocals(p.locals)) }
        var functions: [CompiledCallable] = []
        for (i, f) in model.functions.enumerated() {
            locals = functionLocals[i]
            localTypes = f.locals.map(\.type)
            functions.append(
                CompiledCallable(name: f.name, body: compile(f.body, resultBase: functionResult[i], resultType: f.result)))
        }
        var procedures: [CompiledCallable] = []
        for (i, p) in model.procedures.enumerated() {
            locals = procedureLocals[i]
            localTypes = p.locals.map(\.type)
            procedures.append(CompiledCallable(name: p.name, body: compile(p.body, resultBase: 0, resultType: nil)))
        }
        return (functions, procedures)
    }

    /// The conditions of a scenario's `assert`s.
    mutating func compileAssertions(of scenario: Scenario) -> [Node] {
        scenario.assertions.map { a in
            enter(a.locals)
            return scalar(a.condition)
        }
    }

    // MARK: Statements

    mutating func compile(_ stmts: [TypedStmt], resultBase: Int, resultType: ValueType?) -> [Op] {
        stmts.map { compile($0, resultBase: resultBase, resultType: resultType) }
    }

    mutating func compile(_ stmt: TypedStmt, resultBase: Int, resultType: ValueType?) -> Op {
        switch stmt {
        case .assign(let target, let value, let range):
            let place = self.place(target)
            if target.type.isScalar {
                return .store(place, converted(value, to: target.type, range))
            }
            return .storeAggregate(place, aggregate(value), count: target.type.scalarCount)
        case .bind(let local, let value, let range):
            let type = localTypes[local]
            let place = Place(base: locals[local], steps: [])
            if type.isScalar { return .store(place, converted(value, to: type, range)) }
            return .storeAggregate(place, aggregate(value), count: type.scalarCount)
        case .ifElse(let c, let a, let b, let range):
            return .ifElse(
                scalar(c), compile(a, resultBase: resultBase, resultType: resultType),
                compile(b, resultBase: resultBase, resultType: resultType), range: range)
        case .forLoop(let local, let domain, let body, _):
            return .loop(
                register: locals[local], domain: domain.finiteDomain ?? 0...(-1),
                body: compile(body, resultBase: resultBase, resultType: resultType))
        case .call(let index, let args, _):
            let params = model.procedures[index].locals.prefix(model.procedures[index].parameterCount).map(\.type)
            return .call(
                callSite(
                    callee: index, isFunction: false, args: args, parameterTypes: params,
                    parameterRegisters: procedureLocals[index]))
        case .returnValue(let value, let range):
            guard let value, let resultType else { return .returnValue(nil, resultBase: 0) }
            return .returnValue(self.value(value, as: resultType, range), resultBase: resultBase)
        }
    }

    // MARK: Expressions

    /// A value converted to `type` (range-checked when narrowing to a range).
    mutating func value(_ e: TypedExpr, as type: ValueType, _ range: SourceRange) -> Value {
        type.isScalar ? .scalar(converted(e, to: type, range)) : .aggregate(aggregate(e), count: type.scalarCount)
    }

    mutating func converted(_ e: TypedExpr, to type: ValueType, _ range: SourceRange) -> Node {
        let node = scalar(e)
        guard let bounds = type.rangeBounds else { return node }
        let (lo, hi) = (bounds.lowerBound, bounds.upperBound)
        if let inner = e.type.rangeBounds, inner.lowerBound >= lo, inner.upperBound <= hi { return node }
        if case .constant(let v) = node, (lo...hi).contains(v) { return node }
        return .checked(node, bounds: lo...hi, site: site(e.range))
    }

    mutating func scalar(_ e: TypedExpr) -> Node {
        switch e.kind {
        case .literal(let v): return .constant(v)
        case .variable, .local, .index, .field:
            let p = place(e)
            return p.steps.isEmpty && p.origin == nil ? .register(p.base) : .load(p)
        case .unary(let op, let x): return .unary(op, scalar(x), site: site(e.range))
        case .binary(let op, let a, let b):
            switch op {
            case .and: return .and(scalar(a), scalar(b))
            case .or: return .or(scalar(a), scalar(b))
            case .implies:
                let site = site(e.range)
                implications.append(site)
                return .implies(scalar(a), scalar(b), site: site)
            case .equal where !a.type.isScalar, .notEqual where !a.type.isScalar:
                return .aggregateEqual(aggregate(a), aggregate(b), count: a.type.scalarCount, negate: op == .notEqual)
            default: return .binary(op, scalar(a), scalar(b), site: site(e.range))
            }
        case .conditional(let c, let a, let b): return .conditional(scalar(c), scalar(a), scalar(b))
        case .call(let index, let args):
            return .call(functionCall(index, args), result: functionResult[index])
        case .quantified(let q, let local, let domain, let body):
            return .quantified(
                forall: q == .forall, register: locals[local], domain: domain.finiteDomain ?? 0...(-1), body: scalar(body))
        case .record, .array:
            return .constant(0)  // not scalar; the checker never types these as scalars
        }
    }

    mutating func aggregate(_ e: TypedExpr) -> Aggregate {
        switch e.kind {
        case .variable, .local, .index, .field:
            return .place(place(e))
        case .conditional(let c, let a, let b):
            return .conditional(scalar(c), aggregate(a), aggregate(b))
        case .call(let index, let args):
            let count = model.functions[index].result.scalarCount
            return .call(functionCall(index, args), result: functionResult[index], temp: allocate(count), count: count)
        case .record(let fields):
            guard case .record(let r) = e.type else { return .build(temp: allocate(0), parts: []) }
            let temp = allocate(e.type.scalarCount)
            var parts: [(offset: Int, value: Value)] = []
            for (i, field) in fields.enumerated() {
                parts.append((r.offset(ofField: i), value(field, as: r.fields[i].type, field.range)))
            }
            return .build(temp: temp, parts: parts)
        case .array(let elements):
            guard case .array(_, let elementType) = e.type else { return .build(temp: allocate(0), parts: []) }
            let temp = allocate(e.type.scalarCount)
            let stride = elementType.scalarCount
            let parts = elements.enumerated().map { (i, el) in (offset: i * stride, value: value(el, as: elementType, el.range)) }
            return .build(temp: temp, parts: parts)
        default:
            return .build(temp: allocate(0), parts: [])
        }
    }

    /// The register address of a place expression (variable, local, element, field), or of
    /// an element/field inside a computed aggregate.
    mutating func place(_ e: TypedExpr) -> Place {
        switch e.kind {
        case .variable(let v): return Place(base: layout.variableBase[v], steps: [])
        case .local(let l): return Place(base: locals[l], steps: [])
        case .index(let base, let index):
            var p = place(base)
            guard case .array(let indexType, let element) = base.type else { return p }
            p.steps.append(
                IndexStep(
                    index: scalar(index), bounds: indexType.finiteDomain ?? 0...(-1),
                    stride: element.scalarCount, site: site(index.range)))
            return p
        case .field(let base, let i):
            var p = place(base)
            guard case .record(let r) = base.type else { return p }
            p.base += r.offset(ofField: i)
            return p
        default:
            return Place(origin: aggregate(e), base: 0, steps: [])
        }
    }

    /// A call of function `index` with its parameters' types and registers.
    mutating func functionCall(_ index: Int, _ args: [TypedExpr]) -> CallSite {
        let f = model.functions[index]
        return callSite(
            callee: index, isFunction: true, args: args, parameterTypes: f.locals.prefix(f.parameterCount).map(\.type),
            parameterRegisters: functionLocals[index])
    }

    mutating func callSite(
        callee: Int, isFunction: Bool, args: [TypedExpr], parameterTypes: [ValueType], parameterRegisters: [Int]
    ) -> CallSite {
        var arguments: [(temp: Int, value: Value)] = []
        var copies: [(from: Int, to: Int, count: Int)] = []
        for (i, arg) in args.enumerated() {
            let type = parameterTypes[i]
            let count = type.scalarCount
            let temp = allocate(count)
            arguments.append((temp, value(arg, as: type, arg.range)))
            copies.append((temp, parameterRegisters[i], count))
        }
        return CallSite(callee: callee, isFunction: isFunction, arguments: arguments, copies: copies)
    }
}
