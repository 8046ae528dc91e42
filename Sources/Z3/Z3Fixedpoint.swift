import CZ3
import Foundation

/// A Horn-clause (CHC) fixedpoint engine (`Z3_mk_fixedpoint`), e.g. Spacer, for proving reachability properties.
///
/// Register relations, add universally quantified rules `body => head`, then `query` a formula: `.sat` means it is
/// reachable (derivable), `.unsat` that it is not (the `answer()` is then an inductive invariant).
public final class Z3Fixedpoint: CustomStringConvertible {
    /// The context this engine belongs to; kept alive as long as the engine is.
    public let context: Z3Context
    /// The native fixedpoint object; never exposed outside this module.
    let raw: Z3_fixedpoint
    /// Relations registered so far, kept alive for the engine.
    private var relations: [Z3FunctionDecl] = []
    /// Counter for naming anonymous rules.
    private var ruleCount = 0
    /// Wall-clock limit per query, enforced by the wrapper's watchdog (Z3's own timer deadlocks in 4.8.12).
    private var timeout: Duration?

    /// Creates an empty fixedpoint engine in `context`.
    public init(context: Z3Context) throws {
        guard let fixedpoint = try context.call({ Z3_mk_fixedpoint($0) }) else {
            throw Z3Error(message: "Z3_mk_fixedpoint failed")
        }
        self.context = context
        self.raw = fixedpoint
        self.timeout = context.timeout
        Z3_fixedpoint_inc_ref(context.raw, fixedpoint)
        // Z3 would install its own SIGINT handler around each query: see Z3Solver.init.
        try setParameters(["ctrl_c": .bool(false)])
    }

    deinit {
        // Z3 4.8.12 leaves an interrupted context cancelled for good (`InterruptRecord`), and
        // destroying a fixedpoint (Spacer's solvers) then runs a rewriter that throws
        // `rewriter_exception` out of a destructor, which aborts the process: the portfolio's
        // Spacer lane did so when another lane won (found by the differential test). So an
        // interrupted engine is kept, with its context, for the life of the process: a leak
        // per interrupted query instead of a crash.
        if context.wasInterrupted {
            AbandonedFixedpoints.shared.keep(context, raw)
            return
        }
        Z3_fixedpoint_dec_ref(context.raw, raw)
    }

    /// Sets engine parameters, e.g. `["engine": .symbol("spacer")]`; a `timeout` entry is routed to `setTimeout`.
    public func setParameters(_ parameters: [String: Z3Parameter]) throws {
        var parameters = parameters
        if let value = parameters.removeValue(forKey: "timeout") {
            guard case .uint(let milliseconds) = value else { throw Z3Error(message: "timeout must be .uint") }
            setTimeout(milliseconds == 0 ? nil : .milliseconds(milliseconds))
        }
        if parameters.isEmpty { return }
        try context.withParams(parameters) { params in
            try context.call { Z3_fixedpoint_set_params($0, raw, params) }
        }
    }

    /// Limits each later query to roughly `limit` of wall-clock time, answering
    /// `unknown(reason: "timeout")` when it runs out; `nil` removes the limit.
    public func setTimeout(_ limit: Duration?) {
        timeout = limit
    }

    /// Selects the engine by name, e.g. `"spacer"` (CHC solving) or `"datalog"`.
    public func setEngine(_ name: String) throws {
        try setParameters(["engine": .symbol(name)])
    }

    /// Declares `relation` as a predicate whose interpretation the engine computes.
    public func registerRelation(_ relation: Z3FunctionDecl) throws {
        guard relation.context === context else { throw Z3Error(message: "relation belongs to a different Z3Context") }
        try context.call { Z3_fixedpoint_register_relation($0, raw, relation.raw) }
        relations.append(relation)
    }

    /// Adds the rule `forall variables. rule`, where `rule` is typically `body.implies(head)` or a fact `R(0)`.
    ///
    /// `variables` must be free constants (e.g. from `intConst`); they become the rule's universal variables.
    public func addRule(_ rule: Z3Term, forAll variables: [Z3Term] = [], name: String? = nil) throws {
        let quantified = try quantify(rule, over: variables, universally: true)
        ruleCount += 1
        let symbol = try context.symbol(name ?? "rule\(ruleCount)")
        try withExtendedLifetime(quantified) {
            try context.call { Z3_fixedpoint_add_rule($0, raw, quantified.raw, symbol) }
        }
    }

