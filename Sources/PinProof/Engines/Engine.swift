import Foundation
import PinExplicit
import PinLang
import PinSymbolic

/// One way of deciding a model's invariants. Every engine answers in the same shapes
/// (`EngineResult`), so every report renders every engine; it stops, leaving what it has
/// not decided incomplete or unknown, once `stop` is stopped, and reports what it does
/// through `events`.
public protocol Engine {
    /// Decides the invariants named (every one when nil) of `model`.
    func check(_ model: Model, invariants: [String]?, stop: StopToken, events: @escaping EventSink) throws -> EngineResult
}

/// The engines `--engine` selects. Adding an engine is one type and one case here.
public enum EngineKind: String, CaseIterable, Sendable {
    case explicit, bmc, kind, pdr

    /// The engine, set up by `options`.
    public func make(_ options: EngineOptions) -> any Engine {
        switch self {
        case .explicit: ExplicitEngine(options: options)
        case .bmc: BoundedEngine(options: options)
        case .kind: KInductionEngine(options: options)
        case .pdr: ProofEngine(options: options)
        }
    }
}

/// What an engine may be told, one value for every engine and command; each engine reads
/// what applies to it.
public struct EngineOptions: Sendable {
    /// Threads: the explicit search's workers, Houdini's, the re-checks'.
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// The explicit search's limits.
    public var limits = SearchLimits()
    /// The explicit search also reports a reachable state with no enabled action.
    public var deadlock = false
    /// How the explicit search runs the model: interpreted, compiled, or compiled once long.
    public var code = CodeChoice.standard
    /// BMC's bound; k-induction's largest k.
    public var depth = 20
    /// k-induction proves the invariants together (mutual induction).
    public var jointly = false
    /// Z3's limit per query (for pdr, per invariant and prover).
    public var timeout: Duration?
    /// pdr's prover.
    public var prover = PropertyDirectedReachability.ProverName.portfolio
    /// Where pdr's portfolio looks for earlier invariants to try first (the certificates
    /// folder, and the folder of committed invariants); nil: none.
    public var hintFolders: (certificates: URL?, committed: URL?)?
    /// Per variant, itself and then its ancestors (nearest first), each named by the model
    /// that declares it (`Program.lineage(of:)`): a variant with no committed invariant of
    /// its own (a patch's) tries theirs before proving from scratch.
    public var lineage: [String: [VariantName]] = [:]

    public init() {}
}

/// An engine's answer for one variant.
public struct EngineResult: Sendable {
    /// One verdict per invariant checked, in the order asked.
    public var verdicts: [(invariant: String, verdict: Verdict)]
    /// A runtime fault in the model, with the trace that reaches it.
    public var fault: ModelFault?
    /// A reachable state with no enabled action, when asked for.
    public var deadlock: Trace?
    public var statistics: any EngineStatistics
    /// pdr: a certificate per proof.
    public var certificates: [Certificate] = []
    /// k-induction: per invariant it could not prove, the counterexample to induction.
    public var inductionCounterexamples: [String: InductionCounterexample] = [:]

    public init(
        verdicts: [(invariant: String, verdict: Verdict)], fault: ModelFault? = nil, deadlock: Trace? = nil,
        statistics: any EngineStatistics
    ) {
        self.verdicts = verdicts
        self.fault = fault
        self.deadlock = deadlock
        self.statistics = statistics
    }
}

/// An engine's figures, its own typed value, rendered as named figures in display order.
public protocol EngineStatistics: Sendable {
    var figures: [(name: String, value: String)] { get }
    /// The same figures as numbers for JSON, each key naming its unit where it has one
    /// (`elapsed_seconds`, `peak_memory_bytes`; a bare count otherwise).
    var measures: [String: Measure] { get }
}
