/// The flattening of a model's state into scalar slots, each with a finite domain and a
/// bit field in a packed state. Every engine addresses state through this one layout.
public struct StateLayout: Sendable {
    /// One scalar of the state: a variable, or an element or field inside one.
    public struct Slot: Sendable {
        /// Where a person reads it, e.g. `pte[1].frame`.
        public var path: String
        public var variable: Int
        public var type: ValueType
        public var domain: ClosedRange<Int64>
        /// Bits this slot takes in a packed state.
        public var width: Int
        /// Which 64-bit word of the packed state, and the bit offset within it.
        public var word: Int
        public var shift: Int
    }

    public private(set) var slots: [Slot] = []
    /// The first slot of each state variable.
    public private(set) var variableBase: [Int] = []
    /// 64-bit words per packed state.
    public private(set) var wordCount: Int = 0
    /// Total bits of information in one state.
    public private(set) var bitCount: Int = 0

    public init(_ model: Model) {
        for (index, variable) in model.variables.enumerated() {
            variableBase.append(slots.count)
            Self.flatten(variable.type, path: variable.name, variable: index, into: &slots)
        }
        // Pack slots into 64-bit words in order; a slot never straddles two words.
        var word = 0
        var shift = 0
        for i in slots.indices {
            if shift + slots[i].width > 64 {
                word += 1
                shift = 0
            }
            slots[i].word = word
            slots[i].shift = shift
            shift += slots[i].width
            bitCount += slots[i].width
        }
        wordCount = word + 1
    }

    private static func flatten(_ type: ValueType, path: String, variable: Int, into slots: inout [Slot]) {
        switch type {
        case .record(let r):
            for f in r.fields { flatten(f.type, path: "\(path).\(f.name)", variable: variable, into: &slots) }
        case .array(let index, let element):
            for v in index.finiteDomain ?? 0...(-1) {
                flatten(element, path: "\(path)[\(index.format(v))]", variable: variable, into: &slots)
            }
        default:
            let domain = type.finiteDomain ?? ValueType.intBounds
            let span = UInt64(domain.upperBound - domain.lowerBound)
            let width = span == 0 ? 0 : 64 - span.leadingZeroBitCount
            slots.append(Slot(path: path, variable: variable, type: type, domain: domain, width: width, word: 0, shift: 0))
        }
    }

    /// The initial values of every slot from the variables' initialisers (before any `init` block).
    public func initialSlots(of model: Model) -> [Int64] {
        var values: [Int64] = []
        values.reserveCapacity(slots.count)
        for (index, variable) in model.variables.enumerated() {
            Self.materialize(model.initial.values[index], as: variable.type, into: &values)
        }
        return values
    }

    /// Appends the flattened default value of a type (false, the low end of a range, the
    /// first enum case; aggregates elementwise) to `values`.
    public static func defaults(of type: ValueType, into values: inout [Int64]) {
        materialize(nil, as: type, into: &values)
    }

    /// Appends the flattened value of a constant initialiser (or the type's default) to `values`.
    static func materialize(_ value: TypedExpr?, as type: ValueType, into values: inout [Int64]) {
        switch type {
        case .record(let r):
            if let value, case .record(let fields) = value.kind {
                for (f, v) in zip(r.fields, fields) { materialize(v, as: f.type, into: &values) }
            } else {
                for f in r.fields { materialize(nil, as: f.type, into: &values) }
            }
        case .array(let index, let element):
            let count = Int(index.finiteDomain?.count ?? 0)
            if let value, case .array(let elements) = value.kind {
                for e in elements { materialize(e, as: element, into: &values) }
            } else if let value, value.type != type {
                for _ in 0..<count { materialize(value, as: element, into: &values) }  // fill
            } else {
                for _ in 0..<count { materialize(nil, as: element, into: &values) }
            }
        default:
            if let value, let v = try? ConstantFolder.evaluate(value) {
                values.append(v)
            } else {
                values.append(type.finiteDomain?.lowerBound ?? 0)
            }
        }
    }

    /// Pairs each slot path with its formatted value, for printing a state.
    public func describe(_ values: [Int64]) -> [(path: String, value: String)] {
        zip(slots, values).map { ($0.path, $0.type.format($1)) }
    }
}
