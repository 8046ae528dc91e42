import CZ3

extension Z3Term {
    /// Wrapping bit-vector addition (operands of equal width).
    public func bvadd(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvadd($0, raw, other.raw) } }
    /// Wrapping bit-vector subtraction.
    public func bvsub(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvsub($0, raw, other.raw) } }
    /// Wrapping bit-vector multiplication.
    public func bvmul(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvmul($0, raw, other.raw) } }
    /// Unsigned bit-vector division (division by zero yields all ones, as in SMT-LIB).
    public func bvudiv(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvudiv($0, raw, other.raw) } }
    /// Signed bit-vector division, rounding toward zero.
    public func bvsdiv(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvsdiv($0, raw, other.raw) } }
    /// Unsigned bit-vector remainder.
    public func bvurem(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvurem($0, raw, other.raw) } }
    /// Signed bit-vector remainder (sign follows the dividend).
    public func bvsrem(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvsrem($0, raw, other.raw) } }
    /// Two's complement negation.
    public func bvneg() throws -> Z3Term { try make { Z3_mk_bvneg($0, raw) } }
    /// Bitwise and.
    public func bvand(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvand($0, raw, other.raw) } }
    /// Bitwise or.
    public func bvor(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvor($0, raw, other.raw) } }
    /// Bitwise exclusive or.
    public func bvxor(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvxor($0, raw, other.raw) } }
    /// Bitwise complement.
    public func bvnot() throws -> Z3Term { try make { Z3_mk_bvnot($0, raw) } }
    /// Shift left by `other` bits (zeros shifted in).
    public func bvshl(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvshl($0, raw, other.raw) } }
    /// Logical shift right (zeros shifted in).
    public func bvlshr(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvlshr($0, raw, other.raw) } }
    /// Arithmetic shift right (sign bit shifted in).
    public func bvashr(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvashr($0, raw, other.raw) } }

    /// Unsigned `<`.
    public func bvult(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvult($0, raw, other.raw) } }
    /// Unsigned `<=`.
    public func bvule(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvule($0, raw, other.raw) } }
    /// Unsigned `>`.
    public func bvugt(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvugt($0, raw, other.raw) } }
    /// Unsigned `>=`.
    public func bvuge(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvuge($0, raw, other.raw) } }
    /// Signed `<`.
    public func bvslt(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvslt($0, raw, other.raw) } }
    /// Signed `<=`.
    public func bvsle(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvsle($0, raw, other.raw) } }
    /// Signed `>`.
    public func bvsgt(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvsgt($0, raw, other.raw) } }
    /// Signed `>=`.
    public func bvsge(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_bvsge($0, raw, other.raw) } }

    /// Bits `high` down to `low` (inclusive) as a bit-vector of width `high - low + 1`.
    public func extract(high: Int, low: Int) throws -> Z3Term {
        guard low >= 0, high >= low, let hi = UInt32(exactly: high), let lo = UInt32(exactly: low) else {
            throw Z3Error(message: "invalid extract range [\(high):\(low)]")
        }
        return try make { Z3_mk_extract($0, hi, lo, raw) }
    }

    /// Widens by `bits` zero bits on the left.
    public func zeroExtend(by bits: Int) throws -> Z3Term {
        guard let n = UInt32(exactly: bits) else { throw Z3Error(message: "invalid extension \(bits)") }
        return try make { Z3_mk_zero_ext($0, n, raw) }
    }

    /// Widens by `bits` copies of the sign bit on the left.
    public func signExtend(by bits: Int) throws -> Z3Term {
        guard let n = UInt32(exactly: bits) else { throw Z3Error(message: "invalid extension \(bits)") }
        return try make { Z3_mk_sign_ext($0, n, raw) }
    }

    /// Concatenation: `self` supplies the high bits, `other` the low bits.
    public func concat(_ other: Z3Term) throws -> Z3Term { try make(other) { Z3_mk_concat($0, raw, other.raw) } }

    /// The integer value of this bit-vector, read as two's complement when `signed` (SMT `bv2int`).
    public func toInt(signed: Bool) throws -> Z3Term { try make { Z3_mk_bv2int($0, raw, signed) } }

    /// This integer modulo 2^width as a bit-vector (SMT `int2bv`).
    public func toBitVector(width: Int) throws -> Z3Term {
        guard width >= 1, let n = UInt32(exactly: width) else { throw Z3Error(message: "invalid width \(width)") }
        return try make { Z3_mk_int2bv($0, n, raw) }
    }

    /// Bitwise and, `try a & b`.
    public static func & (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term { try lhs.bvand(rhs) }
    /// Bitwise or, `try a | b`.
    public static func | (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term { try lhs.bvor(rhs) }
    /// Bitwise exclusive or, `try a ^ b`.
    public static func ^ (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term { try lhs.bvxor(rhs) }
    /// Bitwise complement, `try ~a`.
    public static prefix func ~ (term: Z3Term) throws -> Z3Term { try term.bvnot() }
    /// Shift left, `try a << b` (right shifts are explicit: `bvlshr` / `bvashr`).
    public static func << (lhs: Z3Term, rhs: Z3Term) throws -> Z3Term { try lhs.bvshl(rhs) }
}
