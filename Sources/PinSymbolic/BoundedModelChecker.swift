import Foundation
import PinLang
import Z3

/// The symbolic engines' answer for a set of invariants, in the explicit engine's shapes.
public struct SymbolicResult {
    public var verdicts: [(invariant: String, verdict: Verdict)]
    public var fault: ModelFault?
    /// Per query: what was asked and how long Z3 took.
    public var queries: [(what: String, seconds: Double, result: String)] = []
    /// The bound (BMC), the k (k-induction) or the frames (PDR) reached.
    public var depth = 0
    /// For k-induction: the k at which each proved invariant became inductive.
    public var provenAt: [String: Int] = [:]
}

/// Bounded model checking with one incremental solver: the path from the initial state is
/// unrolled one step at a time, and at each depth every undecided invariant (and every
/// possible model fault) is checked, so the first counterexample found is a shortest one.
public final class BoundedModelChecker {
    let encoder: SymbolicEncoder
    let solver: Z3Solver
    var states: [[Z3Term]] = []
    var selectors: [Z3Term] = []
    var queries: [(what: String, seconds: Double, result: String)] = []

    public init(model: Model, timeoutMilliseconds: UInt32? = nil) throws {
        let context = try Z3Context(timeoutMilliseconds: timeoutMilliseconds)
        encoder = try SymbolicEncoder(model: model, context: context)
        solver = try Z3Solver(context: context)
        if let timeoutMilliseconds { try solver.setTimeout(timeoutMilliseconds) }
    }

    /// Checks the named invariants (all when nil) on every path of at most `depth` steps.
    /// Undecided invariants are *incomplete* (bounded), never *holds*.
    public func run(invariants names: [String]? = nil, depth bound: Int) throws -> SymbolicResult {
        let model = encoder.model
        let checked = model.invariantIndices(named: names)
        var verdicts = [Verdict?](repeating: nil, count: checked.count)
        let initial = try encoder.initialState()
        states = [initial.state]
        stepCache = []
        if initial.fault.boolValue != false {
            let fault = ModelFault(
                message: "the initial state faults (an initialiser or the init block is out of range)",
                range: model.variables.first?.range ?? SourceRange(at: .init(file: "", line: 1, column: 1)),
                action: "init", trace: Trace(initial: try constantValues(initial.state), steps: []))
            return finish(verdicts, checked, fault: fault, depth: 0)
        }
        for k in 0...bound {
            if k > 0 { try unroll() }
            // Model faults at depth k: an invariant, a guard or an enabled body that faults.
            let s = states[k]
            var faultParts: [Z3Term] = []
            for j in checked { faultParts.append(try encoder.invariant(j, in: s).fault) }
            for step in try steps(from: k) { faultParts.append(step.fault) }
            let anyFault = try encoder.disjunction(faultParts.filter { $0.boolValue != false })
            if anyFault.boolValue != false, case .sat = try query(anyFault, "fault at depth \(k)") {
                return finish(verdicts, checked, fault: try faultAt(k), depth: k)
            }
            for (n, j) in checked.enumerated() where verdicts[n] == nil {
                let holds = try encoder.invariant(j, in: s).holds
                switch try query(holds.not(), "\(model.invariants[j].name) at depth \(k)") {
                case .sat: verdicts[n] = .violated(try trace(to: k))
                case .unsat: break
                case .unknown(let reason):
                    verdicts[n] = .unknown(reason: "Z3 answered unknown at depth \(k): \(reason)")
                }
            }
            if verdicts.allSatisfy({ $0 != nil }) { return finish(verdicts, checked, fault: nil, depth: k) }
        }
        return finish(verdicts, checked, fault: nil, depth: bound)
    }

    func finish(_ verdicts: [Verdict?], _ checked: [Int], fault: ModelFault?, depth: Int) -> SymbolicResult {
        let names = checked.map { encoder.model.invariants[$0].name }
        let final = verdicts.map {
            $0 ?? .incomplete(reason: "bounded check: no violation in paths of up to \(depth) steps")
        }
        return SymbolicResult(verdicts: Array(zip(names, final)), fault: fault, queries: queries, depth: depth)
    }

