/// The process exit statuses, by name. Several results combine to the worst of them
/// (`worst(of:)`): an error outranks a violation, which outranks no verdict, which
/// outranks success.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Every checked invariant holds (or the command did what it was asked).
    case success = 0
    /// An invariant is violated, a deadlock was found, or a result differs from the expected one.
    case violated = 1
    /// Usage error, or an error in the model or an input file.
    case error = 2
    /// No verdict: a search limit, a solver `unknown`, an interrupted run.
    case noVerdict = 3

    /// How bad a status is, for `worst(of:)`.
    private var rank: Int {
        switch self {
        case .success: 0
        case .noVerdict: 1
        case .violated: 2
        case .error: 3
        }
    }

    /// What a verdict calls for: success when it holds, violated, or no verdict.
    public init(for verdict: Verdict) {
        switch verdict {
        case .holds: self = .success
        case .violated: self = .violated
        case .incomplete, .unknown: self = .noVerdict
        }
    }

    /// The worst of several statuses (success when there are none).
    public static func worst(of statuses: some Sequence<ExitStatus>) -> ExitStatus {
        statuses.max { $0.rank < $1.rank } ?? .success
    }
}
