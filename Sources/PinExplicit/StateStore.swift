import PinLang
import Synchronization

/// The visited set: packed states stored back to back, an open-addressing hash table of
/// their ids, and for each state the parent id and the action instance that reached it.
/// Ids are assigned in insertion order, so a breadth-first search's levels are id ranges.
///
/// States go in one at a time (`insert`) or a whole batch from several workers at once
/// (`insertConcurrently`, in StateStore+Batch.swift), which gives every state the id that
/// inserting the batch one state at a time, in order, would give.
///
/// `@unchecked Sendable`: workers read states (`state(_:)`) while no insert runs, and a
/// batch insert's phases write disjoint parts, the table through atomic operations only.
final class StateStore: @unchecked Sendable {
    let wordCount: Int
    private(set) var count = 0
    private(set) var words: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private(set) var parents: UnsafeMutablePointer<Int32>
    private(set) var vias: UnsafeMutablePointer<Int32>
    /// Slots of the hash table: `empty`, or a state's tag (high bits of its hash) over its
    /// id, or during a batch insert only, `claimed`, its tag and its position in the batch.
    /// The tag spares most comparisons with states that only share a probe sequence; it
    /// takes the bits that ids do not need: the table is larger than the store, so an id
    /// (and a batch position) fits in `idBits`, the bits of a slot index.
    private(set) var table: UnsafeMutablePointer<Atomic<UInt32>>
    private(set) var tableMask: Int
    private(set) var idBits = 12

    static let empty = UInt32.max
    static let claimed: UInt32 = 1 << 31

    init(wordCount: Int) {
        self.wordCount = max(wordCount, 1)
        capacity = 1024
        words = .allocate(capacity: capacity * self.wordCount)
        parents = .allocate(capacity: capacity)
        vias = .allocate(capacity: capacity)
        tableMask = 4095
        table = Self.emptyTable(tableMask + 1)
    }

    deinit {
        words.deallocate()
        parents.deallocate()
        vias.deallocate()
        table.deinitialize(count: tableMask + 1)
        table.deallocate()
    }

    /// Bytes held by the store (states, hash table, parent links).
    var memoryBytes: Int { capacity * (wordCount * 8 + 8) + (tableMask + 1) * 4 }

    @inline(__always)
    func state(_ id: Int) -> UnsafePointer<UInt64> { UnsafePointer(words + id * wordCount) }

    /// The state from which state `id` was first reached (-1 for the initial state).
    @inline(__always)
    func parent(_ id: Int) -> Int32 { parents[id] }

    /// The action instance that first reached state `id` (-1 for the initial state).
    @inline(__always)
    func via(_ id: Int) -> Int32 { vias[id] }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt64>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<n {
            h = (h ^ p[i]) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        return h &* 0x94D0_49BB_1331_11EB ^ (h >> 29)
    }

    /// The ids from the initial state to state `id`, through the parent links.
    func path(to id: Int) -> [Int] {
        var chain: [Int] = []
        var current = id
        while current >= 0 {
            chain.append(current)
            current = Int(parents[current])
        }
        return chain.reversed()
    }

    /// The table's tag bits for a state of hash `h`, in place.
    @inline(__always)
    func tag(_ h: UInt64) -> UInt32 {
        idBits >= 31 ? 0 : UInt32(truncatingIfNeeded: h >> UInt64(33 + idBits)) << UInt32(idBits)
    }

    /// An entry's id (or batch position).
    @inline(__always)
    func number(_ entry: UInt32) -> Int { Int(entry & ((1 << UInt32(idBits)) - 1)) }

    /// Whether an entry's tag is `tag` (the `claimed` bit aside).
    @inline(__always)
    func tagged(_ entry: UInt32, _ tag: UInt32) -> Bool {
        (entry & ~Self.claimed) >> UInt32(idBits) == tag >> UInt32(idBits)
    }

    /// Whether two packed states are equal.
    @inline(__always)
    func same(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>) -> Bool {
        for i in 0..<wordCount where a[i] != b[i] { return false }
        return true
    }

    /// Inserts a state unless present. Returns its id and whether it was new.
    @discardableResult
    func insert(_ state: UnsafePointer<UInt64>, parent: Int32, via instance: Int32) -> (id: Int, inserted: Bool) {
        insert(state, hash: Self.hash(state, wordCount), parent: parent, via: instance)
    }

    /// `insert`, given the state's hash.
    @inline(__always)
    @discardableResult
    func insert(_ state: UnsafePointer<UInt64>, hash h: UInt64, parent: Int32, via instance: Int32) -> (id: Int, inserted: Bool) {
        let tag = tag(h)
        var slot = Int(truncatingIfNeeded: h) & tableMask
        while true {
            let entry = table[slot].load(ordering: .relaxed)
            if entry == Self.empty { break }
            let id = number(entry)
            if tagged(entry, tag) && same(words + id * wordCount, state) { return (id, false) }
            slot = (slot + 1) & tableMask
        }
        let id = count
        reserveStates(id + 1)
        (words + id * wordCount).update(from: state, count: wordCount)
        table[slot].store(tag | UInt32(id), ordering: .relaxed)
        parents[id] = parent
        vias[id] = instance
        count += 1
        if count * 2 > tableMask { reserveTable(count) }
        return (id, true)
    }

