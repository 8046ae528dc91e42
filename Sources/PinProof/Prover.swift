import PinLang
import PinSymbolic

/// What a prover is asked: one invariant of a transition system, proved together with
/// "no evaluation fault" (the property), so that a proof also rules out the model errors
/// the explicit engine reports.
public struct ProofGoal: @unchecked Sendable {
    /// The encoding every prover of a run shares; provers only read it once the goal is made.
    public let system: TransitionSystem
    public let invariant: InvariantIndex
    /// `system.safety(invariant)`, built when the goal is made (before any lane of a race
    /// runs, since building adds gates to the shared circuit).
    public let property: Literal

    public init(system: TransitionSystem, invariant: InvariantIndex) {
        self.system = system
        self.invariant = invariant
        property = system.safety(invariant.rawValue)
    }

    /// The invariant's name in the model.
    public var name: String { system.model.invariants[invariant.rawValue].name }
}

/// The position of an invariant in its model's `invariants`.
public struct InvariantIndex: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "invariant #\(rawValue)" }
}

/// A prover's answer for one goal, and who gave it (a prover's name with its figures,
/// e.g. `mined (1234 states, 10 of 40 lemmas inductive)`).
public struct ProverAnswer: Sendable {
    public enum Outcome: Sendable {
        /// The invariant holds: the certificate's obligations say why (they are re-checked
        /// before the proof counts; see `Rechecked`).
        case proved(Certificate)
        /// A state that breaks the property is reachable; the trace when the prover has one
        /// that the circuit replays (else the engine finds one by BMC).
        case violated(Trace?)
        /// No answer, and why.
        case unknown(String)
    }

    public var outcome: Outcome
    public var by: String

    public init(_ outcome: Outcome, by: String) {
        self.outcome = outcome
        self.by = by
    }

    /// Whether the answer decides the goal (proved or violated).
    public var isDefinite: Bool {
        if case .unknown = outcome { return false }
        return true
    }

    /// `unsat` for a proof, `sat` for a violation, `unknown` otherwise: the answer in a
    /// solver's words, as the query log prints it.
    public var summary: String {
        switch outcome {
        case .proved: "unsat"
        case .violated: "sat"
        case .unknown(let reason): "unknown (\(reason))"
        }
    }
}

/// A way of proving or refuting one invariant. A prover may keep work between goals of
/// one run (an explicit search, mined lemmas): make a fresh one per run. It stops, with an
/// unknown answer, once `stop` is stopped, and reports what it does through `events`.
public protocol Prover: AnyObject {
    /// The prover's name, as `--prover` spells it.
    var name: String { get }
    func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer
}
