import PinLang

/// Runs a model's typed tree symbolically over circuit words: the one place where the
/// language's semantics meet the symbolic engines. Every update is guarded by the path
/// condition, faults (out-of-range values, bad indexes, arithmetic faults) accumulate
/// under the condition that reaches them, and evaluation order follows the explicit
/// engine's (short-circuit operators, quantifiers that stop at the deciding element), so
/// both engines fault in exactly the same states.
final class CircuitEncoder {
    let model: Model
    let layout: StateLayout
    let circuit: Circuit

    init(model: Model, layout: StateLayout, circuit: Circuit) {
        self.model = model
        self.layout = layout
        self.circuit = circuit
    }

    /// The symbolic machine state while encoding one callable: the (possibly updated) state
    /// slots, the values of locals, and the accumulated fault condition.
    struct Frame {
        var state: [Word]
        var localTypes: [ValueType]
        /// Flattened value of each local (nil until bound).
        var values: [[Word]?]
        var fault: Literal
        /// Set once a `return` has run (under the recorded condition).
        var returned: Literal?
        var result: [Word]?

        init(state: [Word], locals: [LocalVariable], fault: Literal) {
            self.state = state
            self.localTypes = locals.map(\.type)
            self.values = Array(repeating: nil, count: locals.count)
            self.fault = fault
        }
    }

    // MARK: Callables

    /// One action instance from `state`: whether it is enabled, the state after it, and
    /// whether evaluating its guard (or, when enabled, its body) faults.
    func step(action index: Int, arguments: [Int64], from state: [Word]) throws -> (
        enabled: Literal, post: [Word], fault: Literal
    ) {
        let action = model.actions[index]
        var frame = Frame(state: state, locals: action.locals, fault: .false)
        for (i, v) in arguments.enumerated() { frame.values[i] = [Word(constant: v)] }
        var enabled = Literal.true
        if let g = action.guardExpr { enabled = try truth(g, guardedBy: .true, in: &frame) }
        try execute(action.body, guardedBy: enabled, in: &frame)
        return (enabled, frame.state, frame.fault)
    }

    /// An invariant in `state`: whether it holds, and whether evaluating it faults.
    func invariant(_ index: Int, in state: [Word]) throws -> (holds: Literal, fault: Literal) {
        let inv = model.invariants[index]
        var frame = Frame(state: state, locals: inv.locals, fault: .false)
        let holds = try truth(inv.condition, guardedBy: .true, in: &frame)
        return (holds, frame.fault)
    }

    /// The `init` block run on `state` (the variables' initial values).
    func initialize(_ state: [Word]) throws -> (state: [Word], fault: Literal) {
        var frame = Frame(state: state, locals: model.initial.locals, fault: .false)
        try execute(model.initial.body, guardedBy: .true, in: &frame)
        return (frame.state, frame.fault)
    }

    // MARK: Statements

    /// Runs statements. `pc` is the path condition: every update, fault, `return` and
    /// function result is guarded by it (and by "no `return` has run yet"), which lets the
    /// circuit fold the updates that a path makes impossible. Both branches of an `if` run
    /// on their own copy of the frame from the same state, so computations they share are
    /// built once, and are merged after it: a slot only one branch changed is that
    /// branch's (its update is guarded by the branch condition), others an `ite` on the
    /// condition. An `if` whose branch always returns runs the statements after it in the
    /// other branch.
    func execute(_ stmts: [TypedStmt], guardedBy pc: Literal, in frame: inout Frame, resultType: ValueType? = nil) throws {
        try execute(stmts[...], guardedBy: pc, in: &frame, resultType: resultType)
    }

    /// Runs statements symbolically under the path condition `pc`: each assignment becomes a
    /// selection between the old and the new value.
    /// - Long: one case per kind of statement, each a few lines, as in the checker.
    func execute(_ stmts: ArraySlice<TypedStmt>, guardedBy pc: Literal, in frame: inout Frame, resultType: ValueType?) throws {
        let c = circuit
        var index = stmts.startIndex
        while index < stmts.endIndex {
            let stmt = stmts[index]
            index += 1
            var g = pc
            if let returned = frame.returned { g = c.and(pc, !returned) }
            if g == .false { return }
            switch stmt {
            case .assign(let target, let value, _):
                let v =
                    try target.type.isScalar
                    ? converted(value, to: target.type, guardedBy: g, in: &frame)
                    : self.value(value, guardedBy: g, in: &frame)
                for place in try targets(target, guardedBy: g, in: &frame) {
                    let chosen = c.and(g, place.cond)
                    for (k, word) in v.enumerated() {
                        frame.state[place.base + k] = c.ite(chosen, word, frame.state[place.base + k])
                    }
                }
            case .bind(let local, let value, _):
                frame.values[local] = try converted(value, to: frame.localTypes[local], guardedBy: g, in: &frame)
            case .ifElse(let condition, let a, let b, _):
                let cond = try truth(condition, guardedBy: g, in: &frame)
                let rest = stmts[index...]
                if let known = cond.constantValue {
                    try execute(known ? a : b, guardedBy: g, in: &frame, resultType: resultType)
                    continue
                }
                var taken = frame
                var other = frame
                let aReturns = Self.alwaysReturns(a)
                let bReturns = Self.alwaysReturns(b)
                // The statements after the `if` continue the branch that falls through.
                let continueA = bReturns && !aReturns
                let continueB = aReturns && !bReturns
                try execute(continueA ? a[...] + rest : a[...], guardedBy: c.and(g, cond), in: &taken, resultType: resultType)
                try execute(continueB ? b[...] + rest : b[...], guardedBy: c.and(g, !cond), in: &other, resultType: resultType)
                frame = merge(cond, taken, other, from: frame)
                if continueA || continueB || (aReturns && bReturns) { return }
            case .forLoop(let local, let domain, let body, _):
                for v in domain.finiteDomain ?? 0...(-1) {
                    frame.values[local] = [Word(constant: v)]
                    try execute(body, guardedBy: g, in: &frame, resultType: resultType)
                }
            case .call(let index, let args, _):
                let p = model.procedures[index]
                var callee = Frame(state: frame.state, locals: p.locals, fault: frame.fault)
                for (i, arg) in args.enumerated() {
                    callee.values[i] = try converted(arg, to: p.locals[i].type, guardedBy: g, in: &frame)
                }
                callee.state = frame.state
                callee.fault = frame.fault
                try execute(p.body, guardedBy: g, in: &callee)
                frame.state = callee.state
                frame.fault = callee.fault
            case .returnValue(let value, _):
                if let value, let resultType {
                    let v = try converted(value, to: resultType, guardedBy: g, in: &frame)
                    let old = frame.result ?? v
                    frame.result = zip(v, old).map { c.ite(g, $0, $1) }
                }
                frame.returned = frame.returned.map { c.or($0, g) } ?? g
            }
        }
    }

