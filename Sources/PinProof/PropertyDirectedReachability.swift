import Foundation
import PinLang
import PinSymbolic

/// Unbounded proof of each invariant by a prover (by default the portfolio of `provers`
/// marked racing), after the invariant's hint when it has one (`HintProver`). Every proof
/// goes through `Rechecked`: it counts only once Z3 has re-checked its certificate from
/// the SMT-LIB text. A violation without a trace is handed to BMC, which finds a shortest
/// one.
public final class PropertyDirectedReachability {
    /// A prover by the name `--prover` gives it.
    public struct ProverName: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        public let rawValue: String
        public init?(rawValue: String) {
            guard Self.allCases.contains(where: { $0.rawValue == rawValue }) else { return nil }
            self.rawValue = rawValue
        }
        private init(_ name: String) { rawValue = name }

        public static let portfolio = ProverName("portfolio")
        public static let spacer = ProverName("spacer")
        public static let ic3 = ProverName("ic3")
        public static let mined = ProverName("mined")
        public static let reachable = ProverName("reachable")
        /// Every prover of the registry, and the portfolio.
        public static var allCases: [ProverName] { provers.map { ProverName($0.name) } + [portfolio] }
        public var description: String { rawValue }
    }

    /// How a run makes a prover: what it may use.
    public struct ProverSettings {
        public var timeout: Duration?
        public var workers: Int
        public var reachableStateLimit: Int
        /// The invariants the run checks (a prover may share one search among them).
        public var invariants: [Int]
    }

    /// Every prover, by name, with how a run makes it; the portfolio races those marked
    /// `racing`, in this order, and `yieldsCores` lanes run at a lower priority (on the
    /// bundled models the mined lane answers first). Adding a prover is one line here.
    public static let provers: [(name: String, racing: Bool, yieldsCores: Bool, make: @Sendable (ProverSettings) -> any Prover)] =
        [
            ("spacer", true, true, { SpacerProver(timeout: $0.timeout) }),
            ("ic3", true, true, { IC3Prover(timeout: $0.timeout) }),
            ("mined", true, false, { MinedProver(timeout: $0.timeout, maxStates: $0.reachableStateLimit, workers: $0.workers) }),
            (
                "reachable", false, false,
                {
                    ReachableProver(
                        invariants: $0.invariants, timeout: $0.timeout, maxStates: $0.reachableStateLimit, workers: $0.workers)
                }
            ),
        ]

    public var prover = ProverName.portfolio
    /// The most states the explicit search of the `reachable` and `mined` provers may store.
    public var reachableStateLimit = 5_000_000
    /// The longest counterexample BMC searches for after a prover finds a violation without a trace.
    public var traceBound = 200
    /// Threads for Houdini, the explicit searches and the re-checks (the portfolio's lanes
    /// are a thread each whatever it says).
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Per invariant name: an earlier proof's invariant, tried before any prover.
    public var hints: [String: HintProver.Hint] = [:]
    /// Told of every query and prover step as it finishes.
    public var events: EventSink = ignoreEvents
    /// Stops the run, with unknown for the invariants not decided.
    public var stop = StopToken.never
    /// The invariants the last `run` proved by their hints, with no prover.
    public private(set) var provedByHints: [String] = []
    /// Per invariant proved: which prover proved it, with its figures (e.g. `hints (…,
    /// committed for its ancestor v6_2: 256 lemmas)`), for the verdict line.
    public private(set) var provedBy: [String: String] = [:]
    let system: TransitionSystem
    let timeout: Duration?
    var model: Model { system.model }

    public convenience init(model: Model, timeout: Duration? = nil) throws {
        self.init(system: try TransitionSystem(model: model), timeout: timeout)
    }

    public init(system: TransitionSystem, timeout: Duration? = nil) {
        self.system = system
        self.timeout = timeout
    }

    /// The prover `name` names, fresh for a run of `invariants`.
    func makeProver(_ name: ProverName, invariants: [Int]) -> any Prover {
        let settings = ProverSettings(
            timeout: timeout, workers: workers, reachableStateLimit: reachableStateLimit, invariants: invariants)
        if let entry = Self.provers.first(where: { $0.name == name.rawValue }) { return entry.make(settings) }
        return Portfolio(
            Self.provers.filter(\.racing).map { Portfolio.Lane($0.make(settings), yieldsCores: $0.yieldsCores) })
    }

    /// Decides each invariant (all when nil); returns the verdicts and a certificate per proof.
    public func run(invariants names: [String]? = nil) throws -> (result: SymbolicResult, certificates: [Certificate]) {
        let checked = model.invariantIndices(named: names)
        let checks = CertificateChecks(timeout: timeout, workers: workers, stop: stop)
        let chosen = Rechecked(makeProver(prover, invariants: checked), checks: checks)
        let hinted = hints.isEmpty ? nil : HintProver(hints: hints, checks: checks, timeout: timeout)
        let log = QueryCollector(forwardingTo: events)
        var verdicts: [(invariant: String, verdict: Verdict)] = []
        var certificates: [Certificate] = []
        var fault: ModelFault?
        provedByHints = []
        provedBy = [:]
        if system.initialFault {
            // No prover may start: the initial state is whatever bits the faulting init left,
            // and Spacer and IC3 "proved" invariants from it (differential test, seed 4698).
            let bmc = try BoundedModelChecker(system: system, timeout: timeout)
            let r = try bmc.run(invariants: checked.map { system.model.invariants[$0].name }, depth: 0)
            return (SymbolicResult(verdicts: r.verdicts, fault: r.fault, queries: r.queries, depth: 0), [])
        }
        for j in checked {
            let goal = ProofGoal(system: system, invariant: InvariantIndex(j))
            if let reason = stop.reason {
                verdicts.append((goal.name, .unknown(reason: "\(reason) before it was tried")))
                continue
            }
            if let hinted {
                let answer = try hinted.prove(goal, stop: stop, events: log.sink)
                if case .proved(let certificate) = answer.outcome {
                    verdicts.append((goal.name, .holds))
                    certificates.append(certificate)
                    provedByHints.append(goal.name)
                    provedBy[goal.name] = answer.by
                    continue
                }
            }
            let answer = try chosen.prove(goal, stop: stop, events: log.sink)
            switch answer.outcome {
            case .proved(let certificate):
                verdicts.append((goal.name, .holds))
                provedBy[goal.name] = answer.by
                certificates.append(certificate)
            case .unknown(let reason):
                verdicts.append((goal.name, .unknown(reason: "\(answer.by) answered unknown: \(reason)")))
            case .violated(let trace?):
                verdicts.append((goal.name, .violated(trace)))
            case .violated(nil):
                let bmc = try BoundedModelChecker(system: system, timeout: timeout)
                bmc.events = log.sink
                let r = try bmc.run(invariants: [goal.name], depth: traceBound)
                if let f = r.fault { fault = f }
                verdicts.append((goal.name, r.verdicts.first?.verdict ?? .unknown(reason: "no trace")))
            }
        }
        return (SymbolicResult(verdicts: verdicts, fault: fault, queries: log.queries, depth: 0), certificates)
    }
}

/// The query events of a run, kept for its result and passed on as they come.
final class QueryCollector: @unchecked Sendable {
    private let kept = Locked<[QueryRecord]>([])
    let forward: EventSink

    init(forwardingTo forward: @escaping EventSink) { self.forward = forward }

    var queries: [QueryRecord] { kept.update { $0 } }

    var sink: EventSink {
        { [self] event in
            if let record = QueryRecord(event) { kept.update { $0.append(record) } }
            forward(event)
        }
    }
}
