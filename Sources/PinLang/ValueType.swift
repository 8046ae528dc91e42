/// A resolved type. Scalars are `bool`, `int`, ranges and enums; records and arrays are aggregates.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case bool
    /// An integer in the signed 32-bit range; only for constants, parameters and locals.
    case int
    /// `lo..hi`, both inclusive.
    case range(Int64, Int64)
    case enumeration(EnumType)
    /// `flags NAME { … }`: the values `0..upperBound` (every combination of the flags'
    /// bits), printed as `A|B`; otherwise a range.
    case flags(FlagSetType)
    case record(RecordType)
    case array(index: ValueType, element: ValueType)

    /// The bounds of `int` values; arithmetic leaving them is a runtime error.
    public static let intBounds: ClosedRange<Int64> = Int64(Int32.min)...Int64(Int32.max)

    public var description: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .range(let lo, let hi): return "\(lo)..\(hi)"
        case .enumeration(let e): return e.name
        case .flags(let f): return f.name
        case .record(let r): return r.name
        case .array(let index, let element): return "[\(index)] \(element)"
        }
    }

    /// True for `int` and ranges.
    public var isNumeric: Bool {
        switch self {
        case .int, .range, .flags: return true
        default: return false
        }
    }

    /// True for types whose values are one machine integer.
    public var isScalar: Bool {
        switch self {
        case .bool, .int, .range, .flags, .enumeration: return true
        case .record, .array: return false
        }
    }

    /// The encoded values of a finite scalar type (bools are 0/1, enums their ordinal); nil otherwise.
    public var finiteDomain: ClosedRange<Int64>? {
        switch self {
        case .bool: return 0...1
        case .range(let lo, let hi): return lo...hi
        case .flags(let f): return 0...f.upperBound
        case .enumeration(let e): return 0...Int64(e.cases.count - 1)
        case .int, .record, .array: return nil
        }
    }

    /// Whether every value of this type has a finite encoding (no `int` anywhere inside).
    public var isFinite: Bool {
        switch self {
        case .bool, .range, .flags, .enumeration: return true
        case .int: return false
        case .record(let r): return r.fields.allSatisfy { $0.type.isFinite }
        case .array(let index, let element): return index.finiteDomain != nil && element.isFinite
        }
    }

    /// How many scalar leaves a value of this type has when flattened.
    public var scalarCount: Int {
        switch self {
        case .bool, .int, .range, .flags, .enumeration: return 1
        case .record(let r): return r.fields.reduce(0) { $0 + $1.type.scalarCount }
        case .array(let index, let element):
            return Int(index.finiteDomain.map { $0.count } ?? 0) * element.scalarCount
        }
    }

    /// Renders an encoded scalar value of this type as a model author would write it.
    public func format(_ value: Int64) -> String {
        switch self {
        case .bool: return value == 0 ? "false" : "true"
        case .enumeration(let e):
            return e.cases.indices.contains(Int(value)) ? e.cases[Int(value)] : "<\(e.name) #\(value)>"
        case .flags(let f): return f.format(value)
        default: return String(value)
        }
    }

    /// The value as an operand in the modelling language: `format`, with a combination of
    /// flags in parentheses (`(FOLL_PIN|FOLL_LONGTERM)`), so that `x == v` reads as meant.
    public func literal(_ value: Int64) -> String {
        let text = format(value)
        if case .flags = self, text.contains("|") { return "(\(text))" }
        return text
    }
}

/// The bounds of a range or a flag set, where values are checked on assignment.
extension ValueType {
    public var rangeBounds: ClosedRange<Int64>? {
        switch self {
        case .range(let lo, let hi): return lo...hi
        case .flags(let f): return 0...f.upperBound
        default: return nil
        }
    }
}

/// A flag set: named single bits; a value is any combination of them.
public struct FlagSetType: Hashable, Sendable {
    public var name: String
    /// The flags in declaration order, each one bit.
    public var flags: [Flag]
    public struct Flag: Hashable, Sendable {
        public var name: String
        public var value: Int64
        public init(name: String, value: Int64) {
            self.name = name
            self.value = value
        }
    }
    public init(name: String, flags: [Flag]) {
        self.name = name
        self.flags = flags
    }

    /// Every flag set: one less than twice the highest flag.
    public var upperBound: Int64 { (flags.map(\.value).max() ?? 0) * 2 - 1 }

    /// `A|B` in declaration order, `0` for none; bits no flag names as hexadecimal.
    public func format(_ value: Int64) -> String {
        if value == 0 { return "0" }
        var names = flags.filter { value & $0.value != 0 }.map(\.name)
        let rest = value & ~flags.reduce(0) { $0 | $1.value }
        if rest != 0 { names.append("0x" + String(rest, radix: 16)) }
        return names.joined(separator: "|")
    }
}

/// An enumeration; values are encoded as the case's ordinal.
public struct EnumType: Hashable, Sendable {
    public var name: String
    public var cases: [String]
    public init(name: String, cases: [String]) {
        self.name = name
        self.cases = cases
    }
}

/// A record type with ordered, named fields.
public struct RecordType: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var name: String
        public var type: ValueType
        public init(name: String, type: ValueType) {
            self.name = name
            self.type = type
        }
    }
    public var name: String
    public var fields: [Field]
    public init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
    }

    /// The index of the named field, if any.
    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// Scalar offset of field `i` within a flattened record value.
    public func offset(ofField i: Int) -> Int {
        fields[..<i].reduce(0) { $0 + $1.type.scalarCount }
    }
}
