import PinLang

/// Explains why an invariant is false in a state, by evaluating its terms there: the
/// values of the quantified variables that break it, what the premise of an implication
/// read, and both sides of the comparison that fails.
public struct ViolationExplainer {
    let model: Model
    let invariant: Invariant
    let machine: Machine
    let program: CompiledModel
    var bound: [Int: Int64] = [:]

    /// The explanation of invariant `name` in `state`, or nil when it holds there (or is unknown).
    public static func explain(_ name: String, in model: Model, state: [Int64]) -> ViolationExplanation? {
        guard let invariant = model.invariants.first(where: { $0.name == name }) else { return nil }
        var terms: [TypedExpr] = []
        Self.collect(invariant.condition, into: &terms)
        let program = Compiler.compile(model, probe: (invariant.locals, terms))
        var explainer = ViolationExplainer(model: model, invariant: invariant, machine: Machine(program), program: program)
        explainer.machine.setState(state)
        guard explainer.value(invariant.condition, at: 0) == 0 else { return nil }
        var index = 0
        let lines = explainer.why(invariant.condition, &index)
        return ViolationExplanation(invariant: name, range: invariant.range, lines: lines)
    }

    /// Every scalar term of `e`, in pre-order (the order `why` walks them).
    static func collect(_ e: TypedExpr, into terms: inout [TypedExpr]) {
        if e.type.isScalar { terms.append(e) }
        for child in children(of: e) { collect(child, into: &terms) }
    }

    static func children(of e: TypedExpr) -> [TypedExpr] {
        switch e.kind {
        case .literal, .variable, .local: return []
        case .unary(_, let x): return [x]
        case .binary(_, let x, let y), .index(let x, let y): return [x, y]
        case .conditional(let c, let x, let y): return [c, x, y]
        case .field(let x, _): return [x]
        case .call(_, let args), .record(let args), .array(let args): return args
        case .quantified(_, _, _, let body): return [body]
        }
    }

    /// The value of the term at pre-order position `index` (of `e`), nil on a fault.
    func value(_ e: TypedExpr, at index: Int) -> Int64? {
        guard e.type.isScalar, index < program.probe.terms.count else { return nil }
        return try? machine.eval(program.probe.terms[index])
    }

    func text(_ e: TypedExpr, parenthesized: Bool = false) -> String {
        e.text(in: model, locals: invariant.locals, bound: bound, parenthesized: parenthesized)
    }

    /// Whether `e` is written as its value: a literal, or a quantified variable now bound.
    func isValue(_ e: TypedExpr) -> Bool {
        switch e.kind {
        case .literal: return true
        case .local(let i): return bound[i] != nil
        default: return false
        }
    }

    /// How many terms `e` and its subterms take in pre-order.
    static func size(_ e: TypedExpr) -> Int {
        (e.type.isScalar ? 1 : 0) + children(of: e).reduce(0) { $0 + size($1) }
    }

    /// Why `e` (at pre-order position `index`, which this advances past it) is false.
    mutating func why(_ e: TypedExpr, _ index: inout Int) -> [String] {
        let start = index
        defer { index = start + Self.size(e) }
        switch e.kind {
        case .quantified(.forall, let local, let domain, let body):
            let register = program.probe.locals[local]
            for v in domain.finiteDomain ?? 0...(-1) {
                machine.registers[register] = v
                if value(body, at: start + 1) == 0 {
                    bound[local] = v
                    var inner = start + 1
                    return ["\(invariant.locals[local].name) = \(domain.format(v))"] + why(body, &inner)
                }
            }
            return ["false: \(text(e))"]
        case .binary(.implies, let premise, let conclusion):
            var inner = start + 1
            let held = facts(premise, &inner)
            return ["premise: " + held.joined(separator: "; ")] + why(conclusion, &inner).map { "but: " + $0 }
        case .binary(.and, let x, let y):
            var inner = start + 1
            if value(x, at: inner) == 0 { return why(x, &inner) }
            inner += Self.size(x)
            return why(y, &inner)
        case .binary(.or, let x, let y):
            var inner = start + 1
            return why(x, &inner) + why(y, &inner)
        case .unary(.not, let x):
            var inner = start + 1
            return facts(x, &inner)
        case .binary(let op, let x, let y) where Self.negated[op] != nil:
            return [comparison(x, y, start + 1, Self.negated[op]!)]
        default:
            return ["\(text(e, parenthesized: true)) = false"]
        }
    }

    /// What makes `e` (at `index`, advanced past it) true.
    mutating func facts(_ e: TypedExpr, _ index: inout Int) -> [String] {
        let start = index
        defer { index = start + Self.size(e) }
        switch e.kind {
        case .binary(.and, let x, let y):
            var inner = start + 1
            return facts(x, &inner) + facts(y, &inner)
        case .unary(.not, let x):
            var inner = start + 1
            return why(x, &inner)
        case .binary(let op, let x, let y) where Self.negated[op] != nil:
            return [comparison(x, y, start + 1, op.rawValue)]
        default:
            return ["\(text(e, parenthesized: true)) = \(value(e, at: start).map { e.type.format($0) } ?? "?")"]
        }
    }

    /// `x = 1 ≠ y = 2` (a side that is a literal or a bound variable written once).
    func comparison(_ x: TypedExpr, _ y: TypedExpr, _ index: Int, _ op: String) -> String {
        func side(_ e: TypedExpr, _ at: Int) -> String {
            if isValue(e) { return text(e) }
            return "\(text(e, parenthesized: true)) = " + (value(e, at: at).map { e.type.format($0) } ?? "?")
        }
        return "\(side(x, index)) \(op) \(side(y, index + Self.size(x)))"
    }

    /// The comparison that holds when the one written is false.
    static let negated: [BinaryOperator: String] = [
        .equal: "≠", .notEqual: "=", .less: "≥", .lessEqual: ">", .greater: "≤", .greaterEqual: "<",
    ]
}
