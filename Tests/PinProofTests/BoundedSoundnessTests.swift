import PinExplicit
import PinLang
import PinSymbolic
import Testing

/// The bounded engines claim only what they covered: a stopped check is incomplete and says
/// which depth it reached, and k-induction never calls an invariant holding when the base
/// case stopped at a reachable fault.
@Suite struct BoundedSoundnessTests {
    static let counter = """
        model counter
        var x: 0..5 = 0
        action inc() requires x < 5 { x := x + 1; }
        invariant bounded: x <= 5
        """

    /// Faults once x reaches 3, while `small` is already broken after one step.
    static let faulting = """
        model faulting
        var x: 0..2 = 0
        action inc() { x := x + 1; }
        invariant small: x < 1
        invariant fine: x <= 2
        """

    @Test func aBoundedCheckStoppedBeforeItStartsIsIncompleteAndCoversNoDepth() throws {
        let stop = StopToken()
        stop.stop(.interrupted)
        let result = try BoundedModelChecker(model: loadModel(Self.counter)).run(depth: 4, stop: stop)
        let verdict = try #require(result.verdicts.first?.verdict)
        guard case .incomplete(let reason) = verdict else {
            Issue.record("expected incomplete, got \(verdict)")
            return
        }
        #expect(reason.contains("interrupted"), "\(reason)")
        #expect(!reason.contains("up to 4 steps"), "\(reason)")
    }

    @Test func kInductionStoppedBeforeItStartsNeverHolds() throws {
        let stop = StopToken()
        stop.stop(.interrupted)
        let result = try KInduction(model: loadModel(Self.counter)).run(maxK: 4, stop: stop)
        for (name, verdict) in result.verdicts {
            if case .holds = verdict { Issue.record("\(name) holds after an interrupt") }
        }
    }

    /// BMC meets the fault at depth 2 before it checks the invariants there, so `fine` is
    /// undecided because of the fault, in the explicit engine's words; it used to claim
    /// "no violation in paths of up to 2 steps" (found by the differential test).
    @Test func bmcBesideAFaultSaysFaultAsTheExplicitEngineDoes() throws {
        let model = try loadModel(Self.faulting)
        let explicit = Explorer(model: model).run()
        let bmc = try BoundedModelChecker(model: model).run(depth: 5)
        #expect(explicit.fault?.trace.steps.count == 2)
        #expect(bmc.fault?.trace.steps.count == 2)
        #expect(bmc.verdicts.map { summary($0.verdict) } == ["violated in 1", "incomplete: fault"])
        #expect(bmc.verdicts.map { summary($0.verdict) } == explicit.verdicts.map { summary($0.verdict) })
    }

    @Test func kInductionWithAReachableFaultReportsNoInvariantAsHolding() throws {
        let model = try loadModel(Self.faulting)
        let explicit = Explorer(model: model).run()
        #expect(explicit.fault != nil)
        let kind = try KInduction(model: model).run(maxK: 4)
        #expect(kind.fault != nil)
        for (name, verdict) in kind.verdicts {
            if case .holds = verdict { Issue.record("\(name) reported as holding beside a reachable fault") }
        }
        let small = try #require(kind.verdicts.first { $0.invariant == "small" }?.verdict)
        if case .violated(let trace) = small { #expect(trace.steps.count == 1) } else { Issue.record("small: \(small)") }
        let fine = try #require(kind.verdicts.first { $0.invariant == "fine" }?.verdict)
        #expect(summary(fine) == "incomplete: fault", "\(summary(fine))")
    }
}