    /// Adds step k: fresh state variables and the transition from the previous state.
    func unroll() throws {
        let k = states.count
        let pre = states[k - 1]
        let post = try encoder.stateVariables("s\(k).")
        try solver.assert(encoder.domainConstraint(post))
        let selector = try encoder.context.intConst("action\(k)")
        try solver.assert((selector >= encoder.context.int(0)).and(selector < encoder.context.int(encoder.instances.count)))
        for (i, step) in try steps(from: k - 1).enumerated() {
            let chosen = try selector.eq(encoder.context.int(i))
            try solver.assert(chosen.implies(step.enabled.and(encoder.equal(post, step.post))))
        }
        states.append(post)
        selectors.append(selector)
    }

    /// Every action instance's step from the state at depth k, encoded once.
    func steps(from k: Int) throws -> [SymbolicEncoder.Step] {
        while stepCache.count <= k { stepCache.append(nil) }
        if let cached = stepCache[k] { return cached }
        let encoded = try encoder.instances.indices.map { try encoder.step($0, from: states[k]) }
        stepCache[k] = encoded
        return encoded
    }

    var stepCache: [[SymbolicEncoder.Step]?] = []

    func query(_ formula: Z3Term, _ what: String) throws -> Z3Result {
        try solver.push()
        defer { try? solver.pop() }
        try solver.assert(formula)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try solver.check()
        queries.append((what, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, result.description))
        if case .sat = result { lastModel = try solver.model() }
        return result
    }

    var lastModel: Z3Model?

    /// The path to depth k in the last satisfying model.
    func trace(to k: Int) throws -> Trace {
        guard let m = lastModel else { throw EncodingError("no model for the trace") }
        let initial = try values(states[0], m)
        var steps: [TraceStep] = []
        for j in 0..<k {
            let instance = try m.evalInt(selectors[j])
            var step = call(instance)
            step.state = try values(states[j + 1], m)
            steps.append(step)
        }
        return Trace(initial: initial, steps: steps)
    }

    /// A fault reachable at depth k: the first faulting invariant or action instance, in the
    /// explicit engine's order, on the path in the last model.
    func faultAt(_ k: Int) throws -> ModelFault {
        let t = try trace(to: k)
        guard let m = lastModel else { throw EncodingError("no model") }
        for (i, step) in try steps(from: k).enumerated() where try m.evalBool(step.fault) {
            let inst = encoder.instances[i]
            let action = encoder.model.actions[inst.action]
            return ModelFault(
                message: "evaluating this action faults (out-of-range value, bad index or arithmetic fault)",
                range: action.range, action: call(i).call, trace: t)
        }
        return ModelFault(
            message: "evaluating an invariant faults", range: encoder.model.invariants.first?.range ?? action0Range,
            action: "invariant evaluation", trace: t)
    }

    var action0Range: SourceRange { SourceRange(at: .init(file: "", line: 1, column: 1)) }

    func call(_ instance: Int) -> TraceStep {
        let inst = encoder.instances[instance]
        let action = encoder.model.actions[inst.action]
        let args = zip(action.parameters, inst.arguments).map { (name: $0.name, value: $0.type.format($1)) }
        return TraceStep(action: action.name, arguments: args, state: [])
    }

    func values(_ state: [Z3Term], _ m: Z3Model) throws -> [Int64] {
        try zip(encoder.layout.slots, state).map { slot, term in
            slot.type == .bool ? (try m.evalBool(term) ? 1 : 0) : Int64(try m.evalInt(term))
        }
    }

    func constantValues(_ state: [Z3Term]) throws -> [Int64] {
        zip(encoder.layout.slots, state).map { slot, term in
            slot.type == .bool ? (term.boolValue == true ? 1 : 0) : (encoder.numeral(term) ?? 0)
        }
    }
}
