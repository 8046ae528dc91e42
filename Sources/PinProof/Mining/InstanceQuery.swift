import Foundation
import PinExplicit
import PinLang
import PinSymbolic
import Z3

/// One action instance's Houdini query, in a Z3 context of its own: the state `s` within
/// the domain, the instance enabled, each lemma at `s` under its indicator literal, and,
/// for each lemma the instance may change, a literal that says it is broken at the
/// successor. The successor's bits are the instance's successor terms over `s`, except
/// that a slot the instance leaves as it is keeps `s`'s own bits (its successor bits are
/// `readBits`, which within the domain are `s`'s), so that a lemma over such slots is the
/// same term at both states and needs no question.
final class InstanceQuery {
    let name: String
    let context: Z3Context
    let solver: Z3Solver
    let state: [Z3Term]
    let system: TransitionSystem
    var indicators: [Z3Term] = []
    /// Per lemma: its broken literal, for the lemmas the instance may change.
    var broken: [Z3Term?] = []
    let instance: Int
    let lemmas: [MinedLemmas.Lemma]
    let goal: Z3Term
    var retired: [Bool]

    /// Builds the query; building takes seconds for thousands of lemmas, so a stop ends it
    /// (throwing `StopToken.Stopped`) between lemmas.
    init(
        system: TransitionSystem, instance: Int, lemmas: [MinedLemmas.Lemma], timeout: Duration?,
        stop: StopToken = .never
    ) throws {
        self.system = system
        self.instance = instance
        self.lemmas = lemmas
        name = system.call(instance).call
        let context = try Z3Context(timeout: timeout)
        self.context = context
        let solver = try Z3Solver(context: context, logic: "QF_FD")
        self.solver = solver
        let state = try system.stateConstants(named: "s.", in: context)
        self.state = state
        let now = try Z3Lowering(context: context, circuit: system.circuit, inputs: state)
        try solver.assert(now.term(system.domain))
        let step = system.steps[instance]
        try solver.assert(now.term(step.enabled))
        var kept = Array(repeating: true, count: system.layout.slots.count)
        var after: [Z3Term] = []
        for (slot, range) in system.slotBits.enumerated() {
            kept[slot] = range.allSatisfy { step.post[$0] == system.readBits[$0] }
            for b in range { after.append(kept[slot] ? state[b] : try now.term(step.post[b])) }
        }
        let then = try Z3Lowering(context: context, circuit: system.circuit, inputs: after)
        var goals: [Z3Term] = []
        for (i, lemma) in lemmas.enumerated() {
            if i % 64 == 0, stop.isStopped { throw StopToken.Stopped() }
            let indicator = try context.boolConst("lemma\(i)")
            try solver.assert(indicator.implies(MinedLemmas.formula(lemma, over: state, now, in: system, context)))
            indicators.append(indicator)
            if lemma.reads(beyond: kept) {
                let b = try context.boolConst("broken\(i)")
                let term = try MinedLemmas.formula(lemma, over: after, then, in: system, context)
                try solver.assert(b.implies(term.not()))
                broken.append(b)
                goals.append(b)
            } else {
                broken.append(nil)
            }
        }
        let goal = try context.boolConst("goal")
        self.goal = goal
        try solver.assert(goal.implies(context.or(goals)))
        retired = Array(repeating: false, count: lemmas.count)
    }

    /// Whether a state keeping the `live` lemmas steps to one breaking some: sat with the
    /// lemmas broken and the state (as slot values), or unsat.
    func check(live: [Bool]) throws -> (Z3Result, broken: [Int], state: [Int64]?) {
        for i in live.indices where !live[i] && !retired[i] {
            if let b = broken[i] { try solver.assert(b.not()) }
            retired[i] = true
        }
        let result = try solver.check(assuming: [goal] + live.indices.filter { live[$0] }.map { indicators[$0] })
        guard result == .sat else { return (result, [], nil) }
        // The successor by the circuit, not by Z3's model evaluation, which walks a term's
        // whole cone on every call. Within the domain, `post` is the successor whether or
        // not the instance keeps a slot.
        let m = try solver.model()
        let bits = try state.map { try m.evalBool($0) }
        let after = system.circuit.evaluate(system.steps[instance].post, inputs: bits)
        let values = system.values(after)
        var dropped: [Int] = []
        for i in live.indices where live[i] && broken[i] != nil {
            let holds = MinedLemmas.holds(lemmas[i], in: values) { j in
                system.circuit.evaluate([system.invariants[j].holds], inputs: after)[0]
            }
            if !holds { dropped.append(i) }
        }
        if dropped.isEmpty { throw EncodingError("houdini: a step by \(name) breaks no live lemma") }
        return (result, dropped, system.values(bits))
    }
}
