import CZ3

extension Z3Term {
    /// Replaces the free (de Bruijn) variables of this term: variable `i` becomes `terms[i]`.
    /// Used to instantiate an invariant Spacer reports over a relation's arguments.
    public func substitutingVariables(_ terms: [Z3Term]) throws -> Z3Term {
        try context.withASTs(terms) { n, asts in
            try withExtendedLifetime(self) { try context.term { Z3_substitute_vars($0, raw, n, asts) } }
        }
    }

    /// Replaces every occurrence of `from[i]` by `to[i]`.
    public func substituting(_ from: [Z3Term], with to: [Z3Term]) throws -> Z3Term {
        guard from.count == to.count else { throw Z3Error(message: "substitution needs as many targets as sources") }
        return try context.withASTs(from) { n, fromASTs in
            try context.withASTs(to) { _, toASTs in
                try withExtendedLifetime(self) { try context.term { Z3_substitute($0, raw, n, fromASTs, toASTs) } }
            }
        }
    }
}

extension Z3Context {
    /// A complete SMT-LIB 2 script asserting `formula` (with every declaration it needs and a
    /// `(check-sat)`), as Z3 prints benchmarks; other solvers such as cvc5 read it. The status
    /// is left `unknown`: cvc5 aborts with no answer on stdout when a script's declared status
    /// disagrees with what it finds, and a checker must be able to say "sat" to a forged step.
    public func smtlibScript(asserting formula: Z3Term, logic: String = "ALL", name: String = "pincheck") throws -> String {
        try checkOwned([formula])
        return try withExtendedLifetime(formula) {
            try string { Z3_benchmark_to_smtlib_string($0, name, logic, "unknown", "", 0, nil, formula.raw) }
        }
    }

    /// Parses SMT-LIB 2 text (declarations and assertions) into the conjunction of its assertions.
    public func parseSMTLIB(_ text: String) throws -> Z3Term {
        let vector = try call { Z3_parse_smtlib2_string($0, text, 0, nil, nil, 0, nil, nil) }
        guard let vector else { throw Z3Error(message: "Z3 could not parse the SMT-LIB text") }
        Z3_ast_vector_inc_ref(raw, vector)
        defer { Z3_ast_vector_dec_ref(raw, vector) }
        let count = Z3_ast_vector_size(raw, vector)
        var terms: [Z3Term] = []
        for i in 0..<count {
            terms.append(try term { Z3_ast_vector_get($0, vector, i) })
        }
        if terms.isEmpty { return try bool(true) }
        return terms.count == 1 ? terms[0] : try and(terms)
    }
}

extension Z3Term {
    /// Z3's identifier of this AST: equal terms (hash-consed) share it within a context.
    public var id: UInt32 {
        Z3_get_ast_id(context.raw, raw)
    }

    /// The condition and branches when this term is an `ite` application, else nil.
    public var iteParts: (condition: Z3Term, then: Z3Term, else: Z3Term)? {
        let c = context.raw
        guard Z3_get_ast_kind(c, raw) == Z3_APP_AST, let app = Z3_to_app(c, raw),
            let decl = Z3_get_app_decl(c, app), Z3_get_decl_kind(c, decl) == Z3_OP_ITE,
            Z3_get_app_num_args(c, app) == 3,
            let a = Z3_get_app_arg(c, app, 0), let b = Z3_get_app_arg(c, app, 1), let d = Z3_get_app_arg(c, app, 2)
        else { return nil }
        return (Z3Term(context: context, raw: a), Z3Term(context: context, raw: b), Z3Term(context: context, raw: d))
    }
}
