import Foundation
import PinExplicit
import PinLang
import PinProof
import PinSymbolic
import Testing

/// Checks one random model (`RandomModel`) with every engine and records each disagreement
/// with the seed, the variant, every engine's answer and the model's text.
///
/// Each invariant is checked on its own by every engine, as PDR always does: a fault then
/// means one the invariant's evaluation or an action meets before the invariant is
/// decided, the same set for every engine. (With several invariants at once, the explicit
/// engine stops evaluating an invariant once it is violated, while BMC keeps looking for
/// its evaluation faults.) The reference is the explicit engine with one worker,
/// interpreted, evaluating every guard and invariant in every state; the same search with
/// two workers, and compiled with one and two, all evaluating a guard or an invariant only
/// where a bit it reads changed, must give the same states, transitions, depth, verdicts,
/// traces and fault.
struct DifferentialChecker {
    typealias NamedAnswer = (engine: String, answer: EngineAnswer)
    let seed: UInt64
    let text: String
    /// Z3's limit per query: far above what a model of a few thousand states needs, so that
    /// a prover that hangs fails the test rather than the run.
    static let timeout = Duration.seconds(60)

    init(seed: UInt64) {
        self.seed = seed
        text = RandomModel.text(seed: seed)
    }

    /// Checks every variant; records one issue listing every disagreement (and every engine
    /// that failed).
    func check() throws -> DifferentialTally {
        var tally = DifferentialTally(models: 1)
        if let folder = DifferentialSettings.dump {
            try text.write(toFile: "\(folder)/random_\(seed).pin", atomically: true, encoding: .utf8)
        }
        let program: Program
        do {
            program = try LoadedProgram.load(text: text, path: "random_\(seed).pin").program
        } catch {
            Issue.record("seed \(seed): the generated model does not load (a generator bug): \(error)\n\(text)")
            return tally
        }
        var problems: [String] = []
        for variant in program.variantNames {
            tally.variants += 1
            do {
                problems += try check(program.model(variant: variant), variant: variant, &tally)
            } catch {
                problems.append("variant \(variant): an engine failed: \(error)")
            }
        }
        if !problems.isEmpty {
            Issue.record("seed \(seed): the engines disagree\n\(problems.joined(separator: "\n"))\nmodel:\n\(text)")
        }
        return tally
    }

    /// One variant: the explicit engine with 1 and 2 workers on every invariant at once,
    /// then every engine on each invariant alone.
    func check(_ model: Model, variant: String, _ tally: inout DifferentialTally) throws -> [String] {
        var problems: [String] = []
        let one = Self.explicit(model, nil, workers: 1, incremental: false)
        let two = Self.explicit(model, nil, workers: 2)
        if Self.describe(one) != Self.describe(two) {
            problems.append("variant \(variant): explicit, 1 and 2 workers:\n\(Self.describe(one))\n--\n\(Self.describe(two))")
        }
        for workers in Self.compiledWorkers {
            let compiled = Self.explicit(model, nil, workers: workers, code: .compiled)
            if Self.describe(one) != Self.describe(compiled) {
                problems.append(
                    "variant \(variant): explicit, interpreted and compiled (\(workers) workers):\n\(Self.describe(one))\n--\n"
                        + Self.describe(compiled))
            }
        }
        let system = try TransitionSystem(model: model)
        let proofs = try proofAnswers(system)
        var deepest = one.statistics.states
        defer { tally.states += deepest }
        // The shallowest fault, searched for with no invariant to decide.
        let firstFault = Self.explicit(model, [], workers: 1).fault?.trace.steps.count
        for invariant in model.invariants.map(\.name) {
            let reference = Self.explicit(model, [invariant], workers: 1, incremental: false)
            let twoWorkers = Self.explicit(model, [invariant], workers: 2)
            if Self.describe(reference) != Self.describe(twoWorkers) {
                problems.append(
                    "variant \(variant) \(invariant): explicit, 1 and 2 workers:\n\(Self.describe(reference))\n--\n"
                        + Self.describe(twoWorkers))
            }
            if let workers = Self.compiledWorkers.first {
                let compiled = Self.explicit(model, [invariant], workers: workers, code: .compiled)
                if Self.describe(reference) != Self.describe(compiled) {
                    problems.append(
                        "variant \(variant) \(invariant): explicit, interpreted and compiled:\n\(Self.describe(reference))\n--\n"
                            + Self.describe(compiled))
                }
            }
            deepest = max(deepest, reference.statistics.states)
            let expected = EngineAnswer(reference.verdicts[0].verdict, fault: reference.fault)
            if expected.faultDepth != nil {
                tally.faults += 1
            } else if let length = expected.violationLength {
                tally.violated += 1
                if length == firstFault { tally.violatedBesideAFault += 1 }
            } else {
                tally.holds += 1
            }
            let answers = try symbolicAnswers(system, invariant, bound: reference.statistics.maxDepth + 1, proofs: proofs)
            for (engine, answer) in answers {
                if !Self.compare(answer, with: expected, engine: engine) {
                    let lines = (["explicit: \(expected)"] + answers.map { "\($0.engine): \($0.answer)" })
                        .map { "    " + $0 }.joined(separator: "\n")
                    problems.append("variant \(variant) invariant \(invariant): \(engine) disagrees\n\(lines)")
                    break
                }
            }
        }
        return problems
    }

