/// A hash-consed and-inverter graph: every gate is the conjunction of two literals, and
/// negation is a complement bit on edges. Building folds constants and a few local
/// identities (`a ∧ a`, `a ∧ ¬a`, absorption), and structurally equal gates are shared, so
/// the symbolic encoding of a model is built once, small, without calling Z3.
///
/// A reference type: one circuit is built by the encoder and read by every engine.
public final class Circuit {
    /// Per node: its two fan-in literals; inputs have `inputMark` in both.
    private(set) var left: [UInt32] = [0]
    private(set) var right: [UInt32] = [0]
    /// Input nodes, in creation order.
    public private(set) var inputs: [Int] = []
    private var table: [UInt64: UInt32] = [:]
    static let inputMark = UInt32.max

    public init() {}

    /// Number of nodes (the constant, the inputs and the gates).
    public var nodeCount: Int { left.count }

    /// A fresh input literal.
    public func input() -> Literal {
        let node = left.count
        left.append(Self.inputMark)
        right.append(Self.inputMark)
        inputs.append(node)
        return Literal(raw: UInt32(node) << 1)
    }

    /// The fan-ins of a gate node (nil for an input or the constant).
    public func fanins(ofNode node: Int) -> (Literal, Literal)? {
        if node == 0 || left[node] == Self.inputMark { return nil }
        return (Literal(raw: left[node]), Literal(raw: right[node]))
    }

    // MARK: Gates

    public func and(_ x: Literal, _ y: Literal) -> Literal {
        var a = x
        var b = y
        if a.raw > b.raw { swap(&a, &b) }
        if a == .false { return .false }
        if a == .true { return b }
        if a == b { return a }
        if a == !b { return .false }
        // One level of look-ahead: absorption and contradiction through a fan-in.
        for (p, q) in [(a, b), (b, a)] {
            guard let (l, r) = fanins(ofNode: q.variable) else { continue }
            if !q.isNegated {
                if l == p || r == p { return q }  // p ∧ (p ∧ r) = p ∧ r
                if l == !p || r == !p { return .false }  // p ∧ (¬p ∧ r) = false
            } else if l == !p || r == !p {
                return p  // p ∧ ¬(¬p ∧ r) = p
            }
        }
        let key = UInt64(a.raw) << 32 | UInt64(b.raw)
        if let node = table[key] { return Literal(raw: node << 1) }
        let node = UInt32(left.count)
        left.append(a.raw)
        right.append(b.raw)
        table[key] = node
        return Literal(raw: node << 1)
    }

    public func or(_ a: Literal, _ b: Literal) -> Literal { !and(!a, !b) }

    public func xor(_ a: Literal, _ b: Literal) -> Literal {
        if let c = a.constantValue { return c ? !b : b }
        if let c = b.constantValue { return c ? !a : a }
        if a == b { return .false }
        if a == !b { return .true }
        return or(and(a, !b), and(!a, b))
    }

    public func xnor(_ a: Literal, _ b: Literal) -> Literal { !xor(a, b) }

    public func implies(_ a: Literal, _ b: Literal) -> Literal { or(!a, b) }

    /// `c ? a : b`.
    public func ite(_ c: Literal, _ a: Literal, _ b: Literal) -> Literal {
        if let v = c.constantValue { return v ? a : b }
        if a == b { return a }
        if let v = a.constantValue { return v ? or(c, b) : and(!c, b) }
        if let v = b.constantValue { return v ? or(!c, a) : and(c, a) }
        if a == !b { return xnor(c, a) }
        return or(and(c, a), and(!c, b))
    }

    /// The conjunction of all literals (`true` when empty), as a balanced tree.
    public func and(_ bits: [Literal]) -> Literal {
        balanced(bits, neutral: .true, and)
    }

    /// The disjunction of all literals (`false` when empty), as a balanced tree.
    public func or(_ bits: [Literal]) -> Literal {
        balanced(bits, neutral: .false, or)
    }

    private func balanced(_ bits: [Literal], neutral: Literal, _ op: (Literal, Literal) -> Literal) -> Literal {
        var level = bits.filter { $0 != neutral }
        if level.contains(!neutral) { return !neutral }
        if level.isEmpty { return neutral }
        while level.count > 1 {
            var next: [Literal] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(op(level[i], level[i + 1]))
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
        }
        return level[0]
    }

    // MARK: Reading

    /// Evaluates literals under an assignment of the inputs (by position in `inputs`).
    public func evaluate(_ outputs: [Literal], inputs values: [Bool]) -> [Bool] {
        var value = [Bool](repeating: false, count: nodeCount)
        for (i, node) in inputs.enumerated() where i < values.count { value[node] = values[i] }
        let top = outputs.map(\.variable).max() ?? 0
        if top > 0 {
            for node in 1...top where left[node] != Self.inputMark {
                let a = value[Int(left[node] >> 1)] != (left[node] & 1 == 1)
                let b = value[Int(right[node] >> 1)] != (right[node] & 1 == 1)
                value[node] = a && b
            }
        }
        return outputs.map { value[$0.variable] != $0.isNegated }
    }
}
