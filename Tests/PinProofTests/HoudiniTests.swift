import Foundation
import PinLang
import PinProof
import PinSymbolic
import Testing

/// Houdini keeps exactly the largest inductive subset of its lemmas.
@Suite struct HoudiniTests {
    /// x counts 0, 1, 2 and stops; y flips with each step, so the reachable states are
    /// (x, y) = (0, false), (1, true), (2, false).
    static let model = """
        model steps
        var x: 0..3
        var y: bool
        action inc() requires x < 2 { x := x + 1; y := !y; }
        invariant small: x <= 2
        """

    /// By hand: `x in {0, 1, 2}` is inductive (inc stops at 2); `x in {0, 1}` is not (1
    /// steps to 2); the three pairs exclude (1, false), (2, true) and (0, true), so with
    /// the first lemma they leave exactly the reachable states, which are closed under inc;
    /// the model's invariant is inductive alone. Without the third pair the other two would
    /// fall: (0, true) steps to (1, false).
    @Test(arguments: [1, 2])
    func keepsTheLargestInductiveSubset(workers: Int) throws {
        let system = try TransitionSystem(model: loadModel(Self.model))
        let lemmas: [MinedLemmas.Lemma] = [
            .values(slot: 0, allowed: [0, 1, 2]),
            .values(slot: 0, allowed: [0, 1]),
            .excludedPair(a: 0, va: 1, b: 1, vb: 0),
            .excludedPair(a: 0, va: 2, b: 1, vb: 1),
            .excludedPair(a: 0, va: 0, b: 1, vb: 1),
            .invariant(0),
        ]
        let houdini = Houdini(system: system, lemmas: lemmas, workers: workers, timeout: nil)
        #expect(try houdini.run() == .unsat)
        #expect(houdini.live == [true, false, true, true, true, true])
    }

    /// A stopped run answers unknown and keeps nothing it did not settle.
    @Test func aStoppedRunIsUnknown() throws {
        let system = try TransitionSystem(model: loadModel(Self.model))
        let houdini = Houdini(system: system, lemmas: [.values(slot: 0, allowed: [0, 1])], workers: 1, timeout: nil)
        houdini.stop.stop(.interrupted)
        guard case .unknown(let reason) = try houdini.run() else {
            Issue.record("a stopped Houdini must answer unknown")
            return
        }
        #expect(reason == "interrupted")
    }
}
