import Foundation
import PinExplicit
import PinLang
import PinProof
import PinSymbolic
import Testing

/// One engine's answer for one invariant: its verdict (as `summary` words it) and the depth
/// of the fault it reports, if any.
struct EngineAnswer: CustomStringConvertible {
    var verdict: String
    var faultDepth: Int?

    init(_ verdict: Verdict, fault: ModelFault?) {
        self.verdict = summary(verdict)
        faultDepth = fault?.trace.steps.count
    }

    var description: String { verdict + (faultDepth.map { ", fault at depth \($0)" } ?? "") }
    var violationLength: Int? {
        verdict.hasPrefix("violated in ") ? Int(verdict.dropFirst("violated in ".count)) : nil
    }
}

/// What the differential runs met, so that a run shows it covered each kind of answer.
struct DifferentialTally: CustomStringConvertible {
    var models = 0
    var variants = 0
    var holds = 0
    var violated = 0
    var faults = 0
    /// Violations of length d where a fault is also first reachable at depth d: every
    /// engine must report the violation, not the fault (`DifferentialChecker.compare`).
    var violatedBesideAFault = 0
    /// Per variant, the most states a search for one invariant stored, summed.
    var states = 0

    mutating func add(_ other: DifferentialTally) {
        models += other.models
        variants += other.variants
        holds += other.holds
        violated += other.violated
        faults += other.faults
        violatedBesideAFault += other.violatedBesideAFault
        states += other.states
    }

    var description: String {
        "\(models) models, \(variants) variants, \(states) states; invariant answers: \(holds) hold, "
            + "\(violated) violated (\(violatedBesideAFault) at a depth that also faults), \(faults) fault"
    }
}

/// The differential test's settings: seeds `start..<start+count`, from the environment
/// (`PINCHECK_DIFF_MODELS`, `PINCHECK_DIFF_SEED`) or the CI default.
enum DifferentialSettings {
    static var count: Int { ProcessInfo.processInfo.environment["PINCHECK_DIFF_MODELS"].flatMap { Int($0) } ?? 200 }
    static var start: UInt64 { ProcessInfo.processInfo.environment["PINCHECK_DIFF_SEED"].flatMap { UInt64($0) } ?? 0 }
    /// A folder to write each model into (`random_SEED.pin`), to check one with the CLI.
    static var dump: String? { ProcessInfo.processInfo.environment["PINCHECK_DIFF_DUMP"] }
}

@Suite struct DifferentialTests {
    /// Random models (`RandomModel`), every variant: every engine and prover agrees with the
    /// explicit engine on each invariant's verdict, fault and shortest trace length. The
    /// models are checked a few at a time, one per core.
    @Test func everyEngineAgreesOnRandomModels() async throws {
        let start = DifferentialSettings.start
        let seeds = Array(start..<(start + UInt64(DifferentialSettings.count)))
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
        let clock = ContinuousClock.now
        var tally = DifferentialTally()
        try await withThrowingTaskGroup(of: DifferentialTally.self) { group in
            var next = seeds.makeIterator()
            for _ in 0..<lanes {
                guard let seed = next.next() else { break }
                group.addTask { try DifferentialChecker(seed: seed).check() }
            }
            while let done = try await group.next() {
                tally.add(done)
                if let seed = next.next() { group.addTask { try DifferentialChecker(seed: seed).check() } }
            }
        }
        print("differential: seeds \(start)..<\(start + UInt64(seeds.count)): \(tally), in \(ContinuousClock.now - clock)")
        if seeds.count >= 100 {
            #expect(tally.holds > 0 && tally.violated > 0 && tally.faults > 0, "\(tally)")
            #expect(tally.violatedBesideAFault > 0, "\(tally)")
            #expect(tally.variants > tally.models, "some models have two variants")
        }
    }

