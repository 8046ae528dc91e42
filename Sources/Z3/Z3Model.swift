import CZ3

/// A satisfying assignment returned by `Z3Solver.model()`, used to evaluate terms.
public final class Z3Model: CustomStringConvertible {
    /// The context this model belongs to; kept alive as long as the model is.
    public let context: Z3Context
    /// The native model; never exposed outside this module.
    let raw: Z3_model

    /// Wraps a freshly returned model, taking a reference to it.
    init(context: Z3Context, raw: Z3_model) {
        self.context = context
        self.raw = raw
        Z3_model_inc_ref(context.raw, raw)
    }

    deinit {
        Z3_model_dec_ref(context.raw, raw)
    }

    /// Evaluates `term` in this model; with `completion`, unconstrained constants get default values.
    public func eval(_ term: Z3Term, completion: Bool = true) throws -> Z3Term {
        try context.checkOwned([term])
        var result: Z3_ast?
        let ok = try withExtendedLifetime(term) {
            try context.call { Z3_model_eval($0, raw, term.raw, completion, &result) }
        }
        guard ok, let result else { throw Z3Error(message: "cannot evaluate \(term) in the model") }
        return Z3Term(context: context, raw: result)
    }

    /// Evaluates a Boolean term to `true` or `false` (with model completion).
    public func evalBool(_ term: Z3Term) throws -> Bool {
        let value = try eval(term)
        guard let result = value.boolValue else { throw Z3Error(message: "\(term) evaluates to \(value), not a Boolean") }
        return result
    }

    /// Evaluates an integer term, or a bit-vector term as its unsigned value (with model completion).
    public func evalInt(_ term: Z3Term) throws -> Int {
        let value = try eval(term)
        guard value.isNumeral else { throw Z3Error(message: "\(term) evaluates to \(value), not a numeral") }
        return try value.intValue
    }

    /// The model's assignments in Z3's textual format.
    public var description: String {
        (try? context.string { Z3_model_to_string($0, raw) }) ?? "<model>"
    }
}
