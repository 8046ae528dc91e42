import CZ3

/// An incremental SMT solver (`Z3_mk_solver`) with assertion scopes, checks and models.
public final class Z3Solver: CustomStringConvertible {
    /// The context this solver belongs to; kept alive as long as the solver is.
    public let context: Z3Context
    /// The native solver; never exposed outside this module.
    let raw: Z3_solver
    /// Wall-clock limit per check, enforced by the wrapper's watchdog (Z3's own timer deadlocks in 4.8.12).
    private var timeout: Duration?

    /// Creates a general-purpose solver in `context` (it inherits the context's timeout, if any).
    public convenience init(context: Z3Context) throws {
        guard let solver = try context.call({ Z3_mk_solver($0) }) else {
            throw Z3Error(message: "Z3_mk_solver failed")
        }
        try self.init(context: context, raw: solver)
    }

    /// Creates a solver specialised for an SMT-LIB logic, e.g. `QF_FD` (finite domains:
    /// Z3's incremental SAT solver, the fastest for propositional problems).
    public convenience init(context: Z3Context, logic: String) throws {
        let symbol = try context.symbol(logic)
        guard let solver = try context.call({ Z3_mk_solver_for_logic($0, symbol) }) else {
            throw Z3Error(message: "Z3_mk_solver_for_logic(\(logic)) failed")
        }
        try self.init(context: context, raw: solver)
    }

    /// Takes a reference to a freshly made native solver.
    private init(context: Z3Context, raw solver: Z3_solver) throws {
        self.context = context
        self.raw = solver
        self.timeout = context.timeout
        Z3_solver_inc_ref(context.raw, solver)
        // Z3 installs a SIGINT handler of its own around every check unless `ctrl_c` is off,
        // and restores the one before afterwards; with checks on several threads the restores
        // cross and can leave Z3's handler installed for a solver that is gone, so a Ctrl-C
        // crashed inside libz3. Signals are pincheck's (Interrupts), which stops Z3 calls by
        // `Z3_interrupt`.
        try setParameters(["ctrl_c": .bool(false)])
    }

    deinit {
        Z3_solver_dec_ref(context.raw, raw)
    }

    /// Adds a Boolean constraint to the current scope.
    public func assert(_ formula: Z3Term) throws {
        try context.checkOwned([formula])
        try formula.requireBoolean("assertion")
        try withExtendedLifetime(formula) { try context.call { Z3_solver_assert($0, raw, formula.raw) } }
    }

    /// Adds several Boolean constraints to the current scope.
    public func assert(_ formulas: [Z3Term]) throws {
        for formula in formulas { try assert(formula) }
    }

    /// Opens a new assertion scope.
    public func push() throws {
        try context.call { Z3_solver_push($0, raw) }
    }

    /// Discards the `count` innermost scopes and their assertions; throws if fewer scopes are open.
    public func pop(_ count: Int = 1) throws {
        guard let n = UInt32(exactly: count) else { throw Z3Error(message: "invalid pop count \(count)") }
        try context.call { Z3_solver_pop($0, raw, n) }
    }

    /// Number of currently open scopes.
    public var scopeCount: Int {
        get throws { Int(try context.call { Z3_solver_get_num_scopes($0, raw) }) }
    }

    /// Removes all assertions and scopes.
    public func reset() throws {
        try context.call { Z3_solver_reset($0, raw) }
    }

    /// Checks the assertions (plus optional Boolean assumptions that hold for this check only).
    public func check(assuming assumptions: [Z3Term] = []) throws -> Z3Result {
        for assumption in assumptions { try assumption.requireBoolean("assumption") }
        do {
            let (value, timedOut) = try context.withDeadline(timeout) {
                try context.withASTs(assumptions) { count, asts in
                    try context.call { c in
                        assumptions.isEmpty ? Z3_solver_check(c, raw) : Z3_solver_check_assumptions(c, raw, count, asts)
                    }
                }
            }
            return try Z3Result(value) { timedOut ? "timeout" : try reasonUnknown() }
        } catch is Z3Interrupted {
            return .unknown(reason: "timeout")
        }
    }

    /// Z3's explanation for the last `unknown` answer (e.g. "timeout", "canceled").
    public func reasonUnknown() throws -> String {
        try context.string { Z3_solver_get_reason_unknown($0, raw) }
    }

    /// The model of the last `sat` check; throws if there is none.
    public func model() throws -> Z3Model {
        guard let model = try context.call({ Z3_solver_get_model($0, raw) }) else {
            throw Z3Error(message: "no model available")
        }
        return Z3Model(context: context, raw: model)
    }

    /// After an `unsat` check with assumptions: the assumptions that the refutation used (a
    /// subset of them, not necessarily minimal).
    public func unsatCore() throws -> [Z3Term] {
        guard let vector = try context.call({ Z3_solver_get_unsat_core($0, raw) }) else {
            throw Z3Error(message: "no unsat core available")
        }
        let c = context.raw
        Z3_ast_vector_inc_ref(c, vector)
        defer { Z3_ast_vector_dec_ref(c, vector) }
        let count = try context.call { Z3_ast_vector_size($0, vector) }
        return try (0..<count).map { i in try context.term { Z3_ast_vector_get($0, vector, i) } }
    }

    /// Limits each later check to roughly `limit` of wall-clock time, answering
    /// `unknown(reason: "timeout")` when it runs out (at once for a zero or negative limit);
    /// `nil` removes the limit.
    public func setTimeout(_ limit: Duration?) {
        timeout = limit
    }

    /// Limits each later check to `limit` units of Z3's deterministic resource counter (`rlimit`), answering
    /// `unknown` when exhausted; unlike a timeout, the outcome does not depend on machine speed.
    public func setResourceLimit(_ limit: UInt32) throws {
        try setParameters(["rlimit": .uint(limit)])
    }

    /// Sets solver parameters such as `rlimit`; a `timeout` entry is routed to `setTimeout`.
    ///
    /// Z3 4.8.12 validates names only once the solver has run a check, so an unknown name may instead make
    /// the next `check` throw.
    public func setParameters(_ parameters: [String: Z3Parameter]) throws {
        var parameters = parameters
        if let value = parameters.removeValue(forKey: "timeout") {
            guard case .uint(let milliseconds) = value else { throw Z3Error(message: "timeout must be .uint") }
            setTimeout(milliseconds == 0 ? nil : .milliseconds(milliseconds))
        }
        if parameters.isEmpty { return }
        try context.withParams(parameters) { params in
            try context.call { Z3_solver_set_params($0, raw, params) }
        }
    }

    /// The assertions in SMT-LIB2 syntax, for debugging.
    public func toSMTLIB2() throws -> String {
        try context.string { Z3_solver_to_string($0, raw) }
    }

    /// The assertions in SMT-LIB2 syntax, or an error note if Z3 cannot print them.
    public var description: String {
        do { return try toSMTLIB2() } catch { return "<solver: \(error)>" }
    }
}
