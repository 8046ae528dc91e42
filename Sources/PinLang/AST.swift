/// The syntax tree of one `.pin` file, exactly as written (names unresolved).
public struct SourceFile: Sendable {
    public var path: String
    public var modelName: Identifier
    public var imports: [Import]
    public var declarations: [Declaration]

    public init(path: String, modelName: Identifier, imports: [Import], declarations: [Declaration]) {
        self.path = path
        self.modelName = modelName
        self.imports = imports
        self.declarations = declarations
    }
}

/// A name with the place it was written.
public struct Identifier: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var range: SourceRange
    public init(_ name: String, _ range: SourceRange) {
        self.name = name
        self.range = range
    }
    public var description: String { name }
}

/// `import "path"`.
public struct Import: Sendable {
    public var path: String
    public var range: SourceRange
    public init(path: String, range: SourceRange) {
        self.path = path
        self.range = range
    }
}

/// A top-level declaration, optionally scoped to a variant (`variant V fn …`).
public struct Declaration: Sendable {
    public var kind: Kind
    /// The variant this declaration overrides in; nil for the base model.
    public var variant: Identifier?
    public var range: SourceRange

    public init(kind: Kind, variant: Identifier? = nil, range: SourceRange) {
        self.kind = kind
        self.variant = variant
        self.range = range
    }

    public enum Kind: Sendable {
        case variant(VariantDecl)
        case enumeration(EnumDecl)
        case typeAlias(TypeAliasDecl)
        /// `flags NAME { A = 1, B = 2 }`: the type NAME and a constant per flag.
        case flags(TypeAliasDecl, [ConstDecl])
        case record(RecordDecl)
        /// One `const` line may declare several constants.
        case constants([ConstDecl])
        /// One `var` line may declare several variables.
        case variables([VarDecl])
        case initializer(Block)
        case function(FunctionDecl)
        case procedure(ProcedureDecl)
        case action(ActionDecl)
        case invariant(InvariantDecl)
        /// A concrete operation sequence with the kernel's documented outcome per variant.
        case scenario(ScenarioDecl)
    }
}

public struct VariantDecl: Sendable {
    public var name: Identifier
    public var base: Identifier?
    public var doc: String?
    public init(name: Identifier, base: Identifier?, doc: String?) {
        self.name = name
        self.base = base
        self.doc = doc
    }
}

public struct EnumDecl: Sendable {
    public var name: Identifier
    public var cases: [Identifier]
    public init(name: Identifier, cases: [Identifier]) {
        self.name = name
        self.cases = cases
    }
}

public struct TypeAliasDecl: Sendable {
    public var name: Identifier
    public var type: TypeExpr
    public init(name: Identifier, type: TypeExpr) {
        self.name = name
        self.type = type
    }
}

public struct RecordDecl: Sendable {
    public var name: Identifier
    public var fields: [Field]
    public struct Field: Sendable {
        public var name: Identifier
        public var type: TypeExpr
        public init(name: Identifier, type: TypeExpr) {
            self.name = name
            self.type = type
        }
    }
    public init(name: Identifier, fields: [Field]) {
        self.name = name
        self.fields = fields
    }
}

public struct ConstDecl: Sendable {
    public var name: Identifier
    public var type: TypeExpr?
    public var value: Expr
    public init(name: Identifier, type: TypeExpr?, value: Expr) {
        self.name = name
        self.type = type
        self.value = value
    }
}

public struct VarDecl: Sendable {
    public var name: Identifier
    public var type: TypeExpr
    public var initial: Expr?
    public init(name: Identifier, type: TypeExpr, initial: Expr?) {
        self.name = name
        self.type = type
        self.initial = initial
    }
}

public struct Parameter: Sendable {
    public var name: Identifier
    public var type: TypeExpr
    public init(name: Identifier, type: TypeExpr) {
        self.name = name
        self.type = type
    }
}

public struct FunctionDecl: Sendable {
    public var name: Identifier
    public var parameters: [Parameter]
    public var result: TypeExpr
    public var body: Block
    public init(name: Identifier, parameters: [Parameter], result: TypeExpr, body: Block) {
        self.name = name
        self.parameters = parameters
        self.result = result
        self.body = body
    }
}

public struct ProcedureDecl: Sendable {
    public var name: Identifier
    public var parameters: [Parameter]
    public var body: Block
    public init(name: Identifier, parameters: [Parameter], body: Block) {
        self.name = name
        self.parameters = parameters
        self.body = body
    }
}

