import PinExplicit
import PinLang
import Testing

/// Runs scenario `name` of `text` on `variant`.
private func run(_ text: String, _ name: String, variant: String = "base") throws -> ScenarioRun {
    let model = try model(text, variant: variant)
    let scenario = try #require(model.scenarios.first { $0.name == name })
    return ScenarioRunner(model: model).run(scenario)
}

/// A counter with a flag: `inc` is enabled below 5, `set` and `add` always; `add` can push
/// x past its type (0..7), a fault.
private let counter = """
    model counter
    var x: 0..7 = 0
    var flag: bool = false
    action inc() requires x < 5 { x := x + 1; }
    action set() { flag := true; }
    action add(k: 0..3) { x := x + k; }
    invariant small: x < 3
    invariant unflagged: !flag

    """

// Final states, violation positions and step numbers below are worked out by hand from the models.
@Suite struct ScenarioRunnerTests {
    @Test func plainStepsGiveTheFinalStateAndWhereEachInvariantFirstBroke() throws {
        // x: 0 -> 1 -> 2, flag set (state 3), x -> 3 (state 4): `unflagged` breaks at 3, `small` at 4.
        let r = try run(counter + "scenario s { inc(); inc(); set(); inc(); }", "s")
        #expect(r.completed)
        #expect(r.trace.steps.map(\.call) == ["inc()", "inc()", "set()", "inc()"])
        #expect(r.trace.final == [3, 1])
        #expect(r.invariants.map(\.name) == ["small", "unflagged"])
        #expect(r.invariants.map(\.firstViolation) == [4, 3])
        #expect(r.violated == ["small", "unflagged"])
        #expect(r.summary == "violates small, unflagged")
        #expect(r.exitStatus == .violated)
        #expect(r.matches(.violates(["unflagged", "small"])))
        #expect(!r.matches(.violates(["small"])))
        #expect(!r.matches(.holds))
        #expect(!r.matches(.blocked))
    }

    @Test func runWithoutViolationHolds() throws {
        let r = try run(counter + "scenario s { inc(); add(1); }", "s")
        #expect(r.trace.final == [2, 0])
        #expect(r.trace.steps.map(\.call) == ["inc()", "add(k=1)"])
        #expect(r.violated.isEmpty)
        #expect(r.summary == "holds")
        #expect(r.exitStatus == .success)
        #expect(r.matches(.holds))
        #expect(!r.matches(.violates(["small"])))
    }

    @Test func disabledStepBlocksTheRun() throws {
        // x = 3 after add(3) (small breaks at 1), 5 after add(2); inc requires x < 5.
        let r = try run(counter + "scenario s { add(3); add(2); inc(); set(); }", "s")
        guard case .blocked(let step) = r.end else {
            Issue.record("expected a blocked run, got \(r.end)")
            return
        }
        #expect(step == 3)
        #expect(r.trace.steps.count == 2)
        #expect(r.trace.final == [5, 0])
        #expect(r.invariants.map(\.firstViolation) == [1, nil])
        #expect(r.summary == "blocked@3; violates small")
        #expect(r.exitStatus == .noVerdict)
        #expect(r.matches(.blocked))
        #expect(!r.matches(.holds))
    }

    @Test func repeatAppliesTheActionWhileItIsEnabled() throws {
        // inc five times (x = 5, small breaks at x = 3, the third state), then set once.
        let r = try run(counter + "scenario s { repeat inc(); set(); }", "s")
        #expect(r.completed)
        #expect(r.trace.steps.count == 6)
        #expect(r.scenarioSteps == [1, 1, 1, 1, 1, 2])
        #expect(r.trace.final == [5, 1])
        #expect(r.invariants.map(\.firstViolation) == [3, 6])
    }

    @Test func repeatOfADisabledActionAppliesItZeroTimes() throws {
        let r = try run(counter + "scenario s { add(3); add(2); repeat inc(); add(1); }", "s")
        #expect(r.completed)
        #expect(r.scenarioSteps == [1, 2, 4])
        #expect(r.trace.final == [6, 0])
    }

