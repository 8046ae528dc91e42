import PinLang

/// An integer value as circuit literals, least significant first, with the range of values
/// it can take when no fault happened before it. Words whose range is non-negative are
/// unsigned; the others are two's complement. Every word is as narrow as its range allows,
/// so a value of `0..5` costs three literals and `bool` one.
///
/// The range is what keeps the encoding exact and small: an operation computes at a width
/// that holds both operands and every possible result, so no result ever wraps around,
/// and the language's overflow fault is needed only where the range leaves 32 bits.
public struct Word {
    public var bits: [Literal]
    public var range: ClosedRange<Int64>

    public var isSigned: Bool { range.lowerBound < 0 }

    /// The constant `value`.
    public init(constant value: Int64) {
        range = value...value
        bits = []
        let width = Self.width(of: range)
        for i in 0..<width { bits.append(.constant((value >> Int64(i)) & 1 == 1)) }
    }

    /// A word from literals known to encode a value in `range` (truncated to the narrowest
    /// width that holds the range, which is exact for every value inside it).
    public init(bits: [Literal], range: ClosedRange<Int64>, signed: Bool) {
        self.range = range
        let width = Self.width(of: range)
        var b = bits
        if b.count < width {
            let fill = signed ? (b.last ?? .false) : .false
            b += Array(repeating: fill, count: width - b.count)
        }
        self.bits = Array(b.prefix(width))
        if let v = range.count == 1 ? range.lowerBound : nil { self = Word(constant: v) }
    }

    /// A Boolean as the word 0/1.
    public init(bit: Literal) {
        if let c = bit.constantValue {
            self.init(constant: c ? 1 : 0)
        } else {
            self.init(bits: [bit], range: 0...1, signed: false)
        }
    }

    /// The value, if every literal is a constant.
    public var constantValue: Int64? {
        if range.count == 1 { return range.lowerBound }
        var v: Int64 = 0
        for (i, b) in bits.enumerated() {
            guard let c = b.constantValue else { return nil }
            if c { v |= 1 << Int64(i) }
        }
        if isSigned, let sign = bits.last?.constantValue, sign { v -= 1 << Int64(bits.count) }
        return v
    }

    /// The narrowest width holding every value of `range`: unsigned for non-negative
    /// ranges, two's complement otherwise.
    public static func width(of range: ClosedRange<Int64>) -> Int {
        range.lowerBound >= 0 ? bitLength(range.upperBound) : signedWidth(of: range)
    }

    /// The width of the two's complement form that holds `range` (one more than the
    /// unsigned width for non-negative ranges).
    static func signedWidth(of range: ClosedRange<Int64>) -> Int {
        max(bitLength(max(range.upperBound, 0)), bitLength(~min(range.lowerBound, -1))) + 1
    }

    static func bitLength(_ v: Int64) -> Int {
        precondition(v >= 0)
        return 64 - v.leadingZeroBitCount
    }

    /// The literals of this word as a two's complement value of `width` bits (which must
    /// be at least `signedWidth(of: range)`, or the unsigned width for non-negative words).
    public func extended(to width: Int) -> [Literal] {
        if bits.count >= width { return Array(bits.prefix(width)) }
        let fill = isSigned ? (bits.last ?? .false) : Literal.false
        return bits + Array(repeating: fill, count: width - bits.count)
    }
}

/// Circuits for the language's integer operators over `Word`s. Each returns the exact
/// result for operands within their ranges.
extension Circuit {
    /// `a + b` (with `subtract`, `a - b`) at a width that cannot overflow.
    public func add(_ a: Word, _ b: Word, subtract: Bool = false) -> Word {
        let range =
            subtract
            ? (a.range.lowerBound - b.range.upperBound)...(a.range.upperBound - b.range.lowerBound)
            : (a.range.lowerBound + b.range.lowerBound)...(a.range.upperBound + b.range.upperBound)
        if let x = a.constantValue, let y = b.constantValue { return Word(constant: subtract ? x - y : x + y) }
        let width = max(Word.signedWidth(of: a.range), Word.signedWidth(of: b.range), Word.signedWidth(of: range))
        let x = a.extended(to: width)
        var y = b.extended(to: width)
        if subtract { y = y.map { !$0 } }
        var carry: Literal = subtract ? .true : .false
        var sum: [Literal] = []
        sum.reserveCapacity(width)
        for i in 0..<width {
            let p = xor(x[i], y[i])
            sum.append(xor(p, carry))
            carry = or(and(x[i], y[i]), and(p, carry))
        }
        return Word(bits: sum, range: range, signed: true)
    }