    /// The two frames of an `if`'s branches, both run from `original`, as one. Each
    /// branch's updates, faults and returns are guarded by its condition, so a slot only
    /// one branch changed is simply that branch's; one both changed is an `ite`.
    func merge(_ cond: Literal, _ a: Frame, _ b: Frame, from original: Frame) -> Frame {
        let c = circuit
        func same(_ x: Word, _ y: Word) -> Bool { x.bits == y.bits && x.range == y.range }
        func pick(_ x: Word, _ y: Word, _ o: Word?) -> Word {
            if same(x, y) { return x }
            if let o, same(y, o) { return x }
            if let o, same(x, o) { return y }
            return c.ite(cond, x, y)
        }
        func flag(_ x: Literal?, _ y: Literal?) -> Literal? {
            guard let x, let y else { return x ?? y }
            return x == y ? x : c.or(x, y)
        }
        var merged = a
        merged.state = a.state.indices.map { pick(a.state[$0], b.state[$0], original.state[$0]) }
        merged.values = a.values.indices.map { i in
            guard let x = a.values[i], let y = b.values[i] else { return a.values[i] ?? b.values[i] }
            return x.indices.map { pick(x[$0], y[$0], original.values[i]?[$0]) }
        }
        merged.fault = a.fault == b.fault ? a.fault : c.or(a.fault, b.fault)
        merged.returned = flag(a.returned, b.returned)
        if let x = a.result, let y = b.result {
            merged.result = x.indices.map { pick(x[$0], y[$0], original.result?[$0]) }
        }
        return merged
    }

    /// Whether every path through the statements ends in a `return`.
    static func alwaysReturns(_ stmts: [TypedStmt]) -> Bool {
        for stmt in stmts {
            switch stmt {
            case .returnValue: return true
            case .ifElse(_, let a, let b, _) where alwaysReturns(a) && alwaysReturns(b): return true
            default: continue
            }
        }
        return false
    }

    /// The state slots an assignment target may denote, each with the condition selecting it.
    func targets(_ e: TypedExpr, guardedBy g: Literal, in frame: inout Frame) throws -> [(cond: Literal, base: Int)] {
        switch e.kind {
        case .variable(let v):
            return [(.true, layout.variableBase[v])]
        case .field(let base, let i):
            guard case .record(let r) = base.type else { throw EncodingError("field of a non-record") }
            return try targets(base, guardedBy: g, in: &frame).map { ($0.cond, $0.base + r.offset(ofField: i)) }
        case .index(let base, let index):
            guard case .array(let indexType, let element) = base.type, let bounds = indexType.finiteDomain else {
                throw EncodingError("index of a non-array")
            }
            let outer = try targets(base, guardedBy: g, in: &frame)
            let candidates = try indexCandidates(index, bounds, guardedBy: g, in: &frame)
            var result: [(cond: Literal, base: Int)] = []
            for o in outer {
                for c in candidates {
                    result.append(
                        (circuit.and(o.cond, c.cond), o.base + Int(c.value - bounds.lowerBound) * element.scalarCount))
                }
            }
            return result
        default:
            throw EncodingError("assignment target is not a state place")
        }
    }

    /// Records that evaluation faults when `condition` holds under guard `g`.
    func fault(when condition: Literal, _ g: Literal, _ frame: inout Frame) {
        let c = circuit.and(g, condition)
        if c == .false { return }
        frame.fault = circuit.or(frame.fault, c)
    }
}

/// An internal inconsistency in the encoder (never expected on a checked model).
public struct EncodingError: Error, CustomStringConvertible {
    public var description: String
    package init(_ description: String) { self.description = description }
}
