/// One `fn` or `proc` call made while a trace step ran (its action's guard and body), as
/// printed in the step's call tree.
public struct CallRecord: Sendable {
    /// 0 for a call the action makes itself, 1 for a call inside that one, and so on.
    public var depth: Int
    public var name: String
    /// The variant whose definition ran, or nil for the base declaration.
    public var variant: String?
    /// The definition that ran.
    public var range: SourceRange
    public var arguments: [(name: String, value: TypedValue)]
    /// A function's value; nil for a procedure (or a call that faulted).
    public var result: TypedValue?

    public init(
        depth: Int, name: String, variant: String?, range: SourceRange, arguments: [(name: String, value: TypedValue)],
        result: TypedValue?
    ) {
        self.depth = depth
        self.name = name
        self.variant = variant
        self.range = range
        self.arguments = arguments
        self.result = result
    }

    /// `name(arg=value, …) = result`.
    public var call: String {
        "\(name)(\(arguments.map { "\($0.name)=\($0.value.text)" }.joined(separator: ", ")))"
            + (result.map { " = \($0.text)" } ?? "")
    }

    /// `[v6_1 · gup_cow.pin:901]`: the variant whose definition ran and where it is.
    public var origin: String {
        let file = range.start.file.split(separator: "/").last.map(String.init) ?? range.start.file
        return "[" + (variant.map { "\($0) · " } ?? "") + "\(file):\(range.start.line)]"
    }
}

/// A value with its type: the encoded scalars of one argument, result or variable (as many
/// as the type's `scalarCount`), which text and JSON render each their own way.
public struct TypedValue: Hashable, Sendable {
    public var type: ValueType
    public var scalars: [Int64]

    public init(type: ValueType, scalars: [Int64]) {
        self.type = type
        self.scalars = scalars
    }

    /// As traces print it: `FOLL_PIN|FOLL_LONGTERM`, `{present: true, …}`.
    public var text: String { type.format(scalars[...]) }
}

extension ValueType {
    /// Renders the encoded scalars of a value of this type (as many as `scalarCount`):
    /// records as `{field: value, …}`, arrays as `[index: value, …]`, and an array whose
    /// elements are all equal as `[all: value]`.
    public func format(_ values: ArraySlice<Int64>) -> String {
        var cursor = values.startIndex
        func render(_ type: ValueType) -> String {
            switch type {
            case .record(let r): return "{" + r.fields.map { "\($0.name): \(render($0.type))" }.joined(separator: ", ") + "}"
            case .array(let index, let element):
                let parts = (index.finiteDomain ?? 0...(-1)).map { (index.format($0), render(element)) }
                if let first = parts.first?.1, parts.count > 1, parts.allSatisfy({ $0.1 == first }) {
                    return "[all: \(first)]"
                }
                return "[" + parts.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "]"
            default:
                defer { cursor += 1 }
                return cursor < values.endIndex ? type.format(values[cursor]) : "?"
            }
        }
        return render(self)
    }
}

/// Why an invariant is false in a state: the quantified values that break it and the
/// values of the terms it reads, one fact per line.
public struct ViolationExplanation: Sendable {
    public var invariant: String
    /// The invariant's declaration.
    public var range: SourceRange
    /// `p = 0`, `premise: gup_ref[0].held = true; …`, `but: pte[0].frame = ANON_PAGE_1 ≠ …`.
    public var lines: [String]

    public init(invariant: String, range: SourceRange, lines: [String]) {
        self.invariant = invariant
        self.range = range
        self.lines = lines
    }
}
