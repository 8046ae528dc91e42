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

/// Where a run sends its events; called from any thread.
public typealias EventSink = @Sendable (RunEvent) -> Void

/// An event sink that drops everything.
public let ignoreEvents: EventSink = { _ in }
