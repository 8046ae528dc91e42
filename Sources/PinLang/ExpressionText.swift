extension TypedExpr {
    /// The expression as a model author would write it, with the locals in `bound` replaced
    /// by their values (`pte[p].frame` with p = 0 is `pte[0].frame`); nested operators are
    /// parenthesised, and so is the whole when `parenthesized` (to be followed by `= value`).
    public func text(in model: Model, locals: [LocalVariable], bound: [Int: Int64] = [:], parenthesized: Bool = false)
        -> String
    {
        func text(_ e: TypedExpr, nested: Bool) -> String {
            switch e.kind {
            case .literal(let v): return e.type.format(v)
            case .variable(let i): return model.variables[i].name
            case .local(let i):
                if let v = bound[i] { return locals[i].type.format(v) }
                return locals[i].name
            case .unary(let op, let x): return op.rawValue + text(x, nested: true)
            case .binary(let op, let x, let y):
                let s = "\(text(x, nested: true)) \(op.rawValue) \(text(y, nested: true))"
                return nested ? "(\(s))" : s
            case .conditional(let c, let x, let y):
                let s = "\(text(c, nested: true)) ? \(text(x, nested: true)) : \(text(y, nested: true))"
                return nested ? "(\(s))" : s
            case .index(let a, let i): return "\(text(a, nested: true))[\(text(i, nested: false))]"
            case .field(let r, let f):
                guard case .record(let type) = r.type else { return text(r, nested: true) + ".?" }
                return "\(text(r, nested: true)).\(type.fields[f].name)"
            case .call(let f, let args):
                return "\(model.functions[f].name)(\(args.map { text($0, nested: false) }.joined(separator: ", ")))"
            case .quantified(let q, let local, let domain, let body):
                let s = "\(q) \(locals[local].name): \(domain) :: \(text(body, nested: false))"
                return nested ? "(\(s))" : s
            case .record(let fields): return "{" + fields.map { text($0, nested: false) }.joined(separator: ", ") + "}"
            case .array(let elements): return "[" + elements.map { text($0, nested: false) }.joined(separator: ", ") + "]"
            }
        }
        return text(self, nested: parenthesized)
    }
}
