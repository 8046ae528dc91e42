extension TypeExpr {
    /// The type as written, with the names of aliases, enums, records and flag sets kept
    /// (`[Proc] bool`, `0..N-1`), for `list`.
    public var text: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .range(let lo, let hi, _): return "\(Self.text(lo))..\(Self.text(hi))"
        case .named(let id): return id.name
        case .array(let index, let element, _): return "[\(index.text)] \(element.text)"
        case .flags(let name, _, _): return name
        }
    }

    /// A constant bound as written: literals, names and operators.
    static func text(_ e: Expr) -> String {
        switch e {
        case .integer(let v, _): return String(v)
        case .boolean(let v, _): return String(v)
        case .name(let id): return id.name
        case .unary(let op, let x, _): return op.rawValue + text(x)
        case .binary(let op, let x, let y, _): return "\(text(x))\(op.rawValue)\(text(y))"
        default: return "…"
        }
    }
}

extension Program {
    /// The type of state variable `name` as written.
    public func declaredType(ofVariable name: String) -> String? {
        variables.first { $0.name.name == name }?.type.text
    }

    /// The parameter types of action `name` as written in the declaration `variant` uses
    /// (its own override, an ancestor's, or the base one).
    public func declaredParameterTypes(ofAction name: String, variant: String?) -> [String]? {
        guard let action = actions.first(where: { $0.name == name }) else { return nil }
        let decl = action.overrides.first { $0.variant.name == variant }?.decl ?? action.base
        return decl?.parameters.map(\.type.text)
    }
}

extension Checker {
    /// A type as diagnostics name it: a range that exactly one type alias resolves to with
    /// that alias's name (`Proc (0..1)`), arrays by their index and element so named, and
    /// every other type as it prints.
    func named(_ type: ValueType) -> String {
        switch type {
        case .range:
            let aliases = aliasDecls.keys.filter { namedTypes[$0] == type }
            return aliases.count == 1 ? "\(aliases[0]) (\(type))" : "\(type)"
        case .array(let index, let element):
            let indexName = named(index)
            return "[\(indexName.split(separator: " ").first.map(String.init) ?? indexName)] \(named(element))"
        default: return "\(type)"
        }
    }
}