    /// States looked up together: see `warm`.
    static let group = 16

    /// Hashes the states `range` of `states` into `hashes` (from index 0) and reads, for
    /// each, the first table slot it probes and then the stored state that slot names when
    /// the tags agree. These reads do not depend on one another, so the processor overlaps
    /// their cache misses, where probing one state after the other waits for each miss in
    /// turn; the probes that follow find the lines in cache. Returns a sum of what it read,
    /// which the caller keeps so that the reads are not optimised away.
    @inline(__always)
    func warm(_ states: UnsafePointer<UInt64>, _ range: Range<Int>, _ hashes: UnsafeMutablePointer<UInt64>) -> UInt64 {
        var sum: UInt64 = 0
        for i in range {
            let h = Self.hash(states + i * wordCount, wordCount)
            hashes[i - range.lowerBound] = h
            sum &+= UInt64(table[Int(truncatingIfNeeded: h) & tableMask].load(ordering: .relaxed))
        }
        for i in range {
            let h = hashes[i - range.lowerBound]
            let entry = table[Int(truncatingIfNeeded: h) & tableMask].load(ordering: .relaxed)
            if entry != Self.empty && entry & Self.claimed == 0 && tagged(entry, tag(h)) {
                sum &+= words[number(entry) * wordCount]
            }
        }
        return sum
    }

    /// Makes room for `total` states in the state, parent and via arrays (doubling).
    func reserveStates(_ total: Int) {
        guard total > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < total { newCapacity *= 2 }
        words = Self.moved(words, count * wordCount, to: newCapacity * wordCount)
        parents = Self.moved(parents, count, to: newCapacity)
        vias = Self.moved(vias, count, to: newCapacity)
        capacity = newCapacity
    }

    /// Grows the hash table (doubling) until `total` states keep it at most half full.
    func reserveTable(_ total: Int) {
        guard total * 2 > tableMask else { return }
        var newMask = tableMask * 2 + 1
        while total * 2 > newMask { newMask = newMask * 2 + 1 }
        let bigger = Self.emptyTable(newMask + 1)
        idBits = min(31, (newMask + 1).trailingZeroBitCount)
        for id in 0..<count {
            let h = Self.hash(state(id), wordCount)
            var slot = Int(truncatingIfNeeded: h) & newMask
            while bigger[slot].load(ordering: .relaxed) != Self.empty { slot = (slot + 1) & newMask }
            bigger[slot].store(tag(h) | UInt32(id), ordering: .relaxed)
        }
        table.deinitialize(count: tableMask + 1)
        table.deallocate()
        table = bigger
        tableMask = newMask
    }

    /// Counts `n` states inserted by a batch whose states, links and table slots are written.
    func commit(_ n: Int) { count += n }

    private static func emptyTable(_ size: Int) -> UnsafeMutablePointer<Atomic<UInt32>> {
        let table = UnsafeMutablePointer<Atomic<UInt32>>.allocate(capacity: size)
        for i in 0..<size { (table + i).initialize(to: Atomic(empty)) }
        return table
    }

    private static func moved<T>(_ old: UnsafeMutablePointer<T>, _ used: Int, to size: Int) -> UnsafeMutablePointer<T> {
        let bigger = UnsafeMutablePointer<T>.allocate(capacity: size)
        bigger.moveInitialize(from: old, count: used)
        old.deallocate()
        return bigger
    }
}

/// The states an explicit search stored, in the order it found them (breadth first), as
/// slot values. Read-only; it shares the search's store.
public struct ReachableStates: @unchecked Sendable {
    let store: StateStore
    public let layout: StateLayout

    init(store: StateStore, layout: StateLayout) {
        self.store = store
        self.layout = layout
    }

    public var count: Int { store.count }

    /// The slot values of state `id` (the inverse of the machine's packing).
    public func values(_ id: Int) -> [Int64] {
        let words = store.state(id)
        return layout.slots.map { $0.value(in: words) }
    }
}

extension StateLayout.Slot {
    /// The bits of this slot's value, unshifted (all ones for a 64-bit slot, none for a
    /// slot whose domain has one value).
    var valueMask: UInt64 { width >= 64 ? .max : (1 << UInt64(width)) - 1 }

    /// This slot's value in a packed state (stored as its offset from the domain's lower bound).
    @inline(__always)
    func value(in words: UnsafePointer<UInt64>) -> Int64 {
        let raw = width == 0 ? 0 : (words[word] >> UInt64(shift)) & valueMask
        return Int64(bitPattern: raw) + domain.lowerBound
    }
}