    /// `-a`.
    public func negate(_ a: Word) -> Word { add(Word(constant: 0), a, subtract: true) }

    /// `~a` (two's complement: `-a - 1`).
    public func bitNot(_ a: Word) -> Word {
        let width = Word.signedWidth(of: a.range)
        let range = (-a.range.upperBound - 1)...(-a.range.lowerBound - 1)
        return Word(bits: a.extended(to: width).map { !$0 }, range: range, signed: true)
    }

    /// `a * b` by shift-and-add at a width that holds every product.
    public func multiply(_ a: Word, _ b: Word) -> Word {
        let products = [
            a.range.lowerBound * b.range.lowerBound, a.range.lowerBound * b.range.upperBound,
            a.range.upperBound * b.range.lowerBound, a.range.upperBound * b.range.upperBound,
        ]
        let range = products.min()!...products.max()!
        if let x = a.constantValue, let y = b.constantValue { return Word(constant: x * y) }
        let width = max(Word.signedWidth(of: a.range), Word.signedWidth(of: b.range), Word.signedWidth(of: range))
        // Put a constant (or the narrower operand) second: fewer partial products.
        let (p, q) = a.constantValue != nil || a.bits.count < b.bits.count ? (b, a) : (a, b)
        let x = p.extended(to: width)
        let y = q.extended(to: width)
        var acc = [Literal](repeating: .false, count: width)
        for i in 0..<width where y[i] != .false {
            var carry: Literal = .false
            for j in i..<width {
                let addend = and(y[i], x[j - i])
                let s = xor(acc[j], addend)
                let sum = xor(s, carry)
                carry = or(and(acc[j], addend), and(s, carry))
                acc[j] = sum
            }
        }
        return Word(bits: acc, range: range, signed: true)
    }

    /// A 0/1 word as a literal, or for any other word "is not 0".
    public func truth(_ a: Word) -> Literal {
        if let v = a.constantValue { return .constant(v != 0) }
        return or(a.bits)
    }

    /// `a == b`.
    public func equal(_ a: Word, _ b: Word) -> Literal {
        if a.range.upperBound < b.range.lowerBound || b.range.upperBound < a.range.lowerBound { return .false }
        if let x = a.constantValue, let y = b.constantValue { return .constant(x == y) }
        let width = max(Word.signedWidth(of: a.range), Word.signedWidth(of: b.range))
        let x = a.extended(to: width)
        let y = b.extended(to: width)
        return and((0..<width).map { xnor(x[$0], y[$0]) })
    }

    /// `a < b`: the sign of `a - b`.
    public func less(_ a: Word, _ b: Word) -> Literal {
        if a.range.upperBound < b.range.lowerBound { return .true }
        if a.range.lowerBound >= b.range.upperBound { return .false }
        let d = add(a, b, subtract: true)
        return d.isSigned ? d.bits.last ?? .false : .false
    }

    /// `lo <= a <= hi` for constants.
    public func inRange(_ a: Word, _ bounds: ClosedRange<Int64>) -> Literal {
        if a.range.lowerBound >= bounds.lowerBound && a.range.upperBound <= bounds.upperBound { return .true }
        let low = less(a, Word(constant: bounds.lowerBound))
        let high = less(Word(constant: bounds.upperBound), a)
        return and(!low, !high)
    }

    /// `c ? a : b`, bit by bit at a common width.
    public func ite(_ c: Literal, _ a: Word, _ b: Word) -> Word {
        if let v = c.constantValue { return v ? a : b }
        let range = min(a.range.lowerBound, b.range.lowerBound)...max(a.range.upperBound, b.range.upperBound)
        let signed = range.lowerBound < 0
        let width = signed ? max(Word.signedWidth(of: a.range), Word.signedWidth(of: b.range)) : Word.width(of: range)
        let x = a.extended(to: width)
        let y = b.extended(to: width)
        return Word(bits: (0..<width).map { ite(c, x[$0], y[$0]) }, range: range, signed: signed)
    }

