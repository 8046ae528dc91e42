import PinLang

/// The visited set: packed states stored back to back, an open-addressing hash table of
/// their ids, and for each state the parent id and the action instance that reached it.
/// Ids are assigned in insertion order, so a breadth-first search's levels are id ranges.
///
/// `@unchecked Sendable`: workers only read it (`state(_:)`) while the explorer's single
/// merge phase, which alone calls `insert`, is not running.
final class StateStore: @unchecked Sendable {
    let wordCount: Int
    private(set) var count = 0
    private var words: UnsafeMutablePointer<UInt64>
    private var wordCapacity: Int
    private(set) var parents: [Int32] = []
    private(set) var via: [Int32] = []
    private var table: UnsafeMutablePointer<Int32>
    private var tableMask: Int

    init(wordCount: Int) {
        self.wordCount = max(wordCount, 1)
        wordCapacity = 1024 * self.wordCount
        words = .allocate(capacity: wordCapacity)
        tableMask = 4095
        table = .allocate(capacity: tableMask + 1)
        table.initialize(repeating: -1, count: tableMask + 1)
    }

    deinit {
        words.deallocate()
        table.deallocate()
    }

    /// Bytes held by the store (states, hash table, parent links).
    var memoryBytes: Int {
        wordCapacity * 8 + (tableMask + 1) * 4 + parents.capacity * 4 + via.capacity * 4
    }

    @inline(__always)
    func state(_ id: Int) -> UnsafePointer<UInt64> { UnsafePointer(words + id * wordCount) }

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

    /// Inserts a state unless present. Returns its id and whether it was new.
    @discardableResult
    func insert(_ state: UnsafePointer<UInt64>, parent: Int32, via instance: Int32) -> (id: Int, inserted: Bool) {
        var slot = Int(truncatingIfNeeded: Self.hash(state, wordCount)) & tableMask
        while true {
            let id = Int(table[slot])
            if id < 0 { break }
            if memcmp(words + id * wordCount, state, wordCount * 8) == 0 { return (id, false) }
            slot = (slot + 1) & tableMask
        }
        let id = count
        if (id + 1) * wordCount > wordCapacity { growWords() }
        (words + id * wordCount).update(from: state, count: wordCount)
        table[slot] = Int32(id)
        parents.append(parent)
        via.append(instance)
        count += 1
        if count * 2 > tableMask { growTable() }
        return (id, true)
    }

    private func growWords() {
        let newCapacity = wordCapacity * 2
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        bigger.update(from: words, count: count * wordCount)
        words.deallocate()
        words = bigger
        wordCapacity = newCapacity
    }

    private func growTable() {
        let newMask = tableMask * 2 + 1
        let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: newMask + 1)
        bigger.initialize(repeating: -1, count: newMask + 1)
        for id in 0..<count {
            var slot = Int(truncatingIfNeeded: Self.hash(state(id), wordCount)) & newMask
            while bigger[slot] >= 0 { slot = (slot + 1) & newMask }
            bigger[slot] = Int32(id)
        }
        table.deallocate()
        table = bigger
        tableMask = newMask
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// This slot's value in a packed state (stored as its offset from the domain's lower bound).
    @inline(__always)
    func value(in words: UnsafePointer<UInt64>) -> Int64 {
        let raw = width == 0 ? 0 : (words[word] >> UInt64(shift)) & ((1 << UInt64(width)) - 1)
        return Int64(bitPattern: raw) + domain.lowerBound
    }
}
