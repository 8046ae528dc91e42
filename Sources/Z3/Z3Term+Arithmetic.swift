import CZ3

extension Z3Term {
    /// Sum; bit-vector operands give `bvadd` (wrapping), integer operands exact addition.
    public static func + (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        if try lhs.isBitVector { return try lhs.bvadd(rhs) }
        return try lhs.context.withASTs([lhs, rhs]) { n, asts in try lhs.context.term { Z3_mk_add($0, n, asts) } }
    }

    /// Difference; bit-vector operands give `bvsub`.
    public static func - (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        if try lhs.isBitVector { return try lhs.bvsub(rhs) }
        return try lhs.context.withASTs([lhs, rhs]) { n, asts in try lhs.context.term { Z3_mk_sub($0, n, asts) } }
    }

    /// Product; bit-vector operands give `bvmul`.
    public static func * (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        if try lhs.isBitVector { return try lhs.bvmul(rhs) }
        return try lhs.context.withASTs([lhs, rhs]) { n, asts in try lhs.context.term { Z3_mk_mul($0, n, asts) } }
    }

    /// Negation; bit-vector operands give `bvneg`.
    public static prefix func - (term: Z3Term) throws -> Z3Term {
        if try term.isBitVector { return try term.bvneg() }
        return try term.make { Z3_mk_unary_minus($0, term.raw) }
    }

    /// Integer division (SMT-LIB `div`, rounding so that the remainder is non-negative).
    public static func / (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.div(rhs)
    }

    /// Integer modulus (SMT-LIB `mod`, always non-negative).
    public static func % (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.mod(rhs)
    }

    /// Integer division (SMT-LIB `div`).
    public func div(_ other: Z3Term) throws -> Z3Term {
        try make(other) { Z3_mk_div($0, raw, other.raw) }
    }

    /// Integer modulus (SMT-LIB `mod`).
    public func mod(_ other: Z3Term) throws -> Z3Term {
        try make(other) { Z3_mk_mod($0, raw, other.raw) }
    }

    /// Integer remainder (SMT-LIB `rem`, sign follows the divisor).
    public func rem(_ other: Z3Term) throws -> Z3Term {
        try make(other) { Z3_mk_rem($0, raw, other.raw) }
    }

    /// Integer `<`; for bit-vectors use `bvslt` or `bvult`.
    public static func < (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.make(rhs) { Z3_mk_lt($0, lhs.raw, rhs.raw) }
    }

    /// Integer `<=`; for bit-vectors use `bvsle` or `bvule`.
    public static func <= (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.make(rhs) { Z3_mk_le($0, lhs.raw, rhs.raw) }
    }

    /// Integer `>`; for bit-vectors use `bvsgt` or `bvugt`.
    public static func > (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.make(rhs) { Z3_mk_gt($0, lhs.raw, rhs.raw) }
    }

    /// Integer `>=`; for bit-vectors use `bvsge` or `bvuge`.
    public static func >= (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term {
        try lhs.make(rhs) { Z3_mk_ge($0, lhs.raw, rhs.raw) }
    }

    // MARK: Mixed with Swift integer literals (the literal takes the term's sort)

    /// Sum with a literal of this term's sort.
    public static func + (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs + lhs.literal(rhs) }
    /// Sum with a literal of the right operand's sort.
    public static func + (lhs: Int, rhs: Z3Term) throws -> Z3Term { try rhs.literal(lhs) + rhs }
    /// Difference with a literal of this term's sort.
    public static func - (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs - lhs.literal(rhs) }
    /// Difference from a literal of the right operand's sort.
    public static func - (lhs: Int, rhs: Z3Term) throws -> Z3Term { try rhs.literal(lhs) - rhs }
    /// Product with a literal of this term's sort.
    public static func * (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs * lhs.literal(rhs) }
    /// Product with a literal of the right operand's sort.
    public static func * (lhs: Int, rhs: Z3Term) throws -> Z3Term { try rhs.literal(lhs) * rhs }
    /// Integer division by a literal.
    public static func / (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs / lhs.literal(rhs) }
    /// Integer modulus by a literal.
    public static func % (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs % lhs.literal(rhs) }
    /// Integer `<` against a literal.
    public static func < (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs < lhs.literal(rhs) }
    /// Integer `<=` against a literal.
    public static func <= (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs <= lhs.literal(rhs) }
    /// Integer `>` against a literal.
    public static func > (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs > lhs.literal(rhs) }
    /// Integer `>=` against a literal.
    public static func >= (lhs: Z3Term, rhs: Int) throws -> Z3Term { try lhs >= lhs.literal(rhs) }

    /// Whether this term has a bit-vector sort (used to pick `bvadd` over `+` and so on).
    var isBitVector: Bool {
        get throws {
            if case .bitVector = try sort.kind { return true }
            return false
        }
    }
}
