import Foundation
import PinExplicit
import PinLang
import PinSymbolic
import Testing

/// The symbolic engines on the bundled kernel model, against `proofs/obligations.txt`
/// (which `pincheck prove` holds to the explicit engine's verdicts and trace lengths).
@Suite struct BundledModelSymbolicTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let modelPath = root.appendingPathComponent("models/gup_cow.pin").path
    /// BMC's stated bound here: every deeper query costs several times the one before (the
    /// fault check at depth 4 alone takes about 15 s), and the suite must stay quick.
    static let bound = 3

    static let variants = ["v4_8_2", "v4_8_3", "v5_8", "v5_9", "v5_18", "v6_1", "v6_2", "driver_workaround"]

    /// The expected verdict of every invariant of `variant`: nil for holds, else the
    /// shortest counterexample's length.
    static func expectations(_ variant: String) throws -> [String: Int?] {
        let path = root.appendingPathComponent("proofs/obligations.txt").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var result: [String: Int?] = [:]
        for o in try ProofObligation.parse(text, path: path) where o.modelPath.hasSuffix("models/gup_cow.pin") {
            guard o.variant == variant else { continue }
            switch o.expected {
            case .holds: result[o.invariant] = .some(nil)
            case .violated(let n): result[o.invariant] = n
            }
        }
        return result
    }

    /// BMC to its bound finds exactly the violations within it, each with the shortest
    /// length, and reports the others as incomplete, never as holding; every trace replays
    /// state for state in the explicit engine.
    @Test(arguments: variants)
    func bmcFindsExactlyTheShallowViolations(variant: String) throws {
        let model = try LoadedProgram.load(path: Self.modelPath).program.model(variant: variant)
        let expected = try Self.expectations(variant)
        #expect(expected.count == model.invariants.count, "obligations.txt lists every invariant of \(variant)")
        let result = try BoundedModelChecker(model: model).run(depth: Self.bound)
        #expect(result.fault == nil)
        for (name, verdict) in result.verdicts {
            let shortest = try #require(expected[name], "\(variant) \(name) has an obligation")
            if let n = shortest, n <= Self.bound {
                guard case .violated(let trace) = verdict else {
                    Issue.record("\(variant) \(name): expected a violation in \(n) steps, got \(summary(verdict))")
                    continue
                }
                #expect(trace.steps.count == n, "\(variant) \(name)")
                try expectReplays(trace, in: model)
            } else {
                #expect(summary(verdict).hasPrefix("incomplete: bounded"), "\(variant) \(name): \(summary(verdict))")
            }
        }
    }

    /// Runs a symbolic trace's actions in the explicit engine and compares every state.
    func expectReplays(_ trace: Trace, in model: Model) throws {
        let calls = model.actionInstances().map { instance in
            let action = model.actions[instance.action]
            let args = zip(action.parameters, instance.arguments).map { (name: $0.name, value: $0.type.format($1)) }
            return (instance, TraceStep(action: action.name, arguments: args, state: []).call)
        }
        let steps = try trace.steps.map { step in
            let (instance, _) = try #require(calls.first { $0.1 == step.call }, "no instance for \(step.call)")
            return Scenario.Step(
                action: instance.action, arguments: instance.arguments, repeats: false,
                range: SourceRange(at: .init(file: "", line: 1, column: 1)))
        }
        let scenario = Scenario(
            name: "trace", doc: nil, steps: steps, expectations: [], range: SourceRange(at: .init(file: "", line: 1, column: 1)))
        let run = ScenarioRunner(model: model).run(scenario)
        #expect(run.trace.initial == trace.initial)
        #expect(run.trace.steps.map(\.state) == trace.steps.map(\.state), "the trace replays in the explicit engine")
    }
}
