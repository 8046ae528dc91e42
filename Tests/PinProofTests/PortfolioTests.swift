import Foundation
import PinLang
import PinProof
import PinSymbolic
import Testing

/// The portfolio's race on provers that stand in for real ones: the first definite answer
/// wins and stops the others, a disagreement is unknown, and a stop from outside reaches
/// every lane.
@Suite struct PortfolioTests {
    /// Answers `outcome` after `delay`, or, with `untilStopped`, waits for the stop token
    /// and answers unknown with its reason; records what stopped it.
    final class FakeProver: Prover, @unchecked Sendable {
        let name: String
        let outcome: ProverAnswer.Outcome?
        let delay: Duration
        let failure: Error?
        private(set) var stoppedBy: StopReason?

        init(_ name: String, _ outcome: ProverAnswer.Outcome?, after delay: Duration = .zero, failing: Error? = nil) {
            (self.name, self.outcome, self.delay, self.failure) = (name, outcome, delay, failing)
        }

        func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer {
            let start = ContinuousClock.now
            while outcome == nil || ContinuousClock.now - start < delay {
                if let reason = stop.reason {
                    stoppedBy = reason
                    return ProverAnswer(.unknown(reason.description), by: name)
                }
                Thread.sleep(forTimeInterval: 0.005)
            }
            if let failure { throw failure }
            return ProverAnswer(outcome!, by: name)
        }
    }

    struct LaneFailed: Error {}

    static let goal: ProofGoal = {
        let model = try! loadModel("model tiny\nvar x: 0..1\naction set() { x := 1; }\ninvariant ok: x <= 1")
        return ProofGoal(system: try! TransitionSystem(model: model), invariant: InvariantIndex(0))
    }()

    static let certificate = Certificate(
        model: "tiny", variant: "base", invariant: "ok", inductiveInvariant: "true", inductiveScript: "(assert true)",
        obligations: [])

    func race(_ provers: [FakeProver], stop: StopToken = StopToken()) throws -> ProverAnswer {
        try Portfolio(provers.map { Portfolio.Lane($0) }).prove(Self.goal, stop: stop, events: ignoreEvents)
    }

    @Test func theFirstDefiniteAnswerWinsAndStopsTheOthers() throws {
        let slow = FakeProver("slow", nil)
        let fast = FakeProver("fast", .violated(nil), after: .milliseconds(20))
        let answer = try race([slow, fast])
        #expect(answer.by == "fast")
        #expect(answer.summary == "sat")
        #expect(slow.stoppedBy == .superseded)
    }

    @Test func proversThatDisagreeGiveUnknown() throws {
        let answer = try race([
            FakeProver("a", .proved(Self.certificate)), FakeProver("b", .violated(nil)),
        ])
        guard case .unknown(let reason) = answer.outcome else {
            Issue.record("expected unknown, got \(answer.summary)")
            return
        }
        #expect(reason.hasPrefix("the provers disagree ("), "\(reason)")
    }

    @Test func withoutAnAnswerEveryLanesReasonIsGiven() throws {
        let answer = try race([FakeProver("a", .unknown("too hard")), FakeProver("b", .unknown("timeout"))])
        #expect(answer.by == "a and b")
        guard case .unknown(let reason) = answer.outcome else {
            Issue.record("expected unknown, got \(answer.summary)")
            return
        }
        #expect(reason == "a: too hard; b: timeout")
    }

    @Test func aStopFromOutsideReachesEveryLane() throws {
        let stop = StopToken()
        let lanes = [FakeProver("a", nil), FakeProver("b", nil)]
        DispatchQueue(label: "test.interrupt").asyncAfter(deadline: .now() + .milliseconds(50)) { stop.stop(.interrupted) }
        let answer = try race(lanes, stop: stop)
        #expect(!answer.isDefinite)
        #expect(lanes.allSatisfy { $0.stoppedBy == .interrupted })
    }

    @Test func aLanesErrorCountsOnlyWhenNoOtherAnswers() throws {
        let failing = FakeProver("broken", .unknown("-"), failing: LaneFailed())
        #expect(try race([failing, FakeProver("ok", .violated(nil), after: .milliseconds(30))]).by == "ok")
        #expect(throws: LaneFailed.self) { try race([failing, FakeProver("idle", .unknown("no idea"))]) }
    }
}
