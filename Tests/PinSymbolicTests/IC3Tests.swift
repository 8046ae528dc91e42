import PinLang
import PinSymbolic
import Testing

/// IC3's phases one at a time, on a counter small enough to follow by hand: `x` counts up
/// from 0 while the guard allows, and the property is `x != 3`. Cubes are read back
/// through `IC3.describe`, so the expectations are about values of `x`, not bit numbers.
@Suite struct IC3Tests {
    /// A counter `x: 0..3` that `inc` raises while `x < limit`, and the property `x != bad`.
    func counter(limit: Int, bad: Int) throws -> (IC3, TransitionSystem) {
        let text = """
            model counter
            var x: 0..3 = 0
            action inc() requires x < \(limit) { x := x + 1; }
            invariant avoid: x != \(bad)
            """
        let loaded = try LoadedProgram.load(text: text, path: "counter.pin")
        let system = try TransitionSystem(model: loaded.program.model(variant: loaded.program.variantNames[0]))
        return (try IC3(system: system, property: system.safety(0), deadline: nil), system)
    }

    /// The cube of the one state with `x == value`.
    func state(_ ic3: IC3, _ system: TransitionSystem, x value: Int64) -> IC3.Cube {
        ic3.cube(of: system.bits([value]))
    }

    /// x = 3 cannot be reached from x = 0 in one step; generalisation keeps only the bit
    /// that one step from the initial state cannot set (x ≥ 2), and keeps the cube away from
    /// the initial state.
    @Test func generalisationDropsTheBitsTheStepDoesNotNeed() throws {
        let (ic3, system) = try counter(limit: 1, bad: 3)
        try ic3.addLevel()
        let bad = state(ic3, system, x: 3)
        #expect(IC3.describe(bad, in: system) == "!(x == 3)")
        guard case .blocked(let core) = try ic3.relative(bad, 1) else {
            Issue.record("x = 3 has no predecessor in the initial state")
            return
        }
        let general = try ic3.generalize(core, 1)
        #expect(IC3.describe(general, in: system) == "!(x#1 == 1)")
        #expect(!ic3.containsInitial(general))
    }

    /// x = 1 is one step from the initial state: the relative-induction query at frame 1
    /// answers with a predecessor, the initial state itself.
    @Test func aReachableCubeHasAPredecessor() throws {
        let (ic3, system) = try counter(limit: 3, bad: 1)
        try ic3.addLevel()
        guard case .predecessor(let p) = try ic3.relative(state(ic3, system, x: 1), 1) else {
            Issue.record("x = 1 was blocked")
            return
        }
        #expect(ic3.containsInitial(p))
    }

    /// Blocking at frame 1 adds one clause there; once frame 2 opens, propagation moves it
    /// (`inc` stops at 1, so x ≤ 1 is inductive), frame 1 empties, and the clauses above it
    /// are the invariant.
    @Test func anInductiveClausePropagatesAndEndsTheProof() throws {
        let (ic3, system) = try counter(limit: 1, bad: 3)
        try ic3.addLevel()
        let bad = try #require(try ic3.badState(1))
        #expect(try ic3.block(bad, 1) == nil)
        #expect(ic3.levels[1].map { IC3.describe($0, in: system) } == ["!(x#1 == 1)"])
        #expect(try ic3.badState(1) == nil)
        try ic3.addLevel()
        let invariant = try #require(try ic3.propagate(2))
        #expect(ic3.levels[1].isEmpty)
        #expect(invariant.map { IC3.describe($0, in: system) } == ["!(x#1 == 1)"])
    }

    /// With `inc` allowed up to 3, x ≥ 2 is not inductive: the clause stays in frame 1 and
    /// propagation finds no invariant yet.
    @Test func aClauseThatIsNotInductiveStays() throws {
        let (ic3, system) = try counter(limit: 3, bad: 3)
        try ic3.addLevel()
        #expect(try ic3.block(state(ic3, system, x: 3), 1) == nil)
        try ic3.addLevel()
        #expect(try ic3.propagate(2) == nil)
        #expect(!ic3.levels[1].isEmpty)
    }

    /// x = 2 is two steps away: at frame 2 blocking finds the chain x = 0, 1, 2 and returns
    /// its length, and the whole run reports the same.
    @Test func blockingAReachableCubeReturnsTheChainLength() throws {
        let (ic3, system) = try counter(limit: 3, bad: 2)
        try ic3.addLevel()
        #expect(try ic3.block(state(ic3, system, x: 2), 1) == nil)
        try ic3.addLevel()
        #expect(try ic3.block(state(ic3, system, x: 2), 2) == 2)
        let (fresh, _) = try counter(limit: 3, bad: 2)
        guard case .violated(let steps) = try fresh.run() else {
            Issue.record("x = 2 is reachable")
            return
        }
        #expect(steps == 2)
    }

    /// The two instances of `go` use both values of the one selector bit, and from x = 2 no
    /// instance is enabled. The step constraints were asserted whether or not a query takes
    /// a step, so a state with no enabled action had no model in IC3's frames: the bad state
    /// x = 2 was never found, and IC3 "proved" `avoid` with no clause (its certificate did
    /// not re-check; differential test, seeds 2029, 2219, 3178, 3474).
    @Test func aBadStateWithNoEnabledActionIsFound() throws {
        let text = """
            model deadend
            var x: 0..3 = 0
            action go(k: 0..1) requires x < 2 { x := x + 1 + k; }
            invariant avoid: x != 2
            """
        let loaded = try LoadedProgram.load(text: text, path: "deadend.pin")
        let system = try TransitionSystem(model: loaded.program.model(variant: loaded.program.variantNames[0]))
        let ic3 = try IC3(system: system, property: system.safety(0), deadline: nil)
        guard case .violated(let steps) = try ic3.run() else {
            Issue.record("IC3 did not find the violation")
            return
        }
        #expect(steps == 1)
    }
}
