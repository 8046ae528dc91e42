import Foundation
import PinLang
import PinSymbolic

/// Bounded model checking to `options.depth` steps.
struct BoundedEngine: Engine {
    let options: EngineOptions

    func check(_ model: Model, invariants: [String]?, stop: StopToken, events: @escaping EventSink) throws -> EngineResult {
        let watch = Stopwatch()
        let bmc = try BoundedModelChecker(model: model, timeout: options.timeout)
        bmc.events = events
        let result = try bmc.run(invariants: invariants, depth: options.depth, stop: stop)
        let statistics = BoundedStatistics(bound: options.depth, run: QueryFigures(result.queries, watch.elapsed))
        return EngineResult(verdicts: result.verdicts, fault: result.fault, statistics: statistics)
    }
}

/// k-induction up to `options.depth`, one invariant at a time or `jointly`.
struct KInductionEngine: Engine {
    let options: EngineOptions

    func check(_ model: Model, invariants: [String]?, stop: StopToken, events: @escaping EventSink) throws -> EngineResult {
        let watch = Stopwatch()
        let kind = try KInduction(model: model, timeout: options.timeout)
        kind.events = events
        let result = try kind.run(invariants: invariants, maxK: options.depth, jointly: options.jointly, stop: stop)
        let statistics = KInductionStatistics(
            maxK: options.depth, provenAt: result.provenAt, run: QueryFigures(result.queries, watch.elapsed))
        var answer = EngineResult(verdicts: result.verdicts, fault: result.fault, statistics: statistics)
        answer.inductionCounterexamples = result.counterexamplesToInduction
        return answer
    }
}

/// Unbounded proof by property directed reachability (`PropertyDirectedReachability`).
struct ProofEngine: Engine {
    let options: EngineOptions

    func check(_ model: Model, invariants: [String]?, stop: StopToken, events: @escaping EventSink) throws -> EngineResult {
        let watch = Stopwatch()
        let pdr = try PropertyDirectedReachability(model: model, timeout: options.timeout)
        pdr.prover = options.prover
        pdr.workers = options.workers
        pdr.events = events
        pdr.stop = stop
        if let folders = options.hintFolders, options.prover == .portfolio {
            pdr.hints = HintProver.hints(
                for: model, certificates: folders.certificates, committed: folders.committed, invariants: invariants,
                lineage: options.lineage[model.variant] ?? [])
        }
        let (result, certificates) = try pdr.run(invariants: invariants)
        var answer = EngineResult(
            verdicts: result.verdicts, fault: result.fault,
            statistics: ProofStatistics(
                run: QueryFigures(result.queries, watch.elapsed), provedByHints: pdr.provedByHints,
                provedBy: pdr.provedBy))
        answer.certificates = certificates
        return answer
    }
}

/// What a symbolic run asked Z3, how long it took in all, and the process's peak memory.
public struct QueryFigures: Sendable {
    public var queries: [QueryRecord]
    public var elapsed: Duration
    public var peakMemory = Memory.peakResidentBytes()

    public init(_ queries: [QueryRecord], _ elapsed: Duration) {
        self.queries = queries
        self.elapsed = elapsed
    }

    /// The queries, Z3's share of the time, the time and the peak memory.
    public var figures: [(name: String, value: String)] {
        [
            ("queries", String(queries.count)),
            ("z3 time", String(format: "%.2fs", queries.reduce(Duration.zero) { $0 + $1.took }.inSeconds)),
            ("time", String(format: "%.2fs", elapsed.inSeconds)),
            ("peak memory", Memory.format(bytes: peakMemory)),
        ]
    }

    /// The same as numbers, for JSON.
    public var measures: [String: Measure] {
        [
            "queries": .count(queries.count), "z3_seconds": .quantity(queries.reduce(Duration.zero) { $0 + $1.took }.inSeconds),
            "elapsed_seconds": .quantity(elapsed.inSeconds), "peak_memory_bytes": .count(peakMemory),
        ]
    }
}

/// BMC's figures: the bound, then its queries.
public struct BoundedStatistics: EngineStatistics {
    public var bound: Int
    public var run: QueryFigures
    public var figures: [(name: String, value: String)] { [("bound", String(bound))] + run.figures }
    public var measures: [String: Measure] { run.measures.merging(["bound": .count(bound)]) { a, _ in a } }
}

/// k-induction's figures: the largest k tried, the k at which each proved invariant became
/// inductive, then its queries.
public struct KInductionStatistics: EngineStatistics {
    public var maxK: Int
    public var provenAt: [String: Int]
    public var run: QueryFigures
    public var figures: [(name: String, value: String)] {
        let ks = provenAt.sorted { $0.key < $1.key }.map { "\($0.key) at k=\($0.value)" }
        return [("max k", String(maxK))] + (ks.isEmpty ? [] : [("inductive", ks.joined(separator: "; "))]) + run.figures
    }
    public var measures: [String: Measure] {
        run.measures.merging(["max_k": .count(maxK), "inductive_at_k": .counts(provenAt)]) { a, _ in a }
    }
}

/// PDR's figures: its queries (the invariants proved by hints are in `provedByHints`).
public struct ProofStatistics: EngineStatistics {
    public var run: QueryFigures
    public var provedByHints: [String]
    /// Per invariant proved, the prover that proved it, with its figures.
    public var provedBy: [String: String] = [:]
    public var figures: [(name: String, value: String)] { run.figures }
    public var measures: [String: Measure] {
        run.measures.merging(["proved_by_hints": .count(provedByHints.count)]) { a, _ in a }
    }
}
