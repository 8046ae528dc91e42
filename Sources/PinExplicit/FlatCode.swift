import PinLang

// The explicit engine runs the compiled model from flat tables of plain structs, which refer
// to each other by index. The tree form (`Node`, `Op`, …) is what the compiler builds; it is
// made of indirect enums and arrays, and walking it retains and releases a reference for
// nearly every node visited, which cost about a third of the search time. `FlatCode`
// holds the same program with no references at all.

/// A scalar expression in `FlatCode.nodes`.
public struct NodeRef: Sendable {
    let index: Int32
}

/// A statement list in `FlatCode.blocks`.
public struct BlockRef: Sendable {
    let index: Int32
}

struct FlatNode {
    enum Kind: UInt8 {
        case constant, register, load, unary, binary, and, or, implies, conditional, call, quantified
        case aggregateEqual, checked
    }
    var kind: Kind
    var unary: UnaryOperator = .not
    var binary: BinaryOperator = .add
    /// Operands: child nodes, registers, places, call sites or aggregates, by kind.
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
    var site: Int32 = 0
    /// A constant, or the bounds of a quantifier's domain or of a checked conversion.
    var lo: Int64 = 0
    var hi: Int64 = 0
}

/// `base` plus the index steps `steps[stepStart ..< stepStart + stepCount]`, relative to
/// an aggregate's base register when `origin` ≥ 0.
struct FlatPlace {
    var origin: Int32
    var base: Int32
    var stepStart: Int32
    var stepCount: Int32
}

struct FlatStep {
    var index: Int32
    var lo: Int64
    var hi: Int64
    var stride: Int32
    var site: Int32
}

struct FlatAggregate {
    enum Kind: UInt8 { case place, call, build, conditional }
    var kind: Kind
    /// place: the place; call: the call site; build: the temporary; conditional: the condition node.
    var a: Int32
    /// call: the result register; build: first part; conditional: the aggregate if true.
    var b: Int32 = 0
    /// call: the temporary; build: part count; conditional: the aggregate if false.
    var c: Int32 = 0
    /// call: the register count.
    var d: Int32 = 0
}

/// A scalar node or an aggregate with its register count.
struct FlatValue {
    var isScalar: Bool
    var index: Int32
    var count: Int32
}

/// A part of a built record or array value.
struct FlatPart {
    var offset: Int32
    var value: FlatValue
}

struct FlatArgument {
    var temp: Int32
    var value: FlatValue
}

struct FlatCopy {
    var from: Int32
    var to: Int32
    var count: Int32
}

struct FlatCall {
    var body: Int32
    var argumentStart: Int32
    var argumentCount: Int32
    var copyStart: Int32
    var copyCount: Int32
}

struct FlatOp {
    enum Kind: UInt8 { case store, storeAggregate, ifElse, loop, call, returnNothing, returnScalar, returnAggregate }
    var kind: Kind
    /// store(Aggregate): the place; ifElse: the condition; loop: the register; call: the call
    /// site; return: the value (node or aggregate).
    var a: Int32 = 0
    /// store: the node; storeAggregate: the aggregate; ifElse: the then-block; loop: the body;
    /// return: the result register.
    var b: Int32 = 0
    /// storeAggregate/returnAggregate: the register count; ifElse: the else-block.
    var c: Int32 = 0
    /// loop: the domain.
    var lo: Int64 = 0
    var hi: Int64 = 0
}

/// Statement list `i` is `ops[blocks[i].start ..< blocks[i].start + blocks[i].count]`.
struct FlatBlock {
    var start: Int32
    var count: Int32
}

/// Every table of a compiled model.
struct FlatCode: Sendable {
    var nodes: [FlatNode] = []
    var places: [FlatPlace] = []
    var steps: [FlatStep] = []
    var aggregates: [FlatAggregate] = []
    var parts: [FlatPart] = []
    var arguments: [FlatArgument] = []
    var copies: [FlatCopy] = []
    var calls: [FlatCall] = []
    var ops: [FlatOp] = []
    var blocks: [FlatBlock] = []
}

