import PinExplicit
import PinLang
import Testing

/// Builds the model of a variant from source text.
func model(_ text: String, variant: String = "base") throws -> Model {
    let loaded = try LoadedProgram.load(text: text, path: "test.pin")
    return try loaded.program.model(variant: variant)
}

func explore(
    _ text: String, variant: String = "base", workers: Int = 1, deadlock: Bool = false,
    limits: SearchLimits = SearchLimits()
) throws -> ExplorationResult {
    var explorer = Explorer(model: try model(text, variant: variant))
    explorer.workers = workers
    explorer.checkDeadlock = deadlock
    explorer.limits = limits
    return explorer.run()
}

func isHolds(_ v: Verdict) -> Bool { if case .holds = v { return true } else { return false } }
func violation(_ v: Verdict) -> Trace? { if case .violated(let t) = v { return t } else { return nil } }

// State and transition counts below are worked out by hand from each model's definition.
@Suite struct ExplorerCounts {
    @Test func boundedCounterHasOneStatePerValue() throws {
        // x = 0..5 in a line: 6 states, 5 transitions, 5 levels deep.
        let r = try explore(
            """
            model counter
            var x: 0..5 = 0
            action inc() requires x < 5 { x := x + 1; }
            invariant in_range: x <= 5
            """)
        #expect(r.statistics.states == 6)
        #expect(r.statistics.transitions == 5)
        #expect(r.statistics.maxDepth == 5)
        #expect(isHolds(r.verdicts[0].verdict))
    }

    @Test func independentTogglesGiveTheProductSpace() throws {
        // Two bools, each action always enabled: 4 states, 2 successors each = 8 transitions, depth 2.
        let r = try explore(
            """
            model toggles
            var a, b: bool
            action flip_a() { a := !a; }
            action flip_b() { b := !b; }
            """)
        #expect(r.statistics.states == 4)
        #expect(r.statistics.transitions == 8)
        #expect(r.statistics.maxDepth == 2)
    }

    @Test func parameterisedActionsEnumerateEveryArgument() throws {
        // 3 flags set one at a time: all 2^3 subsets; each state has one successor per unset
        // flag, so transitions = 3 * 2^2 = 12; depth 3.
        let r = try explore(
            """
            model marks
            var seen: [0..2] bool = false
            action mark(i: 0..2) requires !seen[i] { seen[i] := true; }
            invariant not_all: exists i: 0..2 :: !seen[i]
            """)
        #expect(r.statistics.states == 8)
        #expect(r.statistics.transitions == 12)
        #expect(r.statistics.maxDepth == 3)
        let trace = try #require(violation(r.verdicts[0].verdict))
        #expect(trace.steps.count == 3)
        // Breadth-first, first instance first: mark 0, then 1, then 2.
        #expect(trace.steps.map(\.call) == ["mark(i=0)", "mark(i=1)", "mark(i=2)"])
    }

    @Test func moduloCounterWrapsAround() throws {
        // x' = (x + k) % 4, k in 1..2: all 4 values, 2 successors each; {1,2} at depth 1, {3} at depth 2.
        let r = try explore(
            """
            model modulo
            var x: 0..3
            action add(k: 1..2) { x := (x + k) % 4; }
            """)
        #expect(r.statistics.states == 4)
        #expect(r.statistics.transitions == 8)
        #expect(r.statistics.maxDepth == 2)
    }

    @Test func recordCopiesKeepAnEarlierValue() throws {
        // q is a copy of some earlier p, so q.n <= p.n: (0,0) (1,0) (1,1) (2,0) (2,1) (2,2) = 6 states.
        let r = try explore(
            """
            model records
            record P { a: bool, n: 0..2 }
            var p, q: P
            action copy() { q := p; }
            action bump() requires p.n < 2 { p.n := p.n + 1; }
            invariant behind: q.n <= p.n
            invariant equal_or_behind: q == p || q.n < p.n
            """)
        #expect(r.statistics.states == 6)
        #expect(r.verdicts.allSatisfy { isHolds($0.verdict) })
    }

