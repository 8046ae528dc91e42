import Foundation
import PinLang
import Z3

/// The symbolic engines' answer for a set of invariants, in the explicit engine's shapes.
public struct SymbolicResult {
    public var verdicts: [(invariant: String, verdict: Verdict)]
    public var fault: ModelFault?
    /// Per query: what was asked and how long Z3 took.
    public var queries: [QueryRecord] = []
    /// The bound (BMC), the k (k-induction) or the frames (PDR) reached.
    public var depth = 0
    /// For k-induction: the k at which each proved invariant became inductive.
    public var provenAt: [String: Int] = [:]
    /// For k-induction: per invariant it could not prove, the counterexample to induction
    /// at the largest k tried (a path whose first state satisfies the invariants checked,
    /// but need not be reachable, to a state that breaks one).
    public var counterexamplesToInduction: [String: InductionCounterexample] = [:]
    /// True when a bounded check stopped (interrupted, or a query answered unknown) before
    /// its bound: `depth` is then only the last depth covered completely.
    package var cutShort = false

    package init(
        verdicts: [(invariant: String, verdict: Verdict)], fault: ModelFault?,
        queries: [QueryRecord] = [], depth: Int = 0
    ) {
        self.verdicts = verdicts
        self.fault = fault
        self.queries = queries
        self.depth = depth
    }
}

/// Bounded model checking with one incremental solver: the path from the initial state is
/// unrolled one step at a time, and at each depth every undecided invariant (and every
/// possible model fault) is checked, so the first counterexample found is a shortest one.
public final class BoundedModelChecker {
    let system: TransitionSystem
    let path: Unrolling
    var queries: [QueryRecord] = []
    /// Told of every query as it finishes.
    public var events: EventSink = ignoreEvents

    public convenience init(model: Model, timeout: Duration? = nil) throws {
        try self.init(system: TransitionSystem(model: model), timeout: timeout)
    }

    public init(system: TransitionSystem, timeout: Duration? = nil) throws {
        self.system = system
        path = try Unrolling(system: system, context: Z3Context(timeout: timeout), prefix: "s")
    }

    /// Checks the named invariants (all when nil) on every path of at most `depth` steps.
    /// Undecided invariants are *incomplete* (bounded), never *holds*; when `stop` stops or
    /// a query is answered unknown, the check ends there and claims only the depths it
    /// covered completely.
    // - Long: one loop over the depths, with the early exits that keep it sound in one place.
    public func run(invariants names: [String]? = nil, depth bound: Int, stop: StopToken = .never) throws
        -> SymbolicResult
    {
        let registration = stop.interrupting(path.context)
        defer { registration.cancel() }
        let model = system.model
        let checked = model.invariantIndices(named: names)
        var verdicts = [Verdict?](repeating: nil, count: checked.count)
        if system.initialFault {
            let fault = ModelFault(
                message: "the initial state faults (an initialiser or the init block is out of range)",
                range: model.variables.first?.range ?? SourceRange(at: .init(file: "", line: 1, column: 1)),
                action: "init", trace: Trace(initial: system.values(system.initial), steps: []))
            return finish(verdicts, checked, fault: fault, depth: 0)
        }
        try path.addFrame(restricted: false)
        try path.solver.assert(path.initialCondition(at: 0))
        let anyFault = system.anyFault(invariants: checked)
        for k in 0...bound {
            if let reason = stop.reason { return finish(verdicts, checked, fault: nil, coveredUpTo: k - 1, reason.description) }
            if k > 0 { try path.addFrame(restricted: false) }
            // The explicit engine's rule (`LevelEvents`): a state at depth k that breaks an
            // invariant decides it, whatever else depth k holds; a fault at depth k then
            // ends the check if an invariant is still open.
            for (n, j) in checked.enumerated() where verdicts[n] == nil {
                let (holds, fault) = system.invariants[j]
                if holds == .true { continue }
                var broken = try path.term(!holds, at: k)
                if fault != .false { broken = try broken && path.term(!fault, at: k) }
                let (result, m) = try query(broken, "\(model.invariants[j].name) at depth \(k)")
                switch result {
                case .sat: if let m { verdicts[n] = .violated(try path.trace(to: k, in: m)) }
                case .unsat: break
                case .unknown(let reason):
                    if let stopped = stop.reason {
                        return finish(verdicts, checked, fault: nil, coveredUpTo: k - 1, stopped.description)
                    }
                    verdicts[n] = .unknown(reason: "Z3 answered unknown at depth \(k): \(reason)")
                }
            }
            if verdicts.allSatisfy({ $0 != nil }) { return finish(verdicts, checked, fault: nil, depth: k) }
            // Model faults at depth k: an invariant, a guard or an enabled body that faults.
            if anyFault != .false {
                let (result, m) = try query(path.term(anyFault, at: k), "fault at depth \(k)")
                if let m, result == .sat { return finish(verdicts, checked, fault: try faultAt(k, m), depth: k) }
                if case .unknown(let reason) = result {
                    let why = stop.reason?.description ?? "Z3 answered unknown for faults at depth \(k): \(reason)"
                    return finish(verdicts, checked, fault: nil, coveredUpTo: k - 1, why)
                }
            }
        }
        return finish(verdicts, checked, fault: nil, depth: bound)
    }