extension FlatNode: Sendable {}
extension FlatPlace: Sendable {}
extension FlatStep: Sendable {}
extension FlatAggregate: Sendable {}
extension FlatValue: Sendable {}
extension FlatPart: Sendable {}
extension FlatArgument: Sendable {}
extension FlatCopy: Sendable {}
extension FlatCall: Sendable {}
extension FlatOp: Sendable {}
extension FlatBlock: Sendable {}

/// Turns the compiler's tree into `FlatCode`. Callable bodies are flattened first, so a
/// call site can name its callee's block.
struct Flattener {
    var code = FlatCode()
    /// Per block, what it is (`BlockOrigin`) and the block it is nested in, for coverage.
    var origins: [BlockOrigin?] = []
    var parents: [Int32?] = []
    /// The blocks being filled, innermost last.
    var filling: [Int32] = []
    var functionBlocks: [Int32] = []
    var procedureBlocks: [Int32] = []

    init(functions: [CompiledCallable], procedures: [CompiledCallable]) {
        // Bodies may call callables compiled later, so reserve every body's block first.
        for _ in functions { functionBlocks.append(reserveBlock()) }
        for _ in procedures { procedureBlocks.append(reserveBlock()) }
        for (i, f) in functions.enumerated() {
            fill(functionBlocks[i], f.body)
            origins[Int(functionBlocks[i])] = .function(i)
        }
        for (i, p) in procedures.enumerated() {
            fill(procedureBlocks[i], p.body)
            origins[Int(procedureBlocks[i])] = .procedure(i)
        }
    }

    mutating func reserveBlock() -> Int32 {
        code.blocks.append(FlatBlock(start: 0, count: 0))
        origins.append(nil)
        parents.append(filling.last)
        return Int32(code.blocks.count - 1)
    }

    mutating func fill(_ block: Int32, _ ops: [Op]) {
        // Nested blocks are flattened before this list's ops are laid out contiguously.
        filling.append(block)
        let flat = ops.map { op($0) }
        filling.removeLast()
        code.blocks[Int(block)] = FlatBlock(start: Int32(code.ops.count), count: Int32(flat.count))
        code.ops += flat
    }

    mutating func block(_ ops: [Op]) -> Int32 {
        let b = reserveBlock()
        fill(b, ops)
        return b
    }

    mutating func op(_ op: Op) -> FlatOp {
        switch op {
        case .store(let p, let n):
            return FlatOp(kind: .store, a: place(p), b: node(n))
        case .storeAggregate(let p, let a, let count):
            return FlatOp(kind: .storeAggregate, a: place(p), b: aggregate(a), c: Int32(count))
        case .ifElse(let c, let a, let b, let range):
            let (then, otherwise) = (block(a), block(b))
            origins[Int(then)] = .branch(range, then: true)
            if !b.isEmpty { origins[Int(otherwise)] = .branch(range, then: false) }
            return FlatOp(kind: .ifElse, a: node(c), b: then, c: otherwise)
        case .loop(let register, let domain, let body):
            return FlatOp(kind: .loop, a: Int32(register), b: block(body), lo: domain.lowerBound, hi: domain.upperBound)
        case .call(let site):
            return FlatOp(kind: .call, a: call(site))
        case .returnValue(let value, let resultBase):
            switch value {
            case nil: return FlatOp(kind: .returnNothing)
            case .scalar(let n)?: return FlatOp(kind: .returnScalar, a: node(n), b: Int32(resultBase))
            case .aggregate(let a, let count)?:
                return FlatOp(kind: .returnAggregate, a: aggregate(a), b: Int32(resultBase), c: Int32(count))
            }
        }
    }

    mutating func add(_ n: FlatNode) -> Int32 {
        code.nodes.append(n)
        return Int32(code.nodes.count - 1)
    }