    @Test func repeatMayApplyItsActionSixtyFourTimesButNotMore() throws {
        // tick is enabled while n < limit: 64 applications end the repeat, 65 are one too many.
        func ticker(_ limit: Int) -> String {
            """
            model ticker
            var n: 0..\(limit) = 0
            action tick() requires n < \(limit) { n := n + 1; }
            scenario s { repeat tick(); }
            """
        }
        let exactly = try run(ticker(64), "s")
        #expect(exactly.completed)
        #expect(exactly.trace.steps.count == 64)
        #expect(exactly.trace.final == [64])
        let tooMany = try run(ticker(65), "s")
        guard case .didNotTerminate(let step) = tooMany.end else {
            Issue.record("expected a run that does not terminate, got \(tooMany.end)")
            return
        }
        #expect(step == 1)
        #expect(tooMany.trace.steps.count == ScenarioRun.repeatLimit)
        #expect(tooMany.trace.final == [64])
        #expect(tooMany.summary == "did-not-terminate@1")
        #expect(tooMany.exitStatus == .noVerdict)
        #expect(!tooMany.matches(.holds))
    }

    @Test func alwaysEnabledRepeatDoesNotTerminate() throws {
        let r = try run(counter + "scenario s { repeat set(); }", "s")
        #expect(r.trace.steps.count == 64)
        #expect(r.summary == "did-not-terminate@1; violates unflagged")
        #expect(!r.matches(.violates(["unflagged"])))
    }

    @Test func faultIsReportedWithItsPositionAndTheTraceBeforeIt() throws {
        // add(3) twice gives x = 6; a third would store 9 into 0..7. Line 6, `x + k` at column 28.
        let r = try run(counter + "scenario s { add(3); add(3); add(3); inc(); }", "s")
        guard case .fault(let fault, let step) = r.end else {
            Issue.record("expected a fault, got \(r.end)")
            return
        }
        #expect(step == 3)
        #expect(fault.message == "value 9 is outside the range 0..7")
        #expect(fault.action == "add(k=3)")
        #expect(fault.range.start.line == 6)
        #expect(fault.range.start.column == 28)
        #expect(fault.trace.steps.count == 2)
        #expect(r.trace.final == [6, 0])
        #expect(r.summary == "fault@3; violates small")
        #expect(r.exitStatus == .noVerdict)
        #expect(!r.matches(.violates(["small"])))
    }

    @Test func invariantBrokenInTheInitialStateIsAtPositionZero() throws {
        let r = try run(
            """
            model m
            var x: 0..3 = 2
            action dec() requires x > 0 { x := x - 1; }
            invariant small: x < 2
            scenario s { dec(); }
            """, "s")
        #expect(r.invariants.map(\.firstViolation) == [0])
        #expect(r.trace.final == [1])
    }

    @Test func eachVariantRunsItsOwnActions() throws {
        // In v2 `inc` adds 2, so two steps reach 4 and break `small`; in v1 they reach 2.
        let text = """
            model m
            variant v1
            variant v2 extends v1
            var x: 0..7 = 0
            action inc() { x := x + 1; }
            variant v2 action inc() { x := x + 2; }
            invariant small: x < 3
            scenario s { inc(); inc(); expect v1: holds; expect others: violates small; }
            """
        let v1 = try run(text, "s", variant: "v1")
        let v2 = try run(text, "s", variant: "v2")
        #expect(v1.trace.final == [2])
        #expect(v2.trace.final == [4])
        let scenario = try model(text, variant: "v2").scenarios[0]
        #expect(v1.matches(try #require(scenario.expectation(for: "v1")).outcome))
        #expect(v2.matches(try #require(scenario.expectation(for: "v2")).outcome))
        #expect(!v1.matches(.violates(["small"])))
    }

