import PinLang

/// The state slots that each action's guard and each invariant can read, as masks over the
/// packed state: the explicit engine evaluates a guard or an invariant again only in a
/// state that differs from its parent in a bit it can read (`Explorer.expand`).
///
/// The sets are over-approximations, computed from the flat code: a slot read directly; for
/// an indexed place, every slot any index in range can reach; for a call, what the callee's
/// body and its arguments read; for a place inside a computed aggregate that may lie in the
/// state, every slot. An action's set holds for all its instances (its parameters are not
/// state), so one test serves all of them.
final class ReadSets: @unchecked Sendable {
    let wordCount: Int
    /// Per action, the bits of the packed state its guard can read (all zero: no guard),
    /// `wordCount` words each.
    let guards: UnsafeMutablePointer<UInt64>
    /// Per invariant (by model index), the bits it can read.
    let invariants: UnsafeMutablePointer<UInt64>
    let actionCount: Int
    let invariantCount: Int

    init(_ program: CompiledModel) {
        var walker = ReadWalker(code: program.code, slotCount: program.layout.slots.count)
        let layout = program.layout
        wordCount = max(layout.wordCount, 1)
        func mask(_ slots: Set<Int>) -> [UInt64] {
            var words = [UInt64](repeating: 0, count: max(layout.wordCount, 1))
            for s in slots {
                let slot = layout.slots[s]
                guard slot.width > 0 else { continue }
                words[slot.word] |= slot.valueMask << UInt64(slot.shift)
            }
            return words
        }
        let guardMasks = program.actions.flatMap { action in
            action.guardNode.map { mask(walker.node($0.index)) } ?? mask([])
        }
        let invariantMasks = program.invariants.flatMap { mask(walker.node($0.index)) }
        actionCount = program.actions.count
        invariantCount = program.invariants.count
        guards = .allocate(capacity: max(guardMasks.count, 1))
        guards.initialize(from: guardMasks, count: guardMasks.count)
        invariants = .allocate(capacity: max(invariantMasks.count, 1))
        invariants.initialize(from: invariantMasks, count: invariantMasks.count)
    }

    deinit {
        guards.deallocate()
        invariants.deallocate()
    }

    /// Whether action `a`'s guard can read a bit of `diff`.
    @inline(__always)
    func guardReads(_ a: Int, _ diff: UnsafePointer<UInt64>) -> Bool {
        Self.touches(diff, guards + a * wordCount, wordCount)
    }

    /// Whether invariant `k` can read a bit of `diff`.
    @inline(__always)
    func invariantReads(_ k: Int, _ diff: UnsafePointer<UInt64>) -> Bool {
        Self.touches(diff, invariants + k * wordCount, wordCount)
    }

    @inline(__always)
    static func touches(_ diff: UnsafePointer<UInt64>, _ mask: UnsafePointer<UInt64>, _ n: Int) -> Bool {
        for w in 0..<n where diff[w] & mask[w] != 0 { return true }
        return false
    }

    /// The masks of guard `a` (or of invariant `k`), for the C writer.
    func guardMask(_ a: Int) -> [UInt64] { Array(UnsafeBufferPointer(start: guards + a * wordCount, count: wordCount)) }
    func invariantMask(_ k: Int) -> [UInt64] {
        Array(UnsafeBufferPointer(start: invariants + k * wordCount, count: wordCount))
    }
}

/// Per state of the level being expanded and of the level before, which action instances
/// are enabled, one bit each: a state inherits its parent's bit for every instance whose
/// guard reads nothing that differs between them. Each worker writes the rows of its own
/// states only.
final class EnabledRows: @unchecked Sendable {
    let rowWords: Int
    private(set) var previous: UnsafeMutablePointer<UInt64>?
    private(set) var previousStart = 0
    private(set) var previousCount = 0
    private(set) var current: UnsafeMutablePointer<UInt64>?
    private(set) var currentStart = 0
    private(set) var currentCount = 0

    init(instanceCount: Int) {
        rowWords = max(1, (instanceCount + 63) / 64)
    }

    deinit {
        previous?.deallocate()
        current?.deallocate()
    }

    /// Starts level `ids`: the current rows become the previous ones.
    func begin(_ ids: Range<Int>) {
        previous?.deallocate()
        previous = current
        previousStart = currentStart
        previousCount = currentCount
        currentCount = ids.count
        current = .allocate(capacity: max(ids.count, 1) * rowWords)
        current!.initialize(repeating: 0, count: max(ids.count, 1) * rowWords)
        currentStart = ids.lowerBound
    }

    /// The row of state `id` of the previous level, if there is one.
    @inline(__always)
    func previousRow(_ id: Int) -> UnsafeMutablePointer<UInt64>? {
        guard let previous, id >= previousStart, id < previousStart + previousCount else { return nil }
        return previous + (id - previousStart) * rowWords
    }