    mutating func node(_ node: Node) -> Int32 {
        switch node {
        case .constant(let v): return add(FlatNode(kind: .constant, lo: v))
        case .register(let r): return add(FlatNode(kind: .register, a: Int32(r)))
        case .load(let p): return add(FlatNode(kind: .load, a: place(p)))
        case .unary(let op, let x, let site):
            return add(FlatNode(kind: .unary, unary: op, a: self.node(x), site: Int32(site)))
        case .binary(let op, let x, let y, let site):
            let a = self.node(x)
            return add(FlatNode(kind: .binary, binary: op, a: a, b: self.node(y), site: Int32(site)))
        case .and(let x, let y):
            let a = self.node(x)
            return add(FlatNode(kind: .and, a: a, b: self.node(y)))
        case .or(let x, let y):
            let a = self.node(x)
            return add(FlatNode(kind: .or, a: a, b: self.node(y)))
        case .implies(let x, let y, let site):
            let a = self.node(x)
            return add(FlatNode(kind: .implies, a: a, b: self.node(y), site: Int32(site)))
        case .conditional(let c, let x, let y):
            let a = self.node(c)
            let b = self.node(x)
            return add(FlatNode(kind: .conditional, a: a, b: b, c: self.node(y)))
        case .call(let site, let result):
            return add(FlatNode(kind: .call, a: call(site), b: Int32(result)))
        case .quantified(let forall, let register, let domain, let body):
            return add(
                FlatNode(
                    kind: .quantified, a: Int32(register), b: self.node(body), c: forall ? 1 : 0, lo: domain.lowerBound,
                    hi: domain.upperBound))
        case .aggregateEqual(let x, let y, let count, let negate):
            let a = aggregate(x)
            return add(FlatNode(kind: .aggregateEqual, a: a, b: aggregate(y), c: Int32(count), site: negate ? 1 : 0))
        case .checked(let x, let bounds, let site):
            return add(
                FlatNode(
                    kind: .checked, a: self.node(x), site: Int32(site), lo: bounds.lowerBound, hi: bounds.upperBound))
        }
    }

    mutating func place(_ p: Place) -> Int32 {
        let origin = p.origin.map { aggregate($0) } ?? -1
        let steps = p.steps.map { s in
            FlatStep(
                index: node(s.index), lo: s.bounds.lowerBound, hi: s.bounds.upperBound, stride: Int32(s.stride),
                site: Int32(s.site))
        }
        code.places.append(
            FlatPlace(origin: origin, base: Int32(p.base), stepStart: Int32(code.steps.count), stepCount: Int32(steps.count)))
        code.steps += steps
        return Int32(code.places.count - 1)
    }

    mutating func value(_ v: Value) -> FlatValue {
        switch v {
        case .scalar(let n): return FlatValue(isScalar: true, index: node(n), count: 1)
        case .aggregate(let a, let count): return FlatValue(isScalar: false, index: aggregate(a), count: Int32(count))
        }
    }

    mutating func aggregate(_ a: Aggregate) -> Int32 {
        let flat: FlatAggregate
        switch a {
        case .place(let p):
            flat = FlatAggregate(kind: .place, a: place(p))
        case .call(let site, let result, let temp, let count):
            flat = FlatAggregate(kind: .call, a: call(site), b: Int32(result), c: Int32(temp), d: Int32(count))
        case .build(let temp, let parts):
            let flatParts = parts.map { FlatPart(offset: Int32($0.offset), value: value($0.value)) }
            flat = FlatAggregate(kind: .build, a: Int32(temp), b: Int32(code.parts.count), c: Int32(flatParts.count))
            code.parts += flatParts
        case .conditional(let c, let x, let y):
            let n = node(c)
            let whenTrue = aggregate(x)
            flat = FlatAggregate(kind: .conditional, a: n, b: whenTrue, c: aggregate(y))
        }
        code.aggregates.append(flat)
        return Int32(code.aggregates.count - 1)
    }

    mutating func call(_ site: CallSite) -> Int32 {
        let arguments = site.arguments.map { FlatArgument(temp: Int32($0.temp), value: value($0.value)) }
        let copies = site.copies.map { FlatCopy(from: Int32($0.from), to: Int32($0.to), count: Int32($0.count)) }
        let body = site.isFunction ? functionBlocks[site.callee] : procedureBlocks[site.callee]
        code.calls.append(
            FlatCall(
                body: body, argumentStart: Int32(code.arguments.count), argumentCount: Int32(arguments.count),
                copyStart: Int32(code.copies.count), copyCount: Int32(copies.count)))
        code.arguments += arguments
        code.copies += copies
        return Int32(code.calls.count - 1)
    }
}
