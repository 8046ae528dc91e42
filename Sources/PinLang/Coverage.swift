/// What the explicit engine's coverage pass (`check --coverage`) found never happening in
/// a variant's reachable states: the parts of the model that no check exercised.
public struct CoverageReport: Sendable {
    /// A part of the model: what it is (`fn gup_must_unshare`, `then branch`), the variant
    /// whose override it is (nil: the base declaration), and where it is written.
    public struct Item: Sendable {
        public var what: String
        public var variant: String?
        public var range: SourceRange

        public init(what: String, variant: String?, range: SourceRange) {
            self.what = what
            self.variant = variant
            self.range = range
        }
    }

    /// The states the pass went through.
    public var states = 0
    /// Why those are not every reachable state (a limit, a fault, Ctrl-C); nil when they are.
    public var incomplete: String?
    /// Action instances enabled in none of the states, as calls (`unmap(p=1)`).
    public var instancesNeverEnabled: [String] = []
    /// Functions, procedures and actions whose body never ran.
    public var neverRun: [Item] = []
    /// Branches of `if` statements never taken, where the code around them ran.
    public var branchesNeverTaken: [Item] = []
    /// Implications written in invariants whose premise never held where evaluated: the
    /// invariant holds there vacuously.
    public var vacuous: [Item] = []

    public init() {}

    /// The overrides declared for `variant` itself that never ran.
    public func overridesNeverRun(of variant: String) -> [Item] {
        (neverRun + branchesNeverTaken).filter { $0.variant == variant }
    }
}
