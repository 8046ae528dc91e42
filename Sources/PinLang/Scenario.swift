/// A scenario resolved for one variant: each step names one of the variant's actions, by
/// index into `Model.actions`, with constant argument values.
public struct Scenario: Sendable {
    public var name: String
    public var doc: String?
    public var steps: [Step]
    /// What must hold along the run, in the order written.
    public var assertions: [Assertion] = []
    public var expectations: [Expectation]
    public var range: SourceRange
    /// The variant the scenario was resolved for, then, when the scenario's file did not know
    /// it, its ancestors up to the nearest one it knew: whose expectation judges the variant.
    public var judgedAs: [String] = []
    /// Whether the last of `judgedAs` is a variant the scenario knew, so that its `others`
    /// speaks for it (false when no ancestor of a patch's variant was known).
    public var othersApply = true

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

    /// `assert CONDITION;`: a condition on the state reached by the steps before it.
    public struct Assertion: Sendable {
        /// How many steps come before it: it is checked in the state after step `position`
        /// (0: the initial state); after the last application of a `repeat` step.
        public var position: Int
        /// The quantified variables of the condition, as an invariant's.
        public var locals: [LocalVariable]
        public var condition: TypedExpr
        public var source: String?

        public init(position: Int, locals: [LocalVariable], condition: TypedExpr, source: String?) {
            self.position = position
            self.locals = locals
            self.condition = condition
            self.source = source
        }

        /// Where the condition is written.
        public var range: SourceRange { condition.range }
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
        judgement(of: variant)?.expectation
    }

    /// The expectation that applies to `variant`, and the ancestor it is inherited from
    /// when the scenario did not know the variant: the one naming the variant or, for one
    /// it did not know, its nearest ancestor; else `others`, which speaks only for the
    /// variants the scenario knew.
    public func judgement(of variant: String) -> (expectation: Expectation, inheritedFrom: String?)? {
        let chain = judgedAs.first == variant ? judgedAs : [variant]
        for (i, name) in chain.enumerated() {
            if let named = expectations.first(where: { $0.variants.contains(name) }) { return (named, i == 0 ? nil : name) }
        }
        guard judgedAs.first != variant || othersApply, let others = expectations.first(where: { $0.coversOthers })
        else { return nil }
        return (others, chain.count == 1 ? nil : chain.last)
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

extension Scenario {
    /// The steps of `trace` (a counterexample of any engine) as plain scenario steps of
    /// `model`, each matched to one of the model's action instances by its call
    /// (`name(arg=value, …)`), so that a variant that overrides an action runs its own; nil
    /// when a step names no action instance of `model`.
    public init?(replaying trace: Trace, in model: Model, name: String, doc: String? = nil) {
        var instances: [String: (action: Int, arguments: [Int64])] = [:]
        for instance in model.actionInstances() {
            instances[TraceStep(action: instance.action, arguments: instance.arguments, in: model).call] = instance
        }
        let nowhere = SourceRange(at: SourceLocation(file: "", line: 0, column: 0))
        var steps: [Step] = []
        for step in trace.steps {
            guard let instance = instances[step.call] else { return nil }
            steps.append(Step(action: instance.action, arguments: instance.arguments, repeats: false, range: nowhere))
        }
        self.init(name: name, doc: doc, steps: steps, expectations: [], range: nowhere)
    }
}
