/// One small wrong change to a function or procedure of a resolved model: the kind of
/// slip a patch makes (a condition negated, a conjunct dropped, one flag for another, a
/// decision answered always the same way). `pincheck mutate` checks whether the
/// invariants and scenarios notice each.
public struct Mutation: Sendable {
    public enum Callable: Sendable, Equatable {
        case function(Int)
        case procedure(Int)
    }

    public var callable: Callable
    /// The mutation point within the callable, in walk order.
    public var ordinal: Int
    /// What the mutation does, e.g. `negate the condition of the if`.
    public var change: String
    public var range: SourceRange
}

/// Enumerates and applies mutations by walking a callable's typed tree in one fixed order:
/// the k-th mutation point found by `mutations(of:)` is the one `apply` changes.
public enum Mutator {
    /// Every mutation of the functions and procedures `selected` (by name) of `model`.
    public static func mutations(of model: Model, in selected: Set<String>) -> [Mutation] {
        let callables =
            model.functions.indices.filter { selected.contains(model.functions[$0].name) }.map(Mutation.Callable.function)
            + model.procedures.indices.filter { selected.contains(model.procedures[$0].name) }.map(Mutation.Callable.procedure)
        return callables.flatMap { callable in
            var walker = walker(for: callable, in: model, target: nil)
            _ = walker.statements(body(of: callable, in: model))
            return walker.points.enumerated().map { Mutation(callable: callable, ordinal: $0, change: $1.0, range: $1.1) }
        }
    }

    /// `model` with `mutation` applied.
    public static func apply(_ mutation: Mutation, to model: Model) -> Model {
        var mutated = model
        var walker = walker(for: mutation.callable, in: model, target: mutation.ordinal)
        let body = walker.statements(body(of: mutation.callable, in: model))
        switch mutation.callable {
        case .function(let i): mutated.functions[i].body = body
        case .procedure(let i): mutated.procedures[i].body = body
        }
        return mutated
    }

    static func body(of callable: Mutation.Callable, in model: Model) -> [TypedStmt] {
        switch callable {
        case .function(let i): return model.functions[i].body
        case .procedure(let i): return model.procedures[i].body
        }
    }

    /// The walk of `callable`'s body, which applies point `target` (nil: records them all).
    static func walker(for callable: Mutation.Callable, in model: Model, target: Int?) -> Walker {
        let boolResult: Bool
        if case .function(let i) = callable { boolResult = model.functions[i].result == .bool } else { boolResult = false }
        return Walker(target: target, flags: flags(in: body(of: callable, in: model)), boolResult: boolResult)
    }

    /// The single-bit literals a callable uses as operands of `&` and `|`: its flags, of
    /// one kind (a function tests one family of flags), any of which a slip may swap for
    /// another.
    static func flags(in body: [TypedStmt]) -> [Int64] {
        var walker = Walker(target: nil, flags: [], boolResult: false)
        walker.collectingFlags = true
        _ = walker.statements(body)
        return Array(Set(walker.flagsSeen)).sorted()
    }

    /// The walk. With `target` nil it records every mutation point; else it returns the
    /// tree with point `target` changed.
    struct Walker {
        let target: Int?
        let flags: [Int64]
        let boolResult: Bool
        var points: [(String, SourceRange)] = []
        var collectingFlags = false
        var flagsSeen: [Int64] = []
        var count = 0
        /// The flag set of the nearest enclosing `&` or `|` with an operand of such a type
        /// (`flags & (FOLL_WRITE | FOLL_PIN)`), which names the flags in descriptions.
        var flagSet: FlagSetType?

        /// A flag by its name in `flagSet`, else by its value.
        func flagName(_ v: Int64) -> String {
            flagSet?.flags.first { $0.value == v }?.name ?? String(v)
        }

        /// Whether the next mutation point (described by `change`) is the one to apply.
        mutating func point(_ change: String, _ range: SourceRange) -> Bool {
            defer { count += 1 }
            if target == nil && !collectingFlags { points.append((change, range)) }
            return target == count
        }

