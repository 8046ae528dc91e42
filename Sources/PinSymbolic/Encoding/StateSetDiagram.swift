import Z3

/// A finite set of states as a reduced ordered binary decision diagram over the state bits,
/// tested in the bits' order (bit 0 first). Built in one pass from the set's members:
/// sorted, the members that agree on the first k bits are a contiguous run, and each run
/// splits into its 0 and 1 halves at the next bit; equal sub-diagrams are shared.
public struct StateSetDiagram: Sendable {
    /// Node 0 is the empty set, node 1 the set of every completion; others test `bit`.
    public struct Node: Hashable, Sendable {
        public var bit: Int32
        public var low: Int32
        public var high: Int32
    }

    public private(set) var nodes: [Node] = [Node(bit: -1, low: 0, high: 0), Node(bit: -1, low: 1, high: 1)]
    public private(set) var root: Int32 = 0
    public let bitCount: Int

    /// The set of `count` members over `bitCount` bits; `member(i, &bits)` sets member i's bits.
    public init(count: Int, bitCount: Int, member: (Int, inout [Bool]) -> Void) {
        self.bitCount = bitCount
        // Members as words, bit 0 in the most significant place, so that comparing the
        // words in order compares the members bit by bit.
        let width = max(1, (bitCount + 63) / 64)
        var rows = [UInt64](repeating: 0, count: count * width)
        var bits = [Bool](repeating: false, count: bitCount)
        for i in 0..<count {
            member(i, &bits)
            for (k, b) in bits.enumerated() where b { rows[i * width + k / 64] |= 1 << UInt64(63 - k % 64) }
        }
        var order = Array(0..<count)
        order.sort { a, b in
            for w in 0..<width where rows[a * width + w] != rows[b * width + w] {
                return rows[a * width + w] < rows[b * width + w]
            }
            return false
        }
        func bit(_ i: Int, _ k: Int) -> Bool { rows[order[i] * width + k / 64] & (1 << UInt64(63 - k % 64)) != 0 }

        var unique: [Node: Int32] = [:]
        func make(_ bit: Int, _ low: Int32, _ high: Int32) -> Int32 {
            if low == high { return low }
            let node = Node(bit: Int32(bit), low: low, high: high)
            if let id = unique[node] { return id }
            let id = Int32(nodes.count)
            nodes.append(node)
            unique[node] = id
            return id
        }
        // The members order[lo..<hi], which agree on bits before k.
        func build(_ lo: Int, _ hi: Int, _ k: Int) -> Int32 {
            if lo == hi { return 0 }
            if k == bitCount { return 1 }
            // The first member with bit k set (the run is sorted on it).
            var (a, b) = (lo, hi)
            while a < b {
                let m = (a + b) / 2
                if bit(m, k) { b = m } else { a = m + 1 }
            }
            return make(k, build(lo, a, k + 1), build(a, hi, k + 1))
        }
        root = build(0, count, 0)
    }

    /// Decision nodes (the two terminals not counted).
    public var size: Int { nodes.count - 2 }

    /// Whether the state with these bits is in the set.
    public func contains(_ bits: [Bool]) -> Bool {
        var n = root
        while n > 1 { n = bits[Int(nodes[Int(n)].bit)] ? nodes[Int(n)].high : nodes[Int(n)].low }
        return n == 1
    }

    /// The set as a formula over the state's Boolean constants `s`: one if-then-else per
    /// node, shared as the nodes are.
    public func formula(over s: [Z3Term], in context: Z3Context) throws -> Z3Term {
        var terms: [Z3Term] = [try context.bool(false), try context.bool(true)]
        // A node is made after its children, so their terms exist when it needs them.
        for node in nodes.dropFirst(2) {
            terms.append(try s[Int(node.bit)].ite(then: terms[Int(node.high)], else: terms[Int(node.low)]))
        }
        return terms[Int(root)]
    }
}
