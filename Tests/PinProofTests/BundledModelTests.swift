import Foundation
import PinExplicit
import PinLang
import PinProof
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

    /// PDR and k-induction against `proofs/obligations.txt`, to which `pincheck prove`
    /// holds the explicit engine, on every invariant of every variant. PDR (the mined
    /// prover, trying the variant's committed inductive invariant first, as `check --engine
    /// pdr` does; the portfolio's Spacer and IC3 lanes would only take the cores until the
    /// mined prover's explicit search finds the violations) must prove each invariant that
    /// holds, with a certificate that re-checks, and give each violation with its shortest
    /// trace, which replays in the explicit engine. Each proof must come from the committed
    /// invariant (`proofs/invariants`, every obligation of its certificate unsat), so that
    /// this test stays quick: one that no longer proves its invariants fails here, and
    /// proofs/README.md says how to refresh it; `minedProverAgreesFromScratch` proves them
    /// without it. k-induction proves all the invariants jointly at k = 0 or gives unknown
    /// (none of the bundled invariants is inductive on its own, and a deeper k costs
    /// minutes), but must never contradict an obligation.
    @Test(arguments: variants)
    func pdrAndKInductionAgreeWithTheObligations(variant: String) throws {
        let model = try LoadedProgram.load(path: Self.modelPath).program.model(variant: variant)
        let expected = try Self.expectations(variant)
        let system = try TransitionSystem(model: model)
        let pdr = PropertyDirectedReachability(system: system)
        pdr.prover = .mined
        let committed = Self.root.appendingPathComponent("proofs/invariants")
        let file = HintProver.committedInvariant(in: committed, model: model.name, variant: variant)
        pdr.hints = HintProver.hints(for: model, certificates: nil, committed: committed)
        #expect(pdr.hints.count == model.invariants.count, "\(file.path) is committed")
        let (result, certificates) = try pdr.run()
        try expectAgreement(result, certificates, expected, model)
        for (name, verdict) in result.verdicts {
            guard case .holds = verdict else { continue }
            #expect(
                result.queries.contains {
                    $0.what.hasPrefix("hints (an earlier proof's invariant, \(file.path): ") && $0.what.hasSuffix(") \(name)")
                        && $0.answer == "unsat"
                },
                "\(variant) \(name) is proved by \(file.path); if it was set aside, refresh it (proofs/README.md)")
        }
        let kind = try KInduction(system: system).run(maxK: 0, jointly: true)
        for (name, verdict) in kind.verdicts {
            let shortest = try #require(expected[name], "\(variant) \(name) has an obligation")
            switch verdict {
            case .holds: #expect(shortest == nil, "\(variant) \(name): k-induction proves a violated invariant")
            case .violated(let trace): #expect(trace.steps.count == shortest, "\(variant) \(name)")
            case .unknown, .incomplete: break
            }
        }
    }

    /// What `minedProverAgreesFromScratch` checks: every invariant of every variant when
    /// `PINCHECK_AGREEMENT=all` (`scripts/agreement.sh`; about 15 minutes on 2 cores), else
    /// the main proof, 6.2's `pinned_page_stays_mapped` (about a minute).
    static var fromScratch: (variants: [String], invariants: [String]?) {
        ProcessInfo.processInfo.environment["PINCHECK_AGREEMENT"] == "all"
            ? (variants, nil) : (["v6_2"], ["pinned_page_stays_mapped"])
    }

    /// The mined prover, without any earlier invariant, against `proofs/obligations.txt`:
    /// it finds its own inductive invariants, and they prove exactly what holds.
    @Test(arguments: fromScratch.variants)
    func minedProverAgreesFromScratch(variant: String) throws {
        let model = try LoadedProgram.load(path: Self.modelPath).program.model(variant: variant)
        let pdr = try PropertyDirectedReachability(model: model)
        pdr.prover = .mined
        let (result, certificates) = try pdr.run(invariants: Self.fromScratch.invariants)
        var expected = try Self.expectations(variant)
        if let names = Self.fromScratch.invariants { expected = expected.filter { names.contains($0.key) } }
        try expectAgreement(result, certificates, expected, model)
        #expect(!result.queries.contains { $0.what.hasPrefix("hints (") })
    }

    /// Every verdict of a PDR run is its obligation's: a proof with a certificate for each
    /// invariant that holds, a violation with the shortest trace (replaying in the explicit
    /// engine) for each that does not.
    func expectAgreement(
        _ result: SymbolicResult, _ certificates: [Certificate], _ expected: [String: Int?], _ model: Model
    ) throws {
        let variant = model.variant
        #expect(result.fault == nil)
        #expect(result.verdicts.count == expected.count)
        for (name, verdict) in result.verdicts {
            let shortest = try #require(expected[name], "\(variant) \(name) has an obligation")
            switch (shortest, verdict) {
            case (nil, .holds):
                #expect(certificates.contains { $0.invariant == name }, "\(variant) \(name): a certificate")
            case (let n?, .violated(let trace)):
                #expect(trace.steps.count == n, "\(variant) \(name)")
                try expectReplays(trace, in: model)
            default:
                Issue.record(
                    "\(variant) \(name): pdr says \(summary(verdict)), the obligation \(shortest.map { "violated in \($0)" } ?? "holds")"
                )
            }
        }
    }

    /// Runs a symbolic trace's actions in the explicit engine and compares every state.
    func expectReplays(_ trace: Trace, in model: Model) throws {
        let scenario = try #require(Scenario(replaying: trace, in: model, name: "trace"), "a step is no action instance")
        let run = ScenarioRunner(model: model).run(scenario)
        #expect(run.trace.initial == trace.initial)
        #expect(run.trace.steps.map(\.state) == trace.steps.map(\.state), "the trace replays in the explicit engine")
    }
}
