/// `scenario NAME ["doc"] { (step | assert)* expect* }` as written: a concrete operation
/// sequence, what must hold along it, and the outcome the kernel is documented to have, per
/// variant.
public struct ScenarioDecl: Sendable {
    public var name: Identifier
    public var doc: String?
    public var steps: [ScenarioStepDecl]
    public var assertions: [AssertionDecl]
    public var expectations: [ExpectationDecl]

    public init(
        name: Identifier, doc: String?, steps: [ScenarioStepDecl], assertions: [AssertionDecl] = [],
        expectations: [ExpectationDecl]
    ) {
        self.name = name
        self.doc = doc
        self.steps = steps
        self.assertions = assertions
        self.expectations = expectations
    }
}

/// `assert CONDITION ["source"];` among a scenario's steps: a condition on the state the
/// steps before it reached (e.g. that a pin was taken), for what the invariants cannot say.
public struct AssertionDecl: Sendable {
    /// How many steps come before it.
    public var position: Int
    public var condition: Expr
    /// Why the kernel must do this (a selftest check, a commit).
    public var source: String?

    public init(position: Int, condition: Expr, source: String?) {
        self.position = position
        self.condition = condition
        self.source = source
    }
}

/// `ACTION(args);` or `repeat ACTION(args);`.
public struct ScenarioStepDecl: Sendable {
    public var action: Identifier
    public var arguments: [Expr]
    /// `repeat`: apply the action for as long as its guard holds.
    public var repeats: Bool
    /// From the action name to the closing parenthesis (without `repeat` and `;`).
    public var range: SourceRange

    public init(action: Identifier, arguments: [Expr], repeats: Bool, range: SourceRange) {
        self.action = action
        self.arguments = arguments
        self.repeats = repeats
        self.range = range
    }
}

/// `expect V1, V2: holds | violates I1, I2 | blocked ["source"];`.
public struct ExpectationDecl: Sendable {
    /// The variants named; `others` is kept as written and resolved by the checker.
    public var variants: [Identifier]
    public var outcome: Outcome
    /// Where the documented behaviour comes from (a commit, a selftest name).
    public var source: String?
    public var range: SourceRange

    /// What the kernel is documented to do.
    public enum Outcome: Sendable {
        case holds
        case violates([Identifier])
        case blocked
    }

    public init(variants: [Identifier], outcome: Outcome, source: String?, range: SourceRange) {
        self.variants = variants
        self.outcome = outcome
        self.source = source
        self.range = range
    }
}
