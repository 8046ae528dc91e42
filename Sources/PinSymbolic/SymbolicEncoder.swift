import PinLang
import Z3

/// Encodes a resolved `Model` into Z3 terms, once, for every symbolic engine: the initial
/// state, each action instance's guard and effect, each invariant, and the conditions
/// under which evaluation faults (so that symbolic engines find the same model errors as
/// the explicit one).
///
/// State is the flattened slot vector of `StateLayout`: a bool slot is a Boolean term,
/// every other slot an integer term. Integer arithmetic is exact over mathematical
/// integers with the shared `Arithmetic` rules (a result outside the 32-bit range, a
/// division by zero or a bad shift is a fault), division truncates like C, and bitwise
/// operators go through 64-bit vectors unless both operands are known numbers.
public final class SymbolicEncoder {
    public let model: Model
    public let layout: StateLayout
    public let context: Z3Context
    /// Every action instance, in the explicit engine's order.
    public let instances: [(action: Int, arguments: [Int64])]
    let trueTerm: Z3Term
    let falseTerm: Z3Term
    let intMin: Z3Term
    let intMax: Z3Term
    /// Known bounds of integer terms, by Z3 AST id (see `interval(_:)`).
    var intervals: [UInt32: ClosedRange<Int64>] = [:]
    /// The terms whose ids are in `intervals`, kept alive so that no id is reused.
    var retained: [Z3Term] = []

    public init(model: Model, context: Z3Context) throws {
        self.model = model
        self.layout = StateLayout(model)
        self.context = context
        self.instances = model.actionInstances()
        trueTerm = try context.bool(true)
        falseTerm = try context.bool(false)
        intMin = try context.int(Int(ValueType.intBounds.lowerBound))
        intMax = try context.int(Int(ValueType.intBounds.upperBound))
    }

    // MARK: States

    /// Fresh state variables, one per slot, named `prefix` + the slot's path.
    public func stateVariables(_ prefix: String) throws -> [Z3Term] {
        try layout.slots.map { slot in
            if slot.type == .bool { return try context.boolConst(prefix + slot.path) }
            let v = try context.intConst(prefix + slot.path)
            record(v, slot.domain)
            return v
        }
    }

    /// Every integer slot lies within its type's domain.
    public func domainConstraint(_ state: [Z3Term]) throws -> Z3Term {
        var parts: [Z3Term] = []
        for (slot, term) in zip(layout.slots, state) where slot.type != .bool {
            parts.append(try term >= context.int(Int(slot.domain.lowerBound)))
            parts.append(try term <= context.int(Int(slot.domain.upperBound)))
        }
        return try conjunction(parts)
    }

    /// The initial state as terms (constants after the `init` block), and the condition
    /// under which the `init` block faults.
    public func initialState() throws -> (state: [Z3Term], fault: Z3Term) {
        let values = layout.initialSlots(of: model)
        var frame = Frame(
            state: try zip(layout.slots, values).map { try literal($1, $0.type) },
            locals: model.initial.locals, fault: falseTerm)
        try execute(model.initial.body, guardedBy: trueTerm, in: &frame)
        var fault = frame.fault
        for (slot, term) in zip(layout.slots, frame.state) where slot.type != .bool {
            let inside = try (term >= context.int(Int(slot.domain.lowerBound))).and(
                term <= context.int(Int(slot.domain.upperBound)))
            fault = try fault.or(inside.not())
        }
        return (try frame.state.map { try $0.simplified() }, try fault.simplified())
    }

    /// Equality of two states, slot by slot.
    public func equal(_ a: [Z3Term], _ b: [Z3Term]) throws -> Z3Term {
        try conjunction(zip(a, b).map { try $0.eq($1) })
    }

    // MARK: Actions

    /// One action instance from a state: whether it is enabled, the state after it, and
    /// whether evaluating its guard (or, when enabled, its body) faults.
    public struct Step {
        public var enabled: Z3Term
        public var post: [Z3Term]
        public var fault: Z3Term
    }