    @Test func runAllGivesOneRowPerScenarioAndOneRunPerVariant() throws {
        let text = """
            model m
            variant v1
            variant v2 extends v1
            var x: 0..7 = 0
            action inc() { x := x + 1; }
            variant v2 action inc() { x := x + 2; }
            scenario one { inc(); }
            scenario two { inc(); inc(); }
            """
        let runs = ScenarioRunner.runAll([try model(text, variant: "v1"), try model(text, variant: "v2")])
        #expect(runs.map { $0.map(\.scenario) } == [["one", "one"], ["two", "two"]])
        #expect(runs.map { $0.map(\.variant) } == [["v1", "v2"], ["v1", "v2"]])
        #expect(runs.map { $0.map(\.trace.final) } == [[[1], [2]], [[2], [4]]])
    }

    @Test func assertionsAreCheckedWhereTheyAreWrittenAndTheRunGoesOn() throws {
        // x = 0 initially (assert 1 holds); 1 after inc (assert 2 fails, at trace position 1);
        // 5 after repeat inc, four more steps (assert 3 holds); the flag after set, position 6
        // (assert 4 fails). `small` breaks at x = 3, `unflagged` at the set.
        let r = try run(
            counter
                + """
                scenario s { assert x == 0; inc(); assert x == 2 "one step gives two"; repeat inc(); assert x == 5;
                             set(); assert !flag; expect base: violates small; }
                """, "s")
        #expect(r.completed)
        #expect(r.trace.steps.count == 6)
        #expect(r.failedAssertions.map(\.number) == [2, 4])
        #expect(r.failedAssertions.map(\.position) == [1, 6])
        #expect(r.failedAssertions.first?.source == "one step gives two")
        #expect(r.failedAssertions.first?.range.start.line == 9)
        #expect(r.failedAssertions.first?.range.start.column == 43)
        #expect(r.summary == "violates small, unflagged; asserts 2, 4 fail")
        #expect(r.exitStatus == .violated)
        // A run documented to violate invariants is judged by them alone; `holds` needs
        // every assertion true.
        #expect(r.matches(.violates(["small", "unflagged"])))
        #expect(!r.matches(.holds))
    }

    @Test func aFailedAssertionAloneMakesTheRunDifferFromHolds() throws {
        let r = try run(counter + "scenario s { inc(); assert x == 2; inc(); assert x == 2; }", "s")
        #expect(r.violated.isEmpty)
        #expect(r.failedAssertions.map(\.number) == [1])
        #expect(r.summary == "assert 1 fails")
        #expect(r.exitStatus == .violated)
        #expect(!r.matches(.holds))
    }

    @Test func assertionsAfterABlockedStepAreNotChecked() throws {
        let r = try run(counter + "scenario s { add(3); add(2); inc(); assert x == 0; }", "s")
        #expect(r.summary == "blocked@3; violates small")
        #expect(r.failedAssertions.isEmpty)
    }

    @Test func anAssertionThatFaultsEndsTheRunWithAFault() throws {
        // arr[x] with x = 2 is out of bounds in 0..1.
        let r = try run(
            """
            model m
            var x: 0..3 = 0
            var arr: [0..1] bool = false
            action inc() requires x < 3 { x := x + 1; }
            scenario s { inc(); inc(); assert arr[x]; }
            """, "s")
        guard case .fault(let fault, let step) = r.end else {
            Issue.record("expected a fault, got \(r.end)")
            return
        }
        #expect(step == 2)
        #expect(fault.action == "assertion evaluation")
        #expect(fault.range.start.line == 5)
    }

    @Test func scenariosLeaveTheStateSpaceAlone() throws {
        // x = 0..5 in a line: 6 states and 5 transitions, with or without a scenario.
        let line = """
            model line
            var x: 0..5 = 0
            action inc() requires x < 5 { x := x + 1; }
            invariant bounded: x <= 5

            """
        let plain = try explore(line)
        let withScenario = try explore(line + "scenario s { inc(); repeat inc(); expect base: holds; }")
        #expect(plain.statistics.states == 6 && withScenario.statistics.states == 6)
        #expect(plain.statistics.transitions == 5 && withScenario.statistics.transitions == 5)
        #expect(isHolds(plain.verdicts[0].verdict) && isHolds(withScenario.verdicts[0].verdict))
    }
}
