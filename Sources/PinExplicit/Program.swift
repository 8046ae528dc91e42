import PinLang

// The explicit engine's compiled form of a model. Every value lives in one flat register
// file of Int64: the state's scalar slots first, then a static region for each callable's
// locals and temporaries (no recursion, so one region per callable suffices). Nodes hold
// resolved register numbers; evaluation allocates nothing. Source positions are kept out
// of the nodes (as indices into `sites`): a SourceRange holds a String, and binding one in
// the hot loop would update the reference count of a buffer shared by every worker.

/// A dynamic index step: `stride * (value - lower)`, after checking `value` is in bounds.
struct IndexStep: Sendable {
    var index: Node
    var bounds: ClosedRange<Int64>
    var stride: Int
    /// Where the index is written, as an index into `CompiledModel.sites`.
    var site: Int
}

/// A register address: a static base (relative to `origin`'s value when it is set) plus
/// checked dynamic index steps.
struct Place: Sendable {
    /// A computed aggregate this place lies inside, e.g. a function result being indexed.
    var origin: Aggregate? = nil
    var base: Int
    var steps: [IndexStep]
}

/// A scalar-valued expression.
indirect enum Node: Sendable {
    case constant(Int64)
    case register(Int)
    case load(Place)
    case unary(UnaryOperator, Node, site: Int)
    case binary(BinaryOperator, Node, Node, site: Int)
    case and(Node, Node)
    case or(Node, Node)
    /// `site`: the implication's source, for coverage (a premise that never holds).
    case implies(Node, Node, site: Int)
    case conditional(Node, Node, Node)
    /// Run the call, then read its scalar result register.
    case call(CallSite, result: Int)
    case quantified(forall: Bool, register: Int, domain: ClosedRange<Int64>, body: Node)
    /// Compare two aggregates of `count` registers; `negate` for `!=`.
    case aggregateEqual(Aggregate, Aggregate, count: Int, negate: Bool)
    /// Convert to a range type: fault unless the value is within `bounds`.
    case checked(Node, bounds: ClosedRange<Int64>, site: Int)
}

/// An aggregate-valued expression; evaluating it yields the base register of its value.
indirect enum Aggregate: Sendable {
    case place(Place)
    /// Run the call and copy its result into `temp`.
    case call(CallSite, result: Int, temp: Int, count: Int)
    /// Build a record or array value in `temp`: each part at an offset, scalar or aggregate.
    case build(temp: Int, parts: [(offset: Int, value: Value)])
    case conditional(Node, Aggregate, Aggregate)
}

/// A value of any type: a scalar node, or an aggregate with its register count.
enum Value: Sendable {
    case scalar(Node)
    case aggregate(Aggregate, count: Int)
}

/// A call of a function or procedure: arguments go to temporaries first, then to the
/// callee's parameter registers, so nested calls cannot clobber them.
struct CallSite: Sendable {
    var callee: Int
    var isFunction: Bool
    var arguments: [(temp: Int, value: Value)]
    /// (from temp, to parameter register, count) copies done after all arguments are evaluated.
    var copies: [(from: Int, to: Int, count: Int)]
}

/// A statement.
indirect enum Op: Sendable {
    case store(Place, Node)
    case storeAggregate(Place, Aggregate, count: Int)
    /// `range`: the `if` statement, for coverage (a branch never taken).
    case ifElse(Node, [Op], [Op], range: SourceRange)
    case loop(register: Int, domain: ClosedRange<Int64>, body: [Op])
    case call(CallSite)
    /// Store a function's result (if any), then leave the callable.
    case returnValue(Value?, resultBase: Int)
}

/// One callable's compiled body.
struct CompiledCallable: Sendable {
    var name: String
    var body: [Op]
}

/// One action instance: an action with concrete parameter values.
public struct ActionInstance: Sendable {
    public var action: Int
    public var arguments: [Int64]
}

/// A model compiled for the explicit engine.
public struct CompiledModel: Sendable {
    public let model: Model
    public let layout: StateLayout
    let registerCount: Int
    /// Every callable, guard, invariant and body, as flat tables.
    let code: FlatCode
    /// Per action: parameter registers, guard, body.
    let actions: [(parameterRegisters: [Int], guardNode: NodeRef?, body: BlockRef)]
    public let instances: [ActionInstance]
    let invariants: [NodeRef]
    /// Per scenario of the model, the conditions of its `assert`s.
    let assertions: [[NodeRef]]
    let initBody: BlockRef
    /// Source positions of the nodes that can fault, by site index.
    let sites: [SourceRange]
    /// What each block of `code` is, where coverage reports it (nil: a loop body, the
    /// init block, an empty else).
    let blockOrigins: [BlockOrigin?]
    /// The sites of the implications written in each invariant (by model index).
    let implications: [[Int]]
    /// Per block, the block it is nested in (nil: a body).
    let blockParents: [Int32?]
    /// Per function: the first register of each local (parameters first) and of the
    /// result; per procedure: those of its locals. For call trees.
    let functionFrames: [(locals: [Int], result: Int)]
    let procedureFrames: [[Int]]
    /// The terms of `Compiler.compile`'s probe and the registers of their locals.
    let probe: (locals: [Int], terms: [NodeRef])

    /// The callable or action whose body holds block `b`: its name and its variant.
    func owner(of b: Int) -> (name: String, variant: String?) {
        var current: Int? = b
        while let block = current {
            switch blockOrigins[block] {
            case .function(let i)?: return (model.functions[i].name, model.functions[i].variant)
            case .procedure(let i)?: return (model.procedures[i].name, model.procedures[i].variant)
            case .action(let i)?: return (model.actions[i].name, model.actions[i].variant)
            default: current = blockParents[block].map(Int.init)
            }
        }
        return ("init", nil)
    }
}

/// What a block of compiled code is: a callable's or an action's body, or a branch of an
/// `if` statement.
enum BlockOrigin: Sendable {
    case function(Int)
    case procedure(Int)
    case action(Int)
    case branch(SourceRange, then: Bool)
}