public struct ActionDecl: Sendable {
    public var name: Identifier
    public var parameters: [Parameter]
    public var guardExpr: Expr?
    public var body: Block
    public init(name: Identifier, parameters: [Parameter], guardExpr: Expr?, body: Block) {
        self.name = name
        self.parameters = parameters
        self.guardExpr = guardExpr
        self.body = body
    }
}

public struct InvariantDecl: Sendable {
    public var name: Identifier
    public var condition: Expr
    public init(name: Identifier, condition: Expr) {
        self.name = name
        self.condition = condition
    }
}

/// A type as written.
public indirect enum TypeExpr: Sendable {
    case bool(SourceRange)
    case int(SourceRange)
    /// `lo..hi` with constant-expression bounds.
    case range(Expr, Expr, SourceRange)
    /// A named enum, record or alias.
    case named(Identifier)
    /// The body of `flags NAME { A = 1, B = 2 }`: a range of the flags' bits, printed by name.
    case flags(name: String, [(name: Identifier, value: Expr)], SourceRange)
    /// `[Index] Element`.
    case array(index: TypeExpr, element: TypeExpr, SourceRange)

    public var range: SourceRange {
        switch self {
        case .bool(let r), .int(let r), .range(_, _, let r), .array(_, _, let r): return r
        case .named(let id): return id.range
        case .flags(_, _, let r): return r
        }
    }
}

/// A `{ … }` statement list.
public struct Block: Sendable {
    public var statements: [Stmt]
    public var range: SourceRange
    public init(statements: [Stmt], range: SourceRange) {
        self.statements = statements
        self.range = range
    }
}

/// A statement as written.
public indirect enum Stmt: Sendable {
    /// `target := value;` — target is a name, index or field expression.
    case assign(target: Expr, value: Expr, SourceRange)
    /// `let name[: T] = value;`
    case letBinding(name: Identifier, type: TypeExpr?, value: Expr, SourceRange)
    /// `if c { … } else …`; the else part is a block (an `else if` is a block holding one `if`).
    case ifStmt(condition: Expr, then: Block, otherwise: Block?, SourceRange)
    /// `for i in T { … }`.
    case forLoop(variable: Identifier, domain: TypeExpr, body: Block, SourceRange)
    /// `p(args);`.
    case call(callee: Identifier, arguments: [Expr], SourceRange)
    /// `return [e];`.
    case returnStmt(Expr?, SourceRange)

    public var range: SourceRange {
        switch self {
        case .assign(_, _, let r), .letBinding(_, _, _, let r), .ifStmt(_, _, _, let r),
            .forLoop(_, _, _, let r), .call(_, _, let r), .returnStmt(_, let r):
            return r
        }
    }
}

public enum UnaryOperator: String, Sendable {
    case not = "!", negate = "-", bitNot = "~"
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case implies = "==>"
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case bitOr = "|", bitXor = "^", bitAnd = "&"
    case shiftLeft = "<<", shiftRight = ">>"
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", remainder = "%"
}

public enum Quantifier: String, Sendable {
    case forall, exists
}

/// An expression as written.
public indirect enum Expr: Sendable {
    case integer(Int64, SourceRange)
    case boolean(Bool, SourceRange)
    case name(Identifier)
    case unary(UnaryOperator, Expr, SourceRange)
    case binary(BinaryOperator, Expr, Expr, SourceRange)
    case conditional(Expr, Expr, Expr, SourceRange)
    case index(Expr, Expr, SourceRange)
    case field(Expr, Identifier, SourceRange)
    case call(Identifier, [Expr], SourceRange)
    case quantified(Quantifier, Identifier, TypeExpr, Expr, SourceRange)
    case recordLiteral(Identifier, [(Identifier, Expr)], SourceRange)
    case arrayLiteral([Expr], SourceRange)

    public var range: SourceRange {
        switch self {
        case .integer(_, let r), .boolean(_, let r), .unary(_, _, let r), .binary(_, _, _, let r),
            .conditional(_, _, _, let r), .index(_, _, let r), .field(_, _, let r), .call(_, _, let r),
            .quantified(_, _, _, _, let r), .recordLiteral(_, _, let r), .arrayLiteral(_, let r):
            return r
        case .name(let id): return id.range
        }
    }
}