        mutating func statements(_ list: [TypedStmt]) -> [TypedStmt] {
            list.map { statement($0) }
        }

        mutating func statement(_ s: TypedStmt) -> TypedStmt {
            switch s {
            case .assign(let target, let value, let r):
                return .assign(target: target, value: expression(value), r)
            case .bind(let local, let value, let r):
                return .bind(local: local, value: expression(value), r)
            case .ifElse(let c, let a, let b, let r):
                if point("negate the condition of the if", r) {
                    return .ifElse(TypedExpr(.unary(.not, c), .bool, c.range), a, b, r)
                }
                return .ifElse(expression(c), statements(a), statements(b), r)
            case .forLoop(let local, let domain, let body, let r):
                return .forLoop(local: local, domain: domain, body: statements(body), r)
            case .call(let callee, let arguments, let r):
                return .call(callee, arguments.map { expression($0) }, r)
            case .returnValue(let value?, let r) where boolResult:
                for answer: Int64 in [1, 0] where !(value.isLiteral(answer)) {
                    if point("return \(answer == 1 ? "true" : "false") instead", r) {
                        return .returnValue(TypedExpr(.literal(answer), .bool, value.range), r)
                    }
                }
                return .returnValue(expression(value), r)
            case .returnValue(let value, let r):
                return .returnValue(value.map { expression($0) }, r)
            }
        }

        mutating func expression(_ e: TypedExpr) -> TypedExpr {
            var out = e
            switch e.kind {
            case .binary(let op, let x, let y) where op == .and || op == .or:
                let what = op == .and ? "conjunct" : "disjunct"
                if point("drop the right \(what) (keep \(x.range.start))", e.range) { return x }
                if point("drop the left \(what) (keep \(y.range.start))", e.range) { return y }
                out.kind = .binary(op, expression(x), expression(y))
            case .binary(let op, let x, let y) where op == .bitAnd || op == .bitOr:
                let saved = flagSet
                defer { flagSet = saved }
                for operand in [x, y] { if case .flags(let f) = operand.type { flagSet = f } }
                var (left, right) = (x, y)
                for side in 0..<2 {
                    let operand = side == 0 ? x : y
                    guard case .literal(let v) = operand.kind, v > 0, v & (v - 1) == 0 else { continue }
                    if collectingFlags { flagsSeen.append(v) }
                    for other in flags where other != v {
                        if point("use flag \(flagName(other)) instead of \(flagName(v))", operand.range) {
                            var swapped = operand
                            swapped.kind = .literal(other)
                            if side == 0 { left = swapped } else { right = swapped }
                            out.kind = .binary(op, left, right)
                            return out
                        }
                    }
                }
                out.kind = .binary(op, expression(x), expression(y))
            case .binary(let op, let x, let y):
                out.kind = .binary(op, expression(x), expression(y))
            case .unary(let op, let x):
                out.kind = .unary(op, expression(x))
            case .conditional(let c, let x, let y):
                out.kind = .conditional(expression(c), expression(x), expression(y))
            case .index(let a, let i):
                out.kind = .index(expression(a), expression(i))
            case .field(let r, let f):
                out.kind = .field(expression(r), f)
            case .call(let f, let arguments):
                out.kind = .call(f, arguments.map { expression($0) })
            case .quantified(let q, let local, let domain, let body):
                out.kind = .quantified(q, local: local, domain: domain, body: expression(body))
            case .record(let parts):
                out.kind = .record(parts.map { expression($0) })
            case .array(let parts):
                out.kind = .array(parts.map { expression($0) })
            case .literal, .variable, .local:
                break
            }
            return out
        }
    }
}

extension TypedExpr {
    func isLiteral(_ v: Int64) -> Bool {
        if case .literal(let x) = kind { return x == v }
        return false
    }
}
