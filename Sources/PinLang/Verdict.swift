/// One step of a counterexample: the action taken, its arguments, and the state it led to.
public struct TraceStep: Sendable {
    public var action: String
    /// Parameter names with their formatted values, in declaration order.
    public var arguments: [(name: String, value: String)]
    /// The arguments with their parameters' types, for JSON (empty for a step made from text).
    public var typedArguments: [TypedValue] = []
    /// The scalar slots of the state after the step (see `StateLayout`).
    public var state: [Int64]

    public init(action: String, arguments: [(name: String, value: String)], state: [Int64]) {
        self.action = action
        self.arguments = arguments
        self.state = state
    }

    /// The step by action `action` of `model` with these argument values (its state left
    /// empty): the arguments formatted by their parameters' types.
    public init(action: Int, arguments: [Int64], in model: Model) {
        let declared = model.actions[action]
        let formatted = zip(declared.parameters, arguments).map { (name: $0.name, value: $0.type.format($1)) }
        self.init(action: declared.name, arguments: formatted, state: [])
        typedArguments = zip(declared.parameters, arguments).map { TypedValue(type: $0.type, scalars: [$1]) }
    }

    /// `name(arg=value, …)`, as printed in traces.
    public var call: String {
        "\(action)(\(arguments.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")))"
    }
}

/// A path from the initial state: every engine reports counterexamples in this form.
public struct Trace: Sendable {
    public var initial: [Int64]
    public var steps: [TraceStep]

    public init(initial: [Int64], steps: [TraceStep]) {
        self.initial = initial
        self.steps = steps
    }

    /// The state at the end of the trace.
    public var final: [Int64] { steps.last?.state ?? initial }
}

/// The outcome of checking one invariant (or the model as a whole) with one engine.
public enum Verdict: Sendable {
    /// Proven: for the explicit engine, over the complete reachable state space.
    case holds
    /// A reachable state breaks the invariant; the trace leads to it.
    case violated(Trace)
    /// The search could not finish (a state, depth or time limit); nothing is claimed.
    case incomplete(reason: String)
    /// The engine could not decide (e.g. a solver `unknown`); nothing is claimed.
    case unknown(reason: String)

    public var name: String {
        switch self {
        case .holds: return "holds"
        case .violated: return "violated"
        case .incomplete: return "incomplete"
        case .unknown: return "unknown"
        }
    }
}

/// A runtime fault in the model found during exploration: an out-of-range assignment,
/// a bad array index, a division by zero. The trace leads to the state where the action
/// named in `action` faulted.
public struct ModelFault: Sendable {
    public var message: String
    public var range: SourceRange
    public var action: String
    public var trace: Trace

    public init(message: String, range: SourceRange, action: String, trace: Trace) {
        self.message = message
        self.range = range
        self.action = action
        self.trace = trace
    }
}

/// Why k-induction could not prove an invariant: a path of states that keep the invariants
/// assumed (the first of which need not be reachable) whose last state breaks one of them,
/// or in which some action would fault. Ruling its first state out with another invariant
/// may let the proof through.
public struct InductionCounterexample: Sendable {
    public var trace: Trace
    /// The invariants that do not hold in the last state.
    public var broken: [String]
    /// Evaluating some action or invariant faults in the last state.
    public var faults: Bool

    public init(trace: Trace, broken: [String], faults: Bool) {
        self.trace = trace
        self.broken = broken
        self.faults = faults
    }
}
