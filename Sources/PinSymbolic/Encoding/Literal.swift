/// A literal: a variable and whether it is negated, packed as variable × 2 + negation bit,
/// so that negation flips one bit and literals sort by variable. The one literal type of the
/// symbolic engines: in a `Circuit` the variable is a node (literal 0 is the constant
/// `false`, 1 the constant `true`); in IC3's cubes it is a state bit.
public struct Literal: Hashable, Comparable, Sendable {
    public var raw: UInt32

    public init(raw: UInt32) { self.raw = raw }

    /// Variable `variable`, negated or not.
    public init(variable: Int, negated: Bool = false) {
        raw = UInt32(variable) << 1 | (negated ? 1 : 0)
    }

    public static let `false` = Literal(raw: 0)
    public static let `true` = Literal(raw: 1)

    /// The constant `b`.
    public static func constant(_ b: Bool) -> Literal { b ? .true : .false }

    /// The negation (free: it flips the negation bit).
    public static prefix func ! (b: Literal) -> Literal { Literal(raw: b.raw ^ 1) }

    public static func < (a: Literal, b: Literal) -> Bool { a.raw < b.raw }

    /// The variable this literal refers to: a circuit node, or a state bit.
    public var variable: Int { Int(raw >> 1) }
    public var isNegated: Bool { raw & 1 == 1 }
    /// The value that makes the literal true when given to its variable.
    public var polarity: Bool { raw & 1 == 0 }
    /// `true`/`false` for a circuit's constants, nil otherwise.
    public var constantValue: Bool? { raw < 2 ? raw == 1 : nil }
}
