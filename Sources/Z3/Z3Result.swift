import CZ3

/// The outcome of a satisfiability check or fixedpoint query.
public enum Z3Result: Equatable, Sendable, CustomStringConvertible {
    /// Satisfiable (for a fixedpoint query: the queried state is reachable).
    case sat
    /// Unsatisfiable (for a fixedpoint query: the queried state is unreachable).
    case unsat
    /// Z3 gave up, e.g. on a timeout or resource limit; `reason` is Z3's explanation.
    case unknown(reason: String)

    /// `sat`, `unsat` or `unknown (reason)`.
    public var description: String {
        switch self {
        case .sat: return "sat"
        case .unsat: return "unsat"
        case .unknown(let reason): return "unknown (\(reason))"
        }
    }

    /// Maps a `Z3_lbool`, asking `reason` only in the undefined case.
    init(_ value: Z3_lbool, reason: () throws -> String) rethrows {
        switch value {
        case Z3_L_TRUE: self = .sat
        case Z3_L_FALSE: self = .unsat
        default: self = .unknown(reason: try reason())
        }
    }
}