    /// Every generated model loads: a model that does not is a generator bug.
    @Test func everyGeneratedModelLoads() throws {
        for seed in UInt64(0)..<1000 {
            let text = RandomModel.text(seed: seed)
            do {
                _ = try LoadedProgram.load(text: text, path: "random_\(seed).pin")
            } catch {
                Issue.record("seed \(seed) does not load: \(error)\n\(text)")
            }
        }
    }

    /// Seed 23, invariant inv0: a state that breaks inv0 and an action that faults are both
    /// first reached at depth 3. The explicit engine reported whichever it met first in its
    /// breadth-first order (the violation), and BMC, which checked each depth's faults
    /// before its invariants, the fault (as did k-induction and the PDR provers, which ask
    /// BMC for a trace): exit statuses 1 and 3 for one model. Now every engine lets the
    /// violation decide the invariant, with any number of workers.
    @Test func seed23AViolationBesideAFaultAtOneDepthIsReportedByEveryEngine() throws {
        let text = RandomModel.text(seed: 23)
        let model = try loadModel(text)
        #expect(DifferentialChecker.explicit(model, [], workers: 1).fault?.trace.steps.count == 3, "\(text)")
        for workers in [1, 2] {
            let explicit = DifferentialChecker.explicit(model, ["inv0"], workers: workers)
            #expect(summary(explicit.verdicts[0].verdict) == "violated in 3", "\(text)")
            #expect(explicit.fault == nil)
        }
        let bmc = try BoundedModelChecker(model: model).run(invariants: ["inv0"], depth: 4)
        #expect(summary(bmc.verdicts[0].verdict) == "violated in 3")
        #expect(bmc.fault == nil)
        let kind = try KInduction(model: model).run(invariants: ["inv0"], maxK: 4)
        #expect(summary(kind.verdicts[0].verdict) == "violated in 3")
        let pdr = try PropertyDirectedReachability(model: model).run(invariants: ["inv0"]).result
        #expect(summary(pdr.verdicts[0].verdict) == "violated in 3")
        #expect(pdr.fault == nil)
        #expect(try DifferentialChecker(seed: 23).check().violatedBesideAFault > 0)
    }

    /// Seed 146, invariant inv3 (`level != 2`, and no action changes `level`): the property
    /// is inductive by itself, IC3 proved it with no clause, and its certificate's invariant
    /// (the empty conjunction, "true") did not imply it (safe.smt2 sat), so ic3 and the
    /// portfolio said unknown where every other engine said holds.
    @Test func seed146IC3ProvesAnInvariantThatIsInductiveByItself() throws {
        let model = try loadModel(RandomModel.text(seed: 146))
        let engine = try PropertyDirectedReachability(model: model)
        engine.prover = .ic3
        let result = try engine.run(invariants: ["inv3"])
        #expect(result.result.verdicts.map { summary($0.verdict) } == ["holds"])
        #expect(try DifferentialChecker(seed: 146).check().variants == 2)
    }

    /// Seed 4698: the init block divides by `level`, which is 0, so the initial state
    /// faults. Spacer and IC3 proved `inv1` from whatever bits the init left (and their
    /// certificates re-checked, built from the same bits) where every other engine reported
    /// the fault at depth 0. No prover starts from a faulting initial state now.
    @Test(arguments: PropertyDirectedReachability.ProverName.allCases)
    func seed4698NoProverProvesFromAFaultingInitialState(_ prover: PropertyDirectedReachability.ProverName) throws {
        let model = try loadModel(RandomModel.text(seed: 4698))
        let engine = try PropertyDirectedReachability(model: model)
        engine.prover = prover
        let (result, certificates) = try engine.run(invariants: ["inv1"])
        #expect(result.verdicts.map { summary($0.verdict) } == ["incomplete: fault"])
        #expect(result.fault?.trace.steps.isEmpty == true)
        #expect(certificates.isEmpty)
    }

    @Test func theGeneratorIsDeterministic() {
        #expect(RandomModel.text(seed: 42) == RandomModel.text(seed: 42))
        #expect(RandomModel.text(seed: 42) != RandomModel.text(seed: 43))
    }
}
