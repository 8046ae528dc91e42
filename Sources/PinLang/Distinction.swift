/// What `ProductSearch` (the explicit engine exploring two variants side by side) reports,
/// for `compare --explain`.

/// Which of the two variants a product search compares.
public enum Side: Sendable {
    case first, second
}

/// A shortest trace that tells two variants apart: the steps both are given, each side's
/// state after each, and what differs at the end.
public struct Distinction: Sendable {
    public enum Kind: Sendable {
        /// After the steps, the invariant holds on one side and not on the other (it is
        /// violated there, or evaluating it faults: `faults`).
        case invariant(name: String, brokenIn: Side, faults: Bool)
        /// The last step is taken by one side only (disabled, or faulting, on the other).
        case taken(by: Side)
        /// The same steps lead to different states.
        case state
    }

    /// One action given to both sides: each side's state after it, and whether each took
    /// it (a side that cannot take it stays where it is).
    public struct Step: Sendable {
        public var call: TraceStep
        public var first: [Int64]
        public var second: [Int64]
        public var takenByFirst: Bool
        public var takenBySecond: Bool

        public init(call: TraceStep, first: [Int64], second: [Int64], takenByFirst: Bool, takenBySecond: Bool) {
            self.call = call
            self.first = first
            self.second = second
            self.takenByFirst = takenByFirst
            self.takenBySecond = takenBySecond
        }
    }

    public var kind: Kind
    public var initial: (first: [Int64], second: [Int64])
    public var steps: [Step]

    public init(kind: Kind, initial: (first: [Int64], second: [Int64]), steps: [Step]) {
        self.kind = kind
        self.initial = initial
        self.steps = steps
    }

    /// The state of each side at the end.
    public var last: (first: [Int64], second: [Int64]) {
        steps.last.map { ($0.first, $0.second) } ?? initial
    }
}

/// What exploring two variants side by side found.
public struct ProductResult: Sendable {
    /// The shortest trace after which an invariant holds on one side and not the other.
    public var invariantDifference: Distinction?
    /// The shortest trace after which the two differ at all (in state, or in an action one
    /// takes and the other does not): where the patch first changes behaviour.
    public var firstDivergence: Distinction?
    /// Pairs of states stored, and the depth reached.
    public var pairs = 0
    public var depth = 0
    /// Why the search ended before it covered every reachable pair (nil: it did, or it
    /// found an invariant difference).
    public var incomplete: String?

    public init() {}
}
