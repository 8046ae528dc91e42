import PinExplicit
import PinLang
import Testing

/// A search's answer reduced to what must not depend on the worker count.
private func summary(_ r: ExplorationResult) -> String {
    func describe(_ t: Trace?) -> String {
        guard let t else { return "none" }
        return "\(t.initial) " + t.steps.map { "\($0.call) \($0.state)" }.joined(separator: "; ")
    }
    var lines = ["states \(r.statistics.states) depth \(r.statistics.maxDepth)"]
    if let f = r.fault { lines.append("fault \(f.message) in \(f.action) after \(describe(f.trace))") }
    for (name, verdict) in r.verdicts {
        lines.append("\(name): \(verdict.name) \(describe(violation(verdict)))")
    }
    lines.append("deadlock \(describe(r.deadlock))")
    return lines.joined(separator: "\n")
}

/// The explicit engine's verdict, counts and traces are the same for any worker count: the
/// reported event is the first a one-worker search meets (issue: a violation and a fault
/// in one level were reported differently by one and by two workers).
@Suite struct WorkerCountTests {
    /// Depth 1 holds x = 1 (breaks `ok`) and x = 2 (evaluating `ok` indexes a[2], a fault).
    /// `first` is the action declared first, so its successor has the lower state id.
    static func violationAndFault(first: String, second: String) -> String {
        """
        model both
        var x: 0..2 = 0
        var a: [0..1] bool
        action \(first)
        action \(second)
        invariant ok: x != 1 && a[x] == false
        """
    }
    static let toOne = "one() requires x == 0 { x := 1; }"
    static let toTwo = "two() requires x == 0 { x := 2; }"

    /// In either order the violation decides `ok`: a state of a level that breaks an
    /// invariant decides it whatever else the level holds, in every engine (the fault in
    /// x = 2 ended the search when it came first, and the bounded check always reported
    /// the fault).
    @Test(arguments: [1, 2, 4])
    func aViolationDecidesItsInvariantBesideAFaultInItsLevel(workers: Int) throws {
        for (first, second) in [(Self.toOne, Self.toTwo), (Self.toTwo, Self.toOne)] {
            let r = try explore(Self.violationAndFault(first: first, second: second), workers: workers)
            #expect(r.fault == nil)
            let trace = try #require(violation(r.verdicts[0].verdict))
            #expect(trace.steps.map(\.action) == ["one"])
            #expect(r.statistics.states == 3)  // x = 0, then x = 1 and x = 2
        }
    }

    /// With a second invariant that no state breaks, the level's fault ends the search:
    /// `ok` is violated, `open` incomplete, and the fault is the first in state order.
    @Test(arguments: [1, 2, 4])
    func aFaultEndsTheSearchWhenAnInvariantIsStillOpen(workers: Int) throws {
        let text = Self.violationAndFault(first: Self.toTwo, second: Self.toOne) + "\ninvariant open: x <= 2"
        let r = try explore(text, workers: workers)
        let fault = try #require(r.fault)
        #expect(fault.action == "invariant evaluation")
        #expect(fault.trace.steps.map(\.action) == ["two"])
        #expect(fault.message == "index 2 is outside the array's index range 0..1")
        #expect(violation(r.verdicts[0].verdict)?.steps.map(\.action) == ["one"])
        #expect(r.verdicts[1].verdict.name == "incomplete")
    }

    /// A small random model: guarded assignments to x and y, some overflowing their range
    /// (an action fault), an invariant indexing an array by x (an evaluation fault) and
    /// one comparing x and y (a violation).
    static func randomModel(seed: UInt64) -> String {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var lines = ["model random", "var x: 0..7 = 0", "var y: 0..3 = 0", "var a: [0..5] bool"]
        for n in 0..<(2 + next(4)) {
            let guardText = next(2) == 0 ? "x < \(1 + next(7))" : "y != \(next(4))"
            let body = next(2) == 0 ? "x := x + \(1 + next(3));" : "y := \(next(4)); x := \(next(8));"
            lines.append("action act\(n)() requires \(guardText) { \(body) }")
        }
        lines.append("invariant indexed: x > 6 || a[x] == false")
        lines.append("invariant apart: x != \(next(8)) || y != \(next(4))")
        return lines.joined(separator: "\n")
    }

    @Test(arguments: 0..<40)
    func randomModelsGiveTheSameAnswerForAnyWorkerCount(seed: Int) throws {
        let text = Self.randomModel(seed: UInt64(seed))
        let one = summary(try explore(text, workers: 1, deadlock: true))
        for workers in [2, 4] {
            #expect(summary(try explore(text, workers: workers, deadlock: true)) == one, "seed \(seed):\n\(text)")
        }
    }
}