    /// BMC to `bound` and k-induction up to `bound`, then the provers' `proofs`.
    func symbolicAnswers(_ system: TransitionSystem, _ invariant: String, bound: Int, proofs: [String: [NamedAnswer]])
        throws -> [NamedAnswer]
    {
        let bmc = try BoundedModelChecker(system: system, timeout: Self.timeout)
            .run(invariants: [invariant], depth: bound)
        let kind = try KInduction(system: system, timeout: Self.timeout).run(invariants: [invariant], maxK: bound)
        return [
            ("bmc", EngineAnswer(bmc.verdicts[0].verdict, fault: bmc.fault)),
            ("k-induction", EngineAnswer(kind.verdicts[0].verdict, fault: kind.fault)),
        ] + (proofs[invariant] ?? [])
    }

    /// Each PDR prover alone and the portfolio, each on every invariant in one run (as
    /// `pincheck prove` runs them). A run reports one fault, its last invariant's; when
    /// several invariants meet one, each of them is run again alone for its own.
    func proofAnswers(_ system: TransitionSystem) throws -> [String: [NamedAnswer]] {
        var answers: [String: [NamedAnswer]] = [:]
        for prover in PropertyDirectedReachability.ProverName.allCases {
            let run = try Self.prove(system, prover, nil)
            let faulting = Set(run.verdicts.filter { summary($0.verdict) == "incomplete: fault" }.map(\.invariant))
            for (invariant, verdict) in run.verdicts {
                var answer = EngineAnswer(verdict, fault: faulting.isEmpty || faulting.contains(invariant) ? run.fault : nil)
                if faulting.count > 1 && faulting.contains(invariant) {
                    let alone = try Self.prove(system, prover, [invariant])
                    answer = EngineAnswer(alone.verdicts[0].verdict, fault: alone.fault)
                }
                answers[invariant, default: []].append(("pdr \(prover)", answer))
            }
        }
        return answers
    }

    static func prove(_ system: TransitionSystem, _ prover: PropertyDirectedReachability.ProverName, _ invariants: [String]?)
        throws -> SymbolicResult
    {
        let engine = PropertyDirectedReachability(system: system, timeout: timeout)
        engine.prover = prover
        engine.workers = 1
        return try engine.run(invariants: invariants).result
    }

    /// Whether `answer` agrees with the explicit engine's `expected` one. A fault must be
    /// found at the same depth, with the invariant *incomplete: fault*; a violation with the
    /// same (shortest) length and no fault, also where a fault is reachable at that depth
    /// (every engine lets the violation decide: `LevelEvents`); a holding invariant holds,
    /// except that BMC says *incomplete* (bounded) and k-induction may say *unknown* (not
    /// k-inductive).
    static func compare(_ answer: EngineAnswer, with expected: EngineAnswer, engine: String) -> Bool {
        if let depth = expected.faultDepth {
            return answer.faultDepth == depth && answer.verdict == "incomplete: fault"
        }
        if expected.violationLength != nil {
            return answer.faultDepth == nil && answer.verdict == expected.verdict
        }
        guard answer.faultDepth == nil else { return false }
        switch engine {
        case "bmc": return answer.verdict.hasPrefix("incomplete: bounded check: no violation in paths of up to")
        case "k-induction": return answer.verdict == "holds" || answer.verdict.hasPrefix("unknown: no violation within")
        default: return answer.verdict == "holds"
        }
    }

    /// The reference is interpreted; compiled code (`--code compiled`) is held to it with
    /// these worker counts, where a C compiler is installed.
    static let compiledWorkers = NativeCode.compiler() == nil ? [] : [1, 2]

    static func explicit(
        _ model: Model, _ invariants: [String]?, workers: Int, code: CodeChoice = .interpreted, incremental: Bool = true
    ) -> ExplorationResult {
        var explorer = Explorer(model: model)
        explorer.incremental = incremental
        explorer.workers = workers
        explorer.code = code
        return explorer.run(invariants: invariants)
    }

    /// A search's answer with what must not depend on the worker count: the state count,
    /// the depth, each verdict with its trace, and the fault with its trace.
    static func describe(_ r: ExplorationResult) -> String {
        func path(_ t: Trace) -> String {
            "\(t.initial) " + t.steps.map { "\($0.call) \($0.state)" }.joined(separator: "; ")
        }
        var lines = ["states \(r.statistics.states) transitions \(r.statistics.transitions) depth \(r.statistics.maxDepth)"]
        if let f = r.fault { lines.append("fault \(f.message) in \(f.action) after \(path(f.trace))") }
        for (name, verdict) in r.verdicts {
            if case .violated(let t) = verdict {
                lines.append("\(name): violated by \(path(t))")
            } else {
                lines.append("\(name): \(summary(verdict))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
