/// What a running engine or prover reports as it goes: the command line renders these as
/// progress lines and `--stats`, and tests can watch a run through them. Engines never
/// print.
public enum RunEvent: Sendable {
    /// A phase of the run began, e.g. `explicit search` or `houdini`.
    case phase(String, elapsed: Duration)
    /// The explicit search finished a breadth-first level.
    case level(depth: Int, states: Int, elapsed: Duration)
    /// A solver query (or a step of a prover) finished: what was asked, how long it took,
    /// and the answer.
    case query(what: String, took: Duration, answer: String)
}

/// One finished query, as a run keeps it for its statistics.
public struct QueryRecord: Sendable {
    public var what: String
    public var took: Duration
    public var answer: String

    public init(what: String, took: Duration, answer: String) {
        self.what = what
        self.took = took
        self.answer = answer
    }

    /// The record of a `.query` event; nil for other events.
    public init?(_ event: RunEvent) {
        guard case .query(let what, let took, let answer) = event else { return nil }
        self.init(what: what, took: took, answer: answer)
    }

    /// As a `.query` event.
    public var event: RunEvent { .query(what: what, took: took, answer: answer) }
}

/// Where a run sends its events; called from any thread.
public typealias EventSink = @Sendable (RunEvent) -> Void

/// An event sink that drops everything.
public let ignoreEvents: EventSink = { _ in }