    /// Adds the rule `forall variables. body => head`.
    public func addRule(head: Z3Term, body: Z3Term, forAll variables: [Z3Term] = [], name: String? = nil) throws {
        try addRule(body.implies(head), forAll: variables, name: name)
    }

    /// Asks whether `exists variables. formula` is derivable: `.sat` if reachable, `.unsat` if provably not.
    public func query(_ formula: Z3Term, exists variables: [Z3Term] = []) throws -> Z3Result {
        let quantified = try quantify(formula, over: variables, universally: false)
        do {
            let (value, timedOut) = try context.withDeadline(timeout) {
                try withExtendedLifetime(quantified) {
                    try context.call { Z3_fixedpoint_query($0, raw, quantified.raw) }
                }
            }
            return try Z3Result(value) { timedOut ? "timeout" : try reasonUnknown() }
        } catch is Z3Interrupted {
            return .unknown(reason: "timeout")
        }
    }

    /// After `.sat`, a derivation of the query; after `.unsat`, the computed invariant (engine-dependent format).
    public func answer() throws -> Z3Term {
        try context.term { Z3_fixedpoint_get_answer($0, raw) }
    }

    /// The answer in SMT-LIB2 syntax.
    public func answerString() throws -> String {
        try answer().description
    }

    /// The property learned for `relation` at `level` (-1 means the inductive, level-independent part).
    public func coverDelta(level: Int, of relation: Z3FunctionDecl) throws -> Z3Term {
        guard relation.context === context, let level = Int32(exactly: level) else {
            throw Z3Error(message: "invalid relation or level for cover delta")
        }
        return try withExtendedLifetime(relation) {
            try context.term { Z3_fixedpoint_get_cover_delta($0, raw, level, relation.raw) }
        }
    }

    /// Z3's explanation for the last `unknown` answer.
    public func reasonUnknown() throws -> String {
        try context.string { Z3_fixedpoint_get_reason_unknown($0, raw) }
    }

    /// The registered rules and relations in SMT-LIB2 (fixedpoint) syntax, for debugging.
    public func toSMTLIB2() throws -> String {
        try context.string { Z3_fixedpoint_to_string($0, raw, 0, nil) }
    }

    /// The rules in SMT-LIB2 syntax, or an error note if Z3 cannot print them.
    public var description: String {
        do { return try toSMTLIB2() } catch { return "<fixedpoint: \(error)>" }
    }

    /// Wraps `body` in `forall`/`exists` over the given free constants (returns `body` unchanged when none).
    private func quantify(_ body: Z3Term, over variables: [Z3Term], universally: Bool) throws -> Z3Term {
        try context.checkOwned([body] + variables)
        try body.requireBoolean(universally ? "rule" : "query")
        if variables.isEmpty { return body }
        var apps: [Z3_app?] = []
        for variable in variables {
            guard variable.isFreeConstant else {
                throw Z3Error(message: "quantified variable \(variable) is not a free constant")
            }
            apps.append(try context.call { Z3_to_app($0, variable.raw) })
        }
        return try withExtendedLifetime((body, variables)) {
            try apps.withUnsafeBufferPointer { buffer in
                let count = UInt32(buffer.count)
                return try context.term { c in
                    universally
                        ? Z3_mk_forall_const(c, 0, count, buffer.baseAddress, 0, nil, body.raw)
                        : Z3_mk_exists_const(c, 0, count, buffer.baseAddress, 0, nil, body.raw)
                }
            }
        }
    }
}

/// The fixedpoint engines of interrupted contexts, never released (see `Z3Fixedpoint.deinit`).
private final class AbandonedFixedpoints: @unchecked Sendable {
    static let shared = AbandonedFixedpoints()
    private let lock = NSLock()
    private var engines: [(context: Z3Context, raw: Z3_fixedpoint)] = []

    func keep(_ context: Z3Context, _ raw: Z3_fixedpoint) {
        lock.lock()
        engines.append((context, raw))
        lock.unlock()
    }
}
