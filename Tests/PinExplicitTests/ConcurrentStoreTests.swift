import PinExplicit
import PinLang
import Testing

/// The visited set takes each chunk's successors from all workers at once; the states it
/// stores, their ids (their order) and their parents must be exactly those of inserting the
/// successors one at a time, in the order a one-worker search generates them.
@Suite struct ConcurrentStoreTests {
    static let size = 5
    static let top = 5
    /// A grid of five counters with steps up and down and a jump back to 0: most successors
    /// are states already stored, by this chunk or an earlier level, so workers contend for
    /// the same states, and mid-search levels give batches of thousands of successors.
    static let grid = """
        model grid
        var x: [0..\(size - 1)] 0..\(top) = 0
        action up(i: 0..\(size - 1)) requires x[i] < \(top) { x[i] := x[i] + 1; }
        action down(i: 0..\(size - 1)) requires x[i] > 0 { x[i] := x[i] - 1; }
        action back(i: 0..\(size - 1)) requires x[i] == \(top) { x[i] := 0; }
        invariant low: x[0] + x[1] + x[2] + x[3] + x[4] < 22
        """

    /// The successors of `s`, in the order of the model's action instances (actions in
    /// declaration order, each with its arguments ascending).
    static func successors(_ s: [Int64]) -> [[Int64]] {
        var out: [[Int64]] = []
        for i in 0..<size where s[i] < top { out.append(s.replacing(i, with: s[i] + 1)) }
        for i in 0..<size where s[i] > 0 { out.append(s.replacing(i, with: s[i] - 1)) }
        for i in 0..<size where s[i] == Int64(top) { out.append(s.replacing(i, with: 0)) }
        return out
    }

    /// Breadth-first search written out here, inserting one state at a time: the states in
    /// the order they are found, and each one's parent.
    static func reference() -> (states: [[Int64]], parents: [Int]) {
        var states = [[Int64](repeating: 0, count: size)]
        var parents = [-1]
        var ids = [states[0]: 0]
        var next = 0
        while next < states.count {
            for t in successors(states[next]) where ids[t] == nil {
                ids[t] = states.count
                states.append(t)
                parents.append(next)
            }
            next += 1
        }
        return (states, parents)
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyWorkerCountStoresTheStatesInTheOrderOfOneAtATimeInsertion(workers: Int) throws {
        var explorer = Explorer(model: try model(Self.grid))
        explorer.workers = workers
        explorer.code = .interpreted
        let (result, states) = explorer.explore(invariants: [])
        let expected = Self.reference()
        #expect(result.statistics.states == expected.states.count)
        #expect(states.count == 7776)
        let stored = (0..<states.count).map { states.values($0) }
        let differ = stored.indices.first { $0 >= expected.states.count || stored[$0] != expected.states[$0] }
        #expect(differ == nil, "state \(differ ?? 0) differs: \(differ.map { stored[$0] } ?? [])")
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyWorkerCountReportsTheCounterexampleThroughTheFirstParents(workers: Int) throws {
        var explorer = Explorer(model: try model(Self.grid))
        explorer.workers = workers
        explorer.code = .interpreted
        let trace = try #require(violation(explorer.run().verdicts[0].verdict))
        let expected = Self.reference()
        // The first state in breadth-first order whose counters add up to 22, and its
        // chain of first parents.
        var id = try #require(expected.states.firstIndex { $0.reduce(0, +) >= 22 })
        var chain: [[Int64]] = []
        while id >= 0 {
            chain.append(expected.states[id])
            id = expected.parents[id]
        }
        #expect([trace.initial] + trace.steps.map(\.state) == Array(chain.reversed()))
        #expect(trace.steps.count == 22)
    }
}

extension Array {
    fileprivate func replacing(_ i: Int, with value: Element) -> [Element] {
        var copy = self
        copy[i] = value
        return copy
    }
}