    public func step(_ instance: Int, from state: [Z3Term]) throws -> Step {
        let (actionIndex, arguments) = instances[instance]
        let action = model.actions[actionIndex]
        var frame = Frame(state: state, locals: action.locals, fault: falseTerm)
        for (i, v) in arguments.enumerated() {
            frame.values[i] = [try literal(v, action.locals[i].type)]
        }
        var enabled = trueTerm
        if let g = action.guardExpr {
            enabled = try scalar(g, guardedBy: trueTerm, in: &frame)
        }
        try execute(action.body, guardedBy: enabled, in: &frame)
        return Step(enabled: enabled, post: frame.state, fault: frame.fault)
    }

    /// What the symbolic engines prove for invariant `j` in a state: it holds, and neither it
    /// nor any action instance (given as `steps`, encoded from the same state) faults there.
    public func safety(_ j: Int, in state: [Z3Term], steps: [Step]) throws -> Z3Term {
        let inv = try invariant(j, in: state)
        return try and(inv.holds, not(disjunction([inv.fault] + steps.map(\.fault))))
    }

    /// Every action instance's step from a state.
    public func steps(from state: [Z3Term]) throws -> [Step] {
        try instances.indices.map { try step($0, from: state) }
    }

    /// An invariant in a state: whether it holds, and whether evaluating it faults.
    public func invariant(_ index: Int, in state: [Z3Term]) throws -> (holds: Z3Term, fault: Z3Term) {
        let inv = model.invariants[index]
        var frame = Frame(state: state, locals: inv.locals, fault: falseTerm)
        let holds = try scalar(inv.condition, guardedBy: trueTerm, in: &frame)
        return (holds, frame.fault)
    }

    // MARK: Helpers

    func literal(_ value: Int64, _ type: ValueType) throws -> Z3Term {
        type == .bool ? try context.bool(value != 0) : try context.int(Int(value))
    }

    func conjunction(_ terms: [Z3Term]) throws -> Z3Term {
        if terms.isEmpty { return trueTerm }
        if terms.count == 1 { return terms[0] }
        return try context.and(terms)
    }

    func disjunction(_ terms: [Z3Term]) throws -> Z3Term {
        if terms.isEmpty { return falseTerm }
        if terms.count == 1 { return terms[0] }
        return try context.or(terms)
    }

    /// The integer value of a term that is a numeral. Constants are folded as terms are
    /// built (never by Z3's simplifier, which is far too slow to call on every node).
    func numeral(_ term: Z3Term) -> Int64? {
        guard term.isNumeral, let text = try? term.numeralString else { return nil }
        return Int64(text)
    }

    // Boolean connectives that fold the constants `true` and `false` as they build.

    func and(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term {
        switch (a.boolValue, b.boolValue) {
        case (false?, _), (_, false?): return falseTerm
        case (true?, _): return b
        case (_, true?): return a
        default: return try a.and(b)
        }
    }

    func or(_ a: Z3Term, _ b: Z3Term) throws -> Z3Term {
        switch (a.boolValue, b.boolValue) {
        case (true?, _), (_, true?): return trueTerm
        case (false?, _): return b
        case (_, false?): return a
        default: return try a.or(b)
        }
    }

    func not(_ a: Z3Term) throws -> Z3Term {
        switch a.boolValue {
        case true?: return falseTerm
        case false?: return trueTerm
        default: return try a.not()
        }
    }

    func ite(_ c: Z3Term, _ a: Z3Term, _ b: Z3Term) throws -> Z3Term {
        switch c.boolValue {
        case true?: return a
        case false?: return b
        default:
            if a.isIdentical(to: b) { return a }
            let t = try context.ite(c, a, b)
            if let x = interval(a), let y = interval(b) {
                record(t, min(x.lowerBound, y.lowerBound)...max(x.upperBound, y.upperBound))
            }
            return t
        }
    }
}

/// The symbolic machine state while encoding one callable: the (possibly updated) state
/// slots, the values of locals, and the accumulated fault condition.
struct Frame {
    var state: [Z3Term]
    var localTypes: [ValueType]
    /// Flattened value of each local (nil until bound).
    var values: [[Z3Term]?]
    var fault: Z3Term
    /// Set once a `return` has run (under the recorded condition).
    var returned: Z3Term?
    var result: [Z3Term]?

    init(state: [Z3Term], locals: [LocalVariable], fault: Z3Term) {
        self.state = state
        self.localTypes = locals.map(\.type)
        self.values = Array(repeating: nil, count: locals.count)
        self.fault = fault
    }
}
