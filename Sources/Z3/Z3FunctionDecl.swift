import CZ3

/// An uninterpreted function or relation symbol (e.g. a fixedpoint predicate), applied to terms by calling it.
public final class Z3FunctionDecl: CustomStringConvertible {
    /// The context this declaration belongs to; kept alive as long as the declaration is.
    public let context: Z3Context
    /// The native declaration; never exposed outside this module.
    let raw: Z3_func_decl
    /// Number of arguments the function takes.
    public let arity: Int

    /// Wraps a freshly returned declaration, taking a reference to it.
    init(context: Z3Context, raw: Z3_func_decl, arity: Int) {
        self.context = context
        self.raw = raw
        self.arity = arity
        Z3_inc_ref(context.raw, Z3_func_decl_to_ast(context.raw, raw))
    }

    deinit {
        Z3_dec_ref(context.raw, Z3_func_decl_to_ast(context.raw, raw))
    }

    /// Applies the function to arguments of the declared sorts; a relation applied this way yields a Boolean term.
    public func callAsFunction(_ arguments: Z3Term...) throws -> Z3Term {
        try apply(arguments)
    }

    /// Applies the function to an array of arguments of the declared sorts.
    public func apply(_ arguments: [Z3Term]) throws -> Z3Term {
        guard arguments.count == arity else {
            throw Z3Error(message: "\(self) expects \(arity) arguments, got \(arguments.count)")
        }
        return try context.withASTs(arguments) { count, asts in
            try context.term { Z3_mk_app($0, raw, count, asts) }
        }
    }

    /// The declaration in SMT-LIB2 syntax.
    public var description: String {
        (try? context.string { Z3_func_decl_to_string($0, raw) }) ?? "<func_decl>"
    }
}

extension Z3Context {
    /// Declares an uninterpreted function (a relation when `range` is the Boolean sort).
    public func function(_ name: String, domain: [Z3Sort], range: Z3Sort) throws -> Z3FunctionDecl {
        for sort in domain + [range] where sort.context !== self {
            throw Z3Error(message: "sort \(sort) belongs to a different Z3Context")
        }
        let symbol = try self.symbol(name)
        let sorts: [Z3_sort?] = domain.map(\.raw)
        let decl = try withExtendedLifetime((domain, range)) {
            try sorts.withUnsafeBufferPointer { buffer in
                try call { Z3_mk_func_decl($0, symbol, UInt32(sorts.count), buffer.baseAddress, range.raw) }
            }
        }
        guard let decl else { throw Z3Error(message: "Z3 returned no function declaration") }
        return Z3FunctionDecl(context: self, raw: decl, arity: domain.count)
    }

    /// Declares a relation (a Boolean-valued function) over the given sorts, e.g. a fixedpoint predicate.
    public func relation(_ name: String, _ domain: [Z3Sort]) throws -> Z3FunctionDecl {
        try function(name, domain: domain, range: boolSort)
    }
}
