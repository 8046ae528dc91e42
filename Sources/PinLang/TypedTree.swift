/// An expression after name resolution and type checking: every name points at its
/// declaration and every node knows its type. Engines compile or encode this tree.
public struct TypedExpr: Sendable {
    public var kind: Kind
    public var type: ValueType
    public var range: SourceRange

    public init(_ kind: Kind, _ type: ValueType, _ range: SourceRange) {
        self.kind = kind
        self.type = type
        self.range = range
    }

    public indirect enum Kind: Sendable {
        /// A scalar literal: bools are 0/1, enum constants their ordinal.
        case literal(Int64)
        /// A state variable, by index into `Model.variables`.
        case variable(Int)
        /// A parameter, `let`, loop or quantifier variable, by index into the enclosing callable's locals.
        case local(Int)
        case unary(UnaryOperator, TypedExpr)
        case binary(BinaryOperator, TypedExpr, TypedExpr)
        case conditional(TypedExpr, TypedExpr, TypedExpr)
        /// `array[index]`.
        case index(TypedExpr, TypedExpr)
        /// `record.field`, by field position.
        case field(TypedExpr, Int)
        /// A call of a pure function, by index into `Model.functions`.
        case call(Int, [TypedExpr])
        /// `forall`/`exists` over a finite domain, binding the given local.
        case quantified(Quantifier, local: Int, domain: ValueType, body: TypedExpr)
        /// A record value, fields in declaration order.
        case record([TypedExpr])
        /// An array value, elements in index order (only in `var` initialisers).
        case array([TypedExpr])
    }
}

/// A statement after checking.
public indirect enum TypedStmt: Sendable {
    /// Assign to a place (a state-variable path). The target expression is built of
    /// `.variable`, `.index` and `.field` nodes only.
    case assign(target: TypedExpr, value: TypedExpr, SourceRange)
    /// Bind an immutable local.
    case bind(local: Int, value: TypedExpr, SourceRange)
    case ifElse(TypedExpr, [TypedStmt], [TypedStmt], SourceRange)
    /// Run the body once for each value of the domain, in increasing order.
    case forLoop(local: Int, domain: ValueType, body: [TypedStmt], SourceRange)
    /// Call a procedure, by index into `Model.procedures`.
    case call(Int, [TypedExpr], SourceRange)
    /// Leave the enclosing function (with a value) or procedure/action (without).
    case returnValue(TypedExpr?, SourceRange)
}

/// A local slot of a callable: a parameter, `let`, `for` or quantifier variable.
public struct LocalVariable: Sendable {
    public var name: String
    public var type: ValueType
    public init(name: String, type: ValueType) {
        self.name = name
        self.type = type
    }
}

/// A pure function: reads state and its parameters, returns a value.
public struct Function: Sendable {
    public var name: String
    /// The variant whose override this is, or nil for the base declaration.
    public var variant: String?
    public var parameterCount: Int
    public var locals: [LocalVariable]
    public var result: ValueType
    public var body: [TypedStmt]
    public var range: SourceRange
}

/// A procedure: may assign state; called as a statement.
public struct Procedure: Sendable {
    public var name: String
    public var variant: String?
    public var parameterCount: Int
    public var locals: [LocalVariable]
    public var body: [TypedStmt]
    public var range: SourceRange
}

/// A guarded atomic transition with finite parameters.
public struct Action: Sendable {
    public var name: String
    public var variant: String?
    /// The first `parameterCount` locals are the parameters; each has a finite scalar type.
    public var parameterCount: Int
    public var locals: [LocalVariable]
    public var guardExpr: TypedExpr?
    public var body: [TypedStmt]
    public var range: SourceRange

    public var parameters: ArraySlice<LocalVariable> { locals[..<parameterCount] }
}

/// A state predicate that must hold in every reachable state.
public struct Invariant: Sendable {
    public var name: String
    public var locals: [LocalVariable]
    public var condition: TypedExpr
    public var range: SourceRange
}

/// A state variable.
public struct StateVariable: Sendable {
    public var name: String
    public var type: ValueType
    public var range: SourceRange
}

/// The initial state: variable initialisers (already evaluated to constants) and an `init` block.
public struct InitialState: Sendable {
    /// One value per variable, or nil for the type's default (false, the range's low end,
    /// the first enum case; aggregates elementwise).
    public var values: [TypedExpr?]
    public var locals: [LocalVariable]
    public var body: [TypedStmt]
}

/// A variant of a model as declared.
/// A variant named with the model that declares it.
public struct VariantName: Sendable, Hashable {
    public var model: String
    public var variant: String
    public init(model: String, variant: String) {
        self.model = model
        self.variant = variant
    }
}

public struct VariantInfo: Sendable {
    public var name: String
    public var base: String?
    public var doc: String?
    public var range: SourceRange
}

/// One fully resolved variant of a model: the single input every engine takes.
public struct Model: Sendable {
    public var name: String
    public var variant: String
    public var variables: [StateVariable]
    public var constants: [String: (value: Int64, type: ValueType)]
    public var functions: [Function]
    public var procedures: [Procedure]
    public var actions: [Action]
    public var invariants: [Invariant]
    public var initial: InitialState
    /// The scenarios, resolved against this variant's actions; engines ignore them.
    public var scenarios: [Scenario] = []

    /// The invariant with this name, if declared.
    public func invariant(named name: String) -> Invariant? { invariants.first { $0.name == name } }

    /// The positions of the named invariants (unknown names are skipped), or of every
    /// invariant when `names` is nil.
    public func invariantIndices(named names: [String]?) -> [Int] {
        guard let names else { return Array(invariants.indices) }
        return names.compactMap { n in invariants.firstIndex { $0.name == n } }
    }

    /// Every action instance: each action with each combination of parameter values, the
    /// first parameter varying slowest. Every engine enumerates transitions in this order.
    public func actionInstances() -> [(action: Int, arguments: [Int64])] {
        var instances: [(action: Int, arguments: [Int64])] = []
        for (i, a) in actions.enumerated() {
            var combos: [[Int64]] = [[]]
            for p in a.parameters {
                let domain = p.type.finiteDomain ?? 0...(-1)
                combos = combos.flatMap { prefix in domain.map { prefix + [$0] } }
            }
            instances += combos.map { (i, $0) }
        }
        return instances
    }
}