    /// The row of state `id` of the current level.
    @inline(__always)
    func currentRow(_ id: Int) -> UnsafeMutablePointer<UInt64> { current! + (id - currentStart) * rowWords }
}

/// Walks flat code collecting the state slots it can read.
private struct ReadWalker {
    let code: FlatCode
    let slotCount: Int
    var blocks: [Int32: Set<Int>] = [:]
    var walking: Set<Int32> = []

    init(code: FlatCode, slotCount: Int) {
        self.code = code
        self.slotCount = slotCount
    }

    var everything: Set<Int> { Set(0..<slotCount) }

    mutating func node(_ i: Int32) -> Set<Int> {
        let n = code.nodes[Int(i)]
        switch n.kind {
        case .constant: return []
        case .register: return Int(n.a) < slotCount ? [Int(n.a)] : []
        case .load: return place(n.a, extent: 1)
        case .unary, .checked: return node(n.a)
        case .binary, .and, .or, .implies: return node(n.a).union(node(n.b))
        case .conditional: return node(n.a).union(node(n.b)).union(node(n.c))
        case .call: return call(n.a)
        case .quantified: return node(n.b)
        case .aggregateEqual: return aggregate(n.a, extent: Int(n.c)).union(aggregate(n.b, extent: Int(n.c)))
        }
    }

    /// The slots a place of `extent` registers can cover (unless it is a store's target,
    /// `read` false), and what its indices read.
    mutating func place(_ i: Int32, extent: Int, read: Bool = true) -> Set<Int> {
        let p = code.places[Int(i)]
        var reads: Set<Int> = []
        var span = extent
        for k in Int(p.stepStart)..<Int(p.stepStart + p.stepCount) {
            let step = code.steps[k]
            reads.formUnion(node(step.index))
            span += Int(step.hi - step.lo) * Int(step.stride)
        }
        if p.origin >= 0 {
            reads.formUnion(aggregate(p.origin, extent: 0))
            return read && mayLieInState(p.origin) ? everything : reads
        }
        let base = Int(p.base)
        if read && base < slotCount { reads.formUnion(base..<min(slotCount, base + span)) }
        return reads
    }

    /// What evaluating an aggregate of `extent` registers reads (its value's registers too).
    mutating func aggregate(_ i: Int32, extent: Int) -> Set<Int> {
        let a = code.aggregates[Int(i)]
        switch a.kind {
        case .place: return place(a.a, extent: extent)
        case .call: return call(a.a)
        case .build:
            var reads: Set<Int> = []
            for k in Int(a.b)..<Int(a.b + a.c) { reads.formUnion(value(code.parts[k].value)) }
            return reads
        case .conditional: return node(a.a).union(aggregate(a.b, extent: extent)).union(aggregate(a.c, extent: extent))
        }
    }

    /// Whether an aggregate's value can be registers of the state (rather than a temporary).
    func mayLieInState(_ i: Int32) -> Bool {
        let a = code.aggregates[Int(i)]
        switch a.kind {
        case .place:
            let p = code.places[Int(a.a)]
            return p.origin >= 0 ? mayLieInState(p.origin) : Int(p.base) < slotCount
        case .call, .build: return false
        case .conditional: return mayLieInState(a.b) || mayLieInState(a.c)
        }
    }

    mutating func value(_ v: FlatValue) -> Set<Int> {
        v.isScalar ? node(v.index) : aggregate(v.index, extent: Int(v.count))
    }

    mutating func call(_ i: Int32) -> Set<Int> {
        let c = code.calls[Int(i)]
        var reads = block(c.body)
        for k in Int(c.argumentStart)..<Int(c.argumentStart + c.argumentCount) {
            reads.formUnion(value(code.arguments[k].value))
        }
        return reads
    }

    mutating func block(_ b: Int32) -> Set<Int> {
        if let known = blocks[b] { return known }
        // The language has no recursion; should a cycle appear, assume the worst.
        guard walking.insert(b).inserted else { return everything }
        defer { walking.remove(b) }
        var reads: Set<Int> = []
        let block = code.blocks[Int(b)]
        for k in Int(block.start)..<Int(block.start + block.count) { reads.formUnion(op(code.ops[k])) }
        blocks[b] = reads
        return reads
    }

    mutating func op(_ o: FlatOp) -> Set<Int> {
        switch o.kind {
        // A store's target is written, not read, but its indices are read.
        case .store: return place(o.a, extent: 1, read: false).union(node(o.b))
        case .storeAggregate: return place(o.a, extent: Int(o.c), read: false).union(aggregate(o.b, extent: Int(o.c)))
        case .ifElse: return node(o.a).union(block(o.b)).union(block(o.c))
        case .loop: return block(o.b)
        case .call: return call(o.a)
        case .returnNothing: return []
        case .returnScalar: return node(o.a)
        case .returnAggregate: return aggregate(o.a, extent: Int(o.c))
        }
    }
}