    /// Ends a check at `depth`. Undecided invariants are incomplete; beside a fault at
    /// `depth` they say "fault" as the explicit engine and k-induction do, for the paths
    /// past the fault were not covered.
    func finish(_ verdicts: [Verdict?], _ checked: [Int], fault: ModelFault?, depth: Int) -> SymbolicResult {
        let names = checked.map { system.model.invariants[$0].name }
        let undecided = fault == nil ? "bounded check: no violation in paths of up to \(depth) steps" : "fault"
        let final = verdicts.map { $0 ?? .incomplete(reason: undecided) }
        return SymbolicResult(verdicts: Array(zip(names, final)), fault: fault, queries: queries, depth: depth)
    }

    /// Ends a check cut short at depth `covered + 1`: undecided invariants are incomplete
    /// and say only which depths were covered, never the bound asked for.
    func finish(_ verdicts: [Verdict?], _ checked: [Int], fault: ModelFault?, coveredUpTo covered: Int, _ why: String)
        -> SymbolicResult
    {
        let names = checked.map { system.model.invariants[$0].name }
        let coverage =
            covered < 0 ? "no depth covered" : "no violation in paths of up to \(covered) steps, depth \(covered + 1) not decided"
        let final = verdicts.map { $0 ?? .incomplete(reason: "bounded check \(why): \(coverage)") }
        var result = SymbolicResult(
            verdicts: Array(zip(names, final)), fault: fault, queries: queries, depth: max(covered, 0))
        result.cutShort = true
        return result
    }

    func query(_ formula: Z3Term, _ what: String) throws -> (Z3Result, Z3Model?) {
        events(.phase("bmc: \(what)", elapsed: .zero))
        let watch = Stopwatch()
        let (result, model) = try path.check(formula, name: "query\(queries.count)")
        let record = QueryRecord(what: what, took: watch.elapsed, answer: result.description)
        queries.append(record)
        events(record.event)
        return (result, model)
    }

    /// A fault reachable at depth k: the first faulting invariant or action instance, in the
    /// explicit engine's order, on the path in `m`.
    func faultAt(_ k: Int, _ m: Z3Model) throws -> ModelFault {
        let t = try path.trace(to: k, in: m)
        for (i, step) in system.steps.enumerated() where try m.evalBool(path.term(step.fault, at: k)) {
            let action = system.model.actions[system.instances[i].action]
            return ModelFault(
                message: "evaluating this action faults (out-of-range value, bad index or arithmetic fault)",
                range: action.range, action: path.call(i).call, trace: t)
        }
        return ModelFault(
            message: "evaluating an invariant faults",
            range: system.model.invariants.first?.range ?? SourceRange(at: .init(file: "", line: 1, column: 1)),
            action: "invariant evaluation", trace: t)
    }
}
