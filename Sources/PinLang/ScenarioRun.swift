/// How a scenario run ended.
public enum ScenarioEnd: Sendable {
    /// Every step was applied.
    case completed
    /// Scenario step `step` (1-based, as written) was a plain step whose action was not enabled.
    case blocked(step: Int)
    /// Evaluating scenario step `step` faulted (0: building the initial state or checking it).
    case fault(ModelFault, step: Int)
    /// The `repeat` step `step` was still enabled after `ScenarioRun.repeatLimit` applications.
    case didNotTerminate(step: Int)
}

/// One scenario run on one variant: the states it went through, which invariants each
/// broke first where, and how it ended. Every step of the trace is one action applied;
/// a `repeat` step contributes one trace step per application.
public struct ScenarioRun: Sendable {
    /// How often a `repeat` step may apply its action before the run is cut off.
    public static let repeatLimit = 64

    public var scenario: String
    public var variant: String
    public var trace: Trace
    /// For each trace step, the scenario step (1-based, as written) it belongs to.
    public var scenarioSteps: [Int]
    /// Every invariant in declaration order, with the trace position of the first state that
    /// violates it (0 for the initial state, n for the state after trace step n), or nil.
    public var invariants: [(name: String, firstViolation: Int?)]
    /// The scenario's assertions that were false where they are written, in order.
    public var failedAssertions: [FailedAssertion]
    public var end: ScenarioEnd

    public init(
        scenario: String, variant: String, trace: Trace, scenarioSteps: [Int],
        invariants: [(name: String, firstViolation: Int?)], failedAssertions: [FailedAssertion] = [],
        end: ScenarioEnd
    ) {
        self.scenario = scenario
        self.variant = variant
        self.trace = trace
        self.scenarioSteps = scenarioSteps
        self.invariants = invariants
        self.failedAssertions = failedAssertions
        self.end = end
    }

    /// The invariants violated in some state of the run, in declaration order.
    public var violated: [String] { invariants.filter { $0.firstViolation != nil }.map(\.name) }

    /// Whether every step was applied.
    public var completed: Bool {
        if case .completed = end { return true }
        return false
    }

    /// The outcome in a few words, as in the scenario table: `holds`, `violates a, b`,
    /// `blocked@3`, `fault@2`, `did-not-terminate@4` (the number is the scenario step); an
    /// incomplete run also lists the invariants violated before it stopped, and any run the
    /// assertions that failed (`assert 1 fails`, numbered as written).
    public var summary: String {
        var parts: [String] = []
        switch end {
        case .completed: break
        case .blocked(let step): parts.append("blocked@\(step)")
        case .fault(_, let step): parts.append("fault@\(step)")
        case .didNotTerminate(let step): parts.append("did-not-terminate@\(step)")
        }
        if !violated.isEmpty { parts.append("violates " + violated.joined(separator: ", ")) }
        if !failedAssertions.isEmpty {
            let numbers = failedAssertions.map { String($0.number) }.joined(separator: ", ")
            parts.append(failedAssertions.count == 1 ? "assert \(numbers) fails" : "asserts \(numbers) fail")
        }
        return parts.isEmpty ? "holds" : parts.joined(separator: "; ")
    }

    /// Whether the run shows the documented outcome. `holds` needs a completed run with no
    /// violation and no failed assertion, `violates` exactly the invariants listed (a run
    /// cut short by a fault or a runaway `repeat` matches nothing; the assertions, which say
    /// what a correct kernel does, are not judged in a run documented to go wrong),
    /// `blocked` a blocked run.
    public func matches(_ expected: ExpectedOutcome) -> Bool {
        switch (expected, end) {
        case (.holds, .completed): return violated.isEmpty && failedAssertions.isEmpty
        case (.violates(let names), .completed), (.violates(let names), .blocked):
            return !names.isEmpty && Set(names) == Set(violated)
        case (.blocked, .blocked): return true
        default: return false
        }
    }

    /// The process exit status for `pincheck run`: no verdict when the run did not apply
    /// every step (blocked, fault, runaway `repeat`), else violated when an invariant was
    /// violated or an assertion failed, else success.
    public var exitStatus: ExitStatus {
        if !completed { return .noVerdict }
        return violated.isEmpty && failedAssertions.isEmpty ? .success : .violated
    }
}

/// A scenario's `assert` that was false in its run.
public struct FailedAssertion: Sendable {
    /// Its number among the scenario's assertions, from 1 as written.
    public var number: Int
    /// Its condition in the model.
    public var range: SourceRange
    public var source: String?
    /// The trace position of the state it was false in (0: the initial state).
    public var position: Int

    public init(number: Int, range: SourceRange, source: String?, position: Int) {
        self.number = number
        self.range = range
        self.source = source
        self.position = position
    }
}