    /// A word restricted to `range` (a subset of its own): values outside it only occur on
    /// paths that already fault, so the narrower width loses nothing that matters.
    public func clamp(_ a: Word, to range: ClosedRange<Int64>) -> Word {
        let lo = max(a.range.lowerBound, range.lowerBound)
        let hi = min(a.range.upperBound, range.upperBound)
        if lo > hi { return Word(constant: range.lowerBound) }
        if lo == a.range.lowerBound && hi == a.range.upperBound { return a }
        return Word(bits: a.extended(to: max(a.bits.count, Word.signedWidth(of: lo...hi))), range: lo...hi, signed: a.isSigned)
    }

    /// `&`, `|`, `^` on two's complement values.
    public func bitwise(_ op: BinaryOperator, _ a: Word, _ b: Word) -> Word {
        let width = max(Word.signedWidth(of: a.range), Word.signedWidth(of: b.range))
        let x = a.extended(to: width)
        let y = b.extended(to: width)
        let bits: [Literal] = (0..<width).map { i in
            switch op {
            case .bitAnd: return and(x[i], y[i])
            case .bitOr: return or(x[i], y[i])
            default: return xor(x[i], y[i])
            }
        }
        var range = -(Int64(1) << Int64(width - 1))...((Int64(1) << Int64(width - 1)) - 1)
        if !a.isSigned && !b.isSigned {
            let top = (Int64(1) << Int64(max(a.bits.count, b.bits.count))) - 1
            range = 0...(op == .bitAnd ? min(a.range.upperBound, b.range.upperBound) : top)
        } else if op == .bitAnd && (!a.isSigned || !b.isSigned) {
            range = 0...(!a.isSigned ? a.range.upperBound : b.range.upperBound)
        }
        return Word(bits: bits, range: range, signed: true)
    }

    /// `a << c` or `a >> c` (arithmetic) by a constant count in 0...31.
    public func shift(_ a: Word, by c: Int, left: Bool) -> Word {
        if left {
            let range = (a.range.lowerBound << Int64(c))...(a.range.upperBound << Int64(c))
            let width = Word.signedWidth(of: range)
            let bits = Array(repeating: Literal.false, count: c) + a.extended(to: max(width - c, 0))
            return Word(bits: bits, range: range, signed: true)
        }
        let range = (a.range.lowerBound >> Int64(c))...(a.range.upperBound >> Int64(c))
        let whole = a.extended(to: Word.signedWidth(of: a.range))
        let bits = c < whole.count ? Array(whole.dropFirst(c)) : [whole[whole.count - 1]]
        return Word(bits: bits, range: range, signed: true)
    }

    /// Truncating division and remainder (C semantics) of values whose divisor is never 0
    /// where the result is used: restoring division of the magnitudes, then the signs.
    public func divide(_ a: Word, _ b: Word) -> (quotient: Word, remainder: Word) {
        let maxA = max(abs(a.range.lowerBound), abs(a.range.upperBound))
        let maxB = max(abs(b.range.lowerBound), abs(b.range.upperBound))
        let width = Word.bitLength(max(maxA, maxB)) + 1
        func magnitude(_ w: Word) -> (bits: [Literal], negative: Literal) {
            let negative = w.isSigned ? (w.bits.last ?? .false) : .false
            let negated = negate(w)
            let m = ite(negative, negated, w)
            return (m.extended(to: width), negative)
        }
        let (n, negA) = magnitude(a)
        let (d, negB) = magnitude(b)
        let dividend = Word(bits: n, range: 0...maxA, signed: false)
        let divisor = Word(bits: d, range: 0...max(maxB, 1), signed: false)
        var remainder = Word(constant: 0)
        var quotientBits = [Literal](repeating: .false, count: width)
        for i in (0..<width).reversed() {
            // remainder = remainder * 2 + bit i of the dividend; subtract the divisor if it fits.
            let shifted = Word(
                bits: [dividend.extended(to: width)[i]] + remainder.extended(to: width),
                range: 0...(2 * maxB + 1), signed: false)
            let fits = !less(shifted, divisor)
            quotientBits[i] = fits
            let reduced = add(shifted, divisor, subtract: true)
            remainder = clamp(ite(fits, reduced, shifted), to: 0...max(maxB - 1, 0))
        }
        let q = Word(bits: quotientBits, range: 0...maxA, signed: false)
        let quotient = ite(xor(negA, negB), negate(q), q)
        let rem = ite(negA, negate(remainder), remainder)
        return (
            clamp(quotient, to: -maxA...maxA),
            clamp(rem, to: -max(maxB - 1, 0)...max(maxB - 1, 0))
        )
    }
}
