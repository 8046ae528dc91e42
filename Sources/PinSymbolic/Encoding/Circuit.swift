/// A literal of a `Circuit`: a node and whether it is negated (node × 2 + complement bit).
/// Literal 0 is the constant `false`, literal 1 the constant `true`.
public struct Bit: Hashable, Sendable {
    public var raw: UInt32

    public init(raw: UInt32) { self.raw = raw }

    public static let `false` = Bit(raw: 0)
    public static let `true` = Bit(raw: 1)

    /// The constant `b`.
    public static func constant(_ b: Bool) -> Bit { b ? .true : .false }

    /// The negation (free: it flips the complement bit).
    public static prefix func ! (b: Bit) -> Bit { Bit(raw: b.raw ^ 1) }

    /// The node this literal refers to.
    public var node: Int { Int(raw >> 1) }
    public var isComplemented: Bool { raw & 1 == 1 }
    /// `true`/`false` for the constants, nil otherwise.
    public var constantValue: Bool? { raw < 2 ? raw == 1 : nil }
}

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
    public func input() -> Bit {
        let node = left.count
        left.append(Self.inputMark)
        right.append(Self.inputMark)
        inputs.append(node)
        return Bit(raw: UInt32(node) << 1)
    }

    /// The fan-ins of a gate node (nil for an input or the constant).
    public func fanins(ofNode node: Int) -> (Bit, Bit)? {
        if node == 0 || left[node] == Self.inputMark { return nil }
        return (Bit(raw: left[node]), Bit(raw: right[node]))
    }

    // MARK: Gates

    public func and(_ x: Bit, _ y: Bit) -> Bit {
        var a = x
        var b = y
        if a.raw > b.raw { swap(&a, &b) }
        if a == .false { return .false }
        if a == .true { return b }
        if a == b { return a }
        if a == !b { return .false }
        // One level of look-ahead: absorption and contradiction through a fan-in.
        for (p, q) in [(a, b), (b, a)] {
            guard let (l, r) = fanins(ofNode: q.node) else { continue }
            if !q.isComplemented {
                if l == p || r == p { return q }  // p ∧ (p ∧ r) = p ∧ r
                if l == !p || r == !p { return .false }  // p ∧ (¬p ∧ r) = false
            } else if l == !p || r == !p {
                return p  // p ∧ ¬(¬p ∧ r) = p
            }
        }
        let key = UInt64(a.raw) << 32 | UInt64(b.raw)
        if let node = table[key] { return Bit(raw: node << 1) }
        let node = UInt32(left.count)
        left.append(a.raw)
        right.append(b.raw)
        table[key] = node
        return Bit(raw: node << 1)
    }

    public func or(_ a: Bit, _ b: Bit) -> Bit { !and(!a, !b) }

    public func xor(_ a: Bit, _ b: Bit) -> Bit {
        if let c = a.constantValue { return c ? !b : b }
        if let c = b.constantValue { return c ? !a : a }
        if a == b { return .false }
        if a == !b { return .true }
        return or(and(a, !b), and(!a, b))
    }

    public func xnor(_ a: Bit, _ b: Bit) -> Bit { !xor(a, b) }

    public func implies(_ a: Bit, _ b: Bit) -> Bit { or(!a, b) }

    /// `c ? a : b`.
    public func ite(_ c: Bit, _ a: Bit, _ b: Bit) -> Bit {
        if let v = c.constantValue { return v ? a : b }
        if a == b { return a }
        if let v = a.constantValue { return v ? or(c, b) : and(!c, b) }
        if let v = b.constantValue { return v ? or(!c, a) : and(c, a) }
        if a == !b { return xnor(c, a) }
        return or(and(c, a), and(!c, b))
    }

    /// The conjunction of all literals (`true` when empty), as a balanced tree.
    public func and(_ bits: [Bit]) -> Bit {
        balanced(bits, neutral: .true, and)
    }

    /// The disjunction of all literals (`false` when empty), as a balanced tree.
    public func or(_ bits: [Bit]) -> Bit {
        balanced(bits, neutral: .false, or)
    }

    private func balanced(_ bits: [Bit], neutral: Bit, _ op: (Bit, Bit) -> Bit) -> Bit {
        var level = bits.filter { $0 != neutral }
        if level.contains(!neutral) { return !neutral }
        if level.isEmpty { return neutral }
        while level.count > 1 {
            var next: [Bit] = []
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
    public func evaluate(_ outputs: [Bit], inputs values: [Bool]) -> [Bool] {
        var value = [Bool](repeating: false, count: nodeCount)
        for (i, node) in inputs.enumerated() where i < values.count { value[node] = values[i] }
        let top = outputs.map(\.node).max() ?? 0
        if top > 0 {
            for node in 1...top where left[node] != Self.inputMark {
                let a = value[Int(left[node] >> 1)] != (left[node] & 1 == 1)
                let b = value[Int(right[node] >> 1)] != (right[node] & 1 == 1)
                value[node] = a && b
            }
        }
        return outputs.map { value[$0.node] != $0.isComplemented }
    }
}
