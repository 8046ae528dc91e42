/// A scenario resolved for one variant: each step names one of the variant's actions, by
/// index into `Model.actions`, with constant argument values.
public struct Scenario: Sendable {
    public var name: String
    public var doc: String?
    public var steps: [Step]
    public var expectations: [Expectation]
    public var range: SourceRange

    /// One step: apply the action once, or (`repeats`) for as long as its guard holds.
    public struct Step: Sendable {
        public var action: Int
        /// One value per parameter, encoded as in states (bools 0/1, enum constants by ordinal).
        public var arguments: [Int64]
        public var repeats: Bool
        /// The action call as written, for run-time outcomes (blocked, fault) at this step.
        public var range: SourceRange

        public init(action: Int, arguments: [Int64], repeats: Bool, range: SourceRange) {
            self.action = action
            self.arguments = arguments
            self.repeats = repeats
            self.range = range
        }
    }

    /// A scenario built from steps, e.g. to replay a counterexample of another engine.
    public init(name: String, doc: String?, steps: [Step], expectations: [Expectation], range: SourceRange) {
        self.name = name
        self.doc = doc
        self.steps = steps
        self.expectations = expectations
        self.range = range
    }

    /// One `expect` line.
    public struct Expectation: Sendable {
        /// The variants named; empty for `others`.
        public var variants: [String]
        /// `others`: every variant not named by an earlier expectation.
        public var coversOthers: Bool
        public var outcome: ExpectedOutcome
        /// Where the documented behaviour comes from.
        public var source: String?
        public var range: SourceRange
    }

    /// The expectation that applies to `variant`: the one naming it, else `others`.
    public func expectation(for variant: String) -> Expectation? {
        expectations.first { $0.variants.contains(variant) } ?? expectations.first { $0.coversOthers }
    }
}

/// What the kernel is documented to do in a scenario.
public enum ExpectedOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The run completes and no invariant is violated in any of its states.
    case holds
    /// Exactly these invariants are violated somewhere along the run (in the order written).
    case violates([String])
    /// A step's action is not enabled when its turn comes.
    case blocked

    public var description: String {
        switch self {
        case .holds: return "holds"
        case .violates(let names): return "violates " + names.joined(separator: ", ")
        case .blocked: return "blocked"
        }
    }
}