    @Test func workerCountDoesNotChangeTheAnswer() throws {
        // 4 counters 0..4 each incremented independently: 5^4 = 625 states.
        let text = """
            model grid
            var c: [0..3] 0..4
            action inc(i: 0..3) requires c[i] < 4 { c[i] := c[i] + 1; }
            invariant small_sum: c[0] + c[1] + c[2] + c[3] < 9
            invariant bounded: forall i: 0..3 :: c[i] <= 4
            """
        let one = try explore(text, workers: 1)
        let two = try explore(text, workers: 2)
        // The second invariant holds, so the whole space is explored.
        #expect(one.statistics.states == 625)
        #expect(two.statistics.states == 625)
        #expect(one.statistics.transitions == two.statistics.transitions)
        let t1 = try #require(violation(one.verdicts[0].verdict))
        let t2 = try #require(violation(two.verdicts[0].verdict))
        #expect(t1.steps.count == 9)
        #expect(t1.steps.map(\.call) == t2.steps.map(\.call))
    }
}

@Suite struct ExplorerVerdicts {
    @Test func shortestCounterexampleEndsInTheBadState() throws {
        let r = try explore(
            """
            model counter
            var x: 0..5 = 0
            action inc() requires x < 5 { x := x + 1; }
            action reset() { x := 0; }
            invariant small: x < 3
            """)
        let trace = try #require(violation(r.verdicts[0].verdict))
        #expect(trace.steps.count == 3)
        #expect(trace.steps.allSatisfy { $0.action == "inc" })
        #expect(trace.final == [3])
    }

    @Test func deadlockIsReportedWhenAsked() throws {
        let text = """
            model stuck
            var x: 0..3 = 0
            action inc() requires x < 3 { x := x + 1; }
            """
        #expect(try explore(text).deadlock == nil)
        let trace = try #require(try explore(text, deadlock: true).deadlock)
        #expect(trace.steps.count == 3)
    }

    @Test func outOfRangeAssignmentIsAModelFaultWithATrace() throws {
        let r = try explore(
            """
            model overflow
            var x: 0..3 = 0
            action inc() { x := x + 1; }
            """)
        let fault = try #require(r.fault)
        #expect(fault.message == "value 4 is outside the range 0..3")
        #expect(fault.action == "inc()")
        #expect(fault.trace.steps.count == 3)
        #expect(fault.range.start.line == 3 && fault.range.start.column == 21)
    }

    @Test func badIndexIsAModelFault() throws {
        let r = try explore(
            """
            model index
            var a: [0..1] bool
            var i: 0..2
            action next() requires i < 2 { i := i + 1; }
            invariant ok: a[i] == false
            """)
        let fault = try #require(r.fault)
        #expect(fault.message == "index 2 is outside the array's index range 0..1")
        #expect(fault.trace.steps.count == 2)
    }

    @Test func stateLimitGivesIncompleteNeverHolds() throws {
        let r = try explore(
            """
            model counter
            var x: 0..100 = 0
            action inc() requires x < 100 { x := x + 1; }
            invariant fine: x <= 100
            """, limits: SearchLimits(maxStates: 10))
        guard case .incomplete = r.verdicts[0].verdict else {
            Issue.record("expected incomplete, got \(r.verdicts[0].verdict.name)")
            return
        }
    }

    @Test func variantsOverrideConstantsAndFunctions() throws {
        let text = """
            model variants
            variant small "two steps"
            variant big extends small "four steps"
            variant twice extends big "steps of two"
            const LIMIT = 2
            variant big const LIMIT = 4
            fn step() -> int { return 1; }
            variant twice fn step() -> int { return 2; }
            var x: 0..7 = 0
            action inc() requires x < LIMIT { x := x + step(); }
            """
        #expect(try explore(text, variant: "small").statistics.states == 3)
        #expect(try explore(text, variant: "big").statistics.states == 5)
        #expect(try explore(text, variant: "twice").statistics.states == 3)  // 0, 2, 4
    }

    @Test func proceduresForLoopsAndInitBlocksRun() throws {
        // init sets every element to its index; rotate shifts values, so the 3 rotations repeat.
        let r = try explore(
            """
            model rotate
            var a: [0..2] 0..2
            init { for i in 0..2 { a[i] := i; } }
            proc shift() { let first = a[0]; a[0] := a[1]; a[1] := a[2]; a[2] := first; }
            action rotate() { shift(); }
            invariant permutation: forall v: 0..2 :: exists i: 0..2 :: a[i] == v
            """)
        #expect(r.statistics.states == 3)
        #expect(isHolds(r.verdicts[0].verdict))
    }
}
