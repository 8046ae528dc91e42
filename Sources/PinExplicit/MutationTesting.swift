import Dispatch
import Foundation
import PinLang

/// What the checks made of one mutant.
public struct MutantResult: Sendable {
    public var mutation: Mutation
    /// What noticed it (`invariant x: violated in 5 steps`, `scenario s: holds → violates x`,
    /// a model fault), or nil when nothing did (it survived).
    public var killedBy: String?
    /// The mutant's reachable states, when it was explored in full (a survivor).
    public var states: Int?
    /// Why the search did not finish (a limit, Ctrl-C): then nil `killedBy` says nothing.
    public var incomplete: String?
}

/// Mutation testing of a variant's invariants and scenarios: every mutant of the chosen
/// functions and procedures (`Mutator`) is run through the scenarios, then, if none
/// noticed, explored by the explicit engine against every invariant; mutants are checked
/// side by side, one per worker.
public struct MutationTesting: Sendable {
    public let model: Model
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    public var limits = SearchLimits()
    public var stop = StopToken.never

    public init(model: Model) { self.model = model }

    /// The original's answers, which every mutant is compared with.
    public struct Baseline: Sendable {
        public var verdicts: [String: String]
        public var scenarios: [String]
        public var states: Int
        public var incomplete: String?
    }

    /// The original's verdicts, scenario outcomes and state count.
    public func baseline() -> Baseline {
        var explorer = Explorer(model: model)
        explorer.workers = workers
        explorer.limits = limits
        explorer.stop = stop
        let result = explorer.run()
        let runner = ScenarioRunner(model: model)
        return Baseline(
            verdicts: Dictionary(uniqueKeysWithValues: result.verdicts.map { ($0.invariant, Self.word($0.verdict)) }),
            scenarios: model.scenarios.map { runner.run($0).summary }, states: result.statistics.states,
            incomplete: result.incomplete)
    }

    /// Each of `mutations` checked against `baseline`, in the order given.
    public func run(_ mutations: [Mutation], against baseline: Baseline) -> [MutantResult] {
        let results = Slots<MutantResult>(count: mutations.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, mutations.count))) { _ in
            while let i = next.take(below: mutations.count), !stop.isStopped {
                results.store(check(mutations[i], against: baseline), at: i)
            }
        }
        return (0..<mutations.count).compactMap { results.values[$0] }
    }

    /// One mutant: the scenarios first (milliseconds), then a full search.
    func check(_ mutation: Mutation, against baseline: Baseline) -> MutantResult {
        let mutant = Mutator.apply(mutation, to: model)
        var result = MutantResult(mutation: mutation)
        let runner = ScenarioRunner(model: mutant)
        for (s, scenario) in mutant.scenarios.enumerated() {
            let outcome = runner.run(scenario).summary
            if outcome != baseline.scenarios[s] {
                result.killedBy = "scenario \(scenario.name): \(baseline.scenarios[s]) → \(outcome)"
                return result
            }
        }
        var explorer = Explorer(model: mutant)
        explorer.workers = 1
        explorer.limits = limits
        explorer.stop = stop
        let search = explorer.run()
        if let fault = search.fault {
            result.killedBy = "a model fault: \(fault.message) (in \(fault.action), after \(fault.trace.steps.count) steps)"
            return result
        }
        for (name, verdict) in search.verdicts where Self.word(verdict) != baseline.verdicts[name] {
            if case .incomplete = verdict { continue }
            result.killedBy = "invariant \(name): \(baseline.verdicts[name] ?? "?") → \(Self.word(verdict))"
            return result
        }
        result.states = search.statistics.states
        result.incomplete = search.incomplete
        return result
    }

    /// A verdict in a word or two: `holds`, `violated in 5`, `incomplete`, `unknown`.
    static func word(_ v: Verdict) -> String {
        switch v {
        case .holds: return "holds"
        case .violated(let t): return "violated in \(t.steps.count)"
        case .incomplete: return "incomplete"
        case .unknown: return "unknown"
        }
    }

    /// Hands out mutant indices to the workers.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < limit else { return nil }
            next += 1
            return next - 1
        }
    }
}
