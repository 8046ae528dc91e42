import CZ3

extension Z3Term {
    /// Logical negation of a Boolean term.
    public func not() throws -> Z3Term {
        try make { Z3_mk_not($0, raw) }
    }

    /// Conjunction of this Boolean term with `other`.
    public func and(_ other: Z3Term) throws -> Z3Term {
        try context.and([self, other])
    }

    /// Disjunction of this Boolean term with `other`.
    public func or(_ other: Z3Term) throws -> Z3Term {
        try context.or([self, other])
    }

    /// Implication `self => other`.
    public func implies(_ other: Z3Term) throws -> Z3Term {
        try make(other) { Z3_mk_implies($0, raw, other.raw) }
    }

    /// Equality `self = other` (both of the same sort; for Booleans this is "if and only if").
    public func eq(_ other: Z3Term) throws -> Z3Term {
        try make(other) { Z3_mk_eq($0, raw, other.raw) }
    }

    /// If-then-else with this Boolean term as the condition; both branches must have the same sort.
    public func ite(then thenTerm: Z3Term, else elseTerm: Z3Term) throws -> Z3Term {
        try make(thenTerm, elseTerm) { Z3_mk_ite($0, raw, thenTerm.raw, elseTerm.raw) }
    }

    /// Logical negation, `try !p`.
    public static prefix func ! (term: Z3Term) throws -> Z3Term {
        try term.not()
    }

    /// Conjunction, `try p && q` (both operands are always built; this is not short-circuit evaluation).
    public static func && (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.and(rhs)
    }

    /// Disjunction, `try p || q`.
    public static func || (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.or(rhs)
    }

    /// Equality as a Z3 formula (not a Swift `Bool`), `try x == y`.
    public static func == (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.eq(rhs)
    }

    /// Disequality as a Z3 formula, `try x != y`.
    public static func != (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.context.distinct([lhs, rhs])
    }

    /// Equality with an integer or bit-vector literal of this term's sort, `try x == 5`.
    public static func == (lhs: Z3Term, rhs: Int) throws -> Z3Term {
        try lhs.eq(lhs.literal(rhs))
    }

    /// Disequality with an integer or bit-vector literal of this term's sort, `try x != 5`.
    public static func != (lhs: Z3Term, rhs: Int) throws -> Z3Term {
        try lhs != lhs.literal(rhs)
    }

    /// A numeral of this term's sort (Int or bit-vector), used by the mixed operators.
    func literal(_ value: Int) throws -> Z3Term {
        try context.numeral(value, sort)
    }
}

extension Z3Context {
    /// Conjunction of all terms (`true` when empty).
    public func and(_ terms: [Z3Term]) throws -> Z3Term {
        if terms.isEmpty { return try bool(true) }
        return try withASTs(terms) { count, asts in try term { Z3_mk_and($0, count, asts) } }
    }

    /// Disjunction of all terms (`false` when empty).
    public func or(_ terms: [Z3Term]) throws -> Z3Term {
        if terms.isEmpty { return try bool(false) }
        return try withASTs(terms) { count, asts in try term { Z3_mk_or($0, count, asts) } }
    }

    /// Pairwise distinctness of all terms, which must share one sort (`true` for fewer than two).
    public func distinct(_ terms: [Z3Term]) throws -> Z3Term {
        if terms.count < 2 { return try bool(true) }
        return try withASTs(terms) { count, asts in try term { Z3_mk_distinct($0, count, asts) } }
    }

    /// If-then-else: `condition ? thenTerm : elseTerm`.
    public func ite(_ condition: Z3Term, _ thenTerm: Z3Term, _ elseTerm: Z3Term) throws -> Z3Term {
        try condition.ite(then: thenTerm, else: elseTerm)
    }
}
