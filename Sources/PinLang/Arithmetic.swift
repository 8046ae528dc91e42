/// The integer semantics every engine shares: values are signed 32-bit; results outside
/// that range, division by zero and out-of-range shift counts are faults, not wrap-around.
public enum Arithmetic {
    /// Why an operation has no result.
    public enum Fault: Error, Equatable, Sendable {
        case overflow, divisionByZero, badShift

        public var message: String {
            switch self {
            case .overflow: return "integer overflow: the result is outside the int range"
            case .divisionByZero: return "division by zero"
            case .badShift: return "shift count outside 0...31"
            }
        }
    }

    /// Applies an arithmetic, bitwise or comparison operator (not `&&`, `||`, `==>`) to encoded scalars.
    @inline(__always)
    public static func apply(_ op: BinaryOperator, _ a: Int64, _ b: Int64) throws(Fault) -> Int64 {
        let r: Int64
        switch op {
        case .add: r = a &+ b
        case .subtract: r = a &- b
        case .multiply: r = a &* b
        case .divide:
            if b == 0 { throw .divisionByZero }
            r = a / b
        case .remainder:
            if b == 0 { throw .divisionByZero }
            r = a % b
        case .bitAnd: return a & b
        case .bitOr: return a | b
        case .bitXor: return a ^ b
        case .shiftLeft:
            if b < 0 || b > 31 { throw .badShift }
            r = a << b
        case .shiftRight:
            if b < 0 || b > 31 { throw .badShift }
            return a >> b
        case .equal: return a == b ? 1 : 0
        case .notEqual: return a != b ? 1 : 0
        case .less: return a < b ? 1 : 0
        case .lessEqual: return a <= b ? 1 : 0
        case .greater: return a > b ? 1 : 0
        case .greaterEqual: return a >= b ? 1 : 0
        case .and: return (a != 0 && b != 0) ? 1 : 0
        case .or: return (a != 0 || b != 0) ? 1 : 0
        case .implies: return (a == 0 || b != 0) ? 1 : 0
        }
        if r < ValueType.intBounds.lowerBound || r > ValueType.intBounds.upperBound { throw .overflow }
        return r
    }

    /// Applies a unary operator to an encoded scalar.
    @inline(__always)
    public static func apply(_ op: UnaryOperator, _ a: Int64) throws(Fault) -> Int64 {
        switch op {
        case .not: return a == 0 ? 1 : 0
        case .bitNot: return ~a
        case .negate:
            if a == ValueType.intBounds.lowerBound { throw .overflow }
            return -a
        }
    }
}

/// Evaluates constant expressions (literals and operators) at check time.
enum ConstantFolder {
    struct Failure: Error {
        var message: String
        var range: SourceRange
    }

    static func evaluate(_ e: TypedExpr) throws(Failure) -> Int64 {
        switch e.kind {
        case .literal(let v):
            return v
        case .unary(let op, let x):
            let v = try evaluate(x)
            do { return try Arithmetic.apply(op, v) } catch { throw Failure(message: error.message, range: e.range) }
        case .binary(let op, let a, let b):
            let x = try evaluate(a)
            switch op {
            case .and where x == 0: return 0
            case .or where x != 0: return 1
            case .implies where x == 0: return 1
            default: break
            }
            let y = try evaluate(b)
            do { return try Arithmetic.apply(op, x, y) } catch { throw Failure(message: error.message, range: e.range) }
        case .conditional(let c, let a, let b):
            return try evaluate(c) != 0 ? evaluate(a) : evaluate(b)
        default:
            throw Failure(message: "expected a constant expression", range: e.range)
        }
    }
}
