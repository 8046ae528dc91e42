import PinLang
import Z3

/// Z3's Spacer on the transition system as constrained Horn clauses: a relation `Inv`
/// over the state bits with `Init ⇒ Inv` and `Inv ∧ T ⇒ Inv′` (one rule per action
/// instance), queried for `Inv ∧ ¬P`. Unsat means `Inv`'s interpretation is an inductive
/// invariant that excludes every bad state.
package enum Spacer {
    package enum Outcome {
        /// The invariant Spacer found, over `relation.s`, in `relation`'s context.
        case proved(invariant: Z3Term, relation: StepRelation)
        case violated
        case unknown(String)
    }

    /// One Spacer query for `property` (a literal over the current state) of `system`.
    /// Stops, with unknown, when `stop` does.
    package static func prove(
        _ system: TransitionSystem, property safety: Literal, timeout: Duration?, stop: StopToken
    ) throws -> Outcome {
        let context = try Z3Context(timeout: timeout)
        let stopping = stop.interrupting(context)
        defer { stopping.cancel() }
        let fp = try Z3Fixedpoint(context: context)
        // The engine outlives the interrupts: released after its last use while a stop could
        // still interrupt the context, it could be interrupted in its own destructor and
        // abort the process (see `Z3Fixedpoint.deinit`).
        defer { withExtendedLifetime(fp) { stopping.cancel() } }
        try fp.setEngine("spacer")
        // Spacer's rule preprocessing (tail simplification, inlining, slicing) rewrites the
        // shared circuit formulas into trees, for rules that are one step each and need none of it.
        try fp.setParameters([
            "xform.tail_simplifier_pve": .bool(false), "xform.inline_linear": .bool(false),
            "xform.inline_eager": .bool(false), "xform.slice": .bool(false),
        ])
        let bool = try context.boolSort
        let inv = try context.relation("Inv", Array(repeating: bool, count: system.stateBits.count))
        try fp.registerRelation(inv)

        let relation = try StepRelation(system: system, context: context)
        let (s, t, now) = (relation.s, relation.t, relation.now)
        let initial = try system.initial.map { try context.bool($0) }
        try fp.addRule(head: inv.apply(initial), body: context.bool(true), name: "init")
        for (i, transition) in relation.transitions {
            try fp.addRule(
                head: inv.apply(t), body: context.and([inv.apply(s), relation.domain, transition]), forAll: s + t,
                name: "step\(i)")
        }
        let property = try now.term(safety)
        switch try fp.query(context.and([inv.apply(s), property.not()]), exists: s) {
        case .sat: return .violated
        case .unknown(let reason): return .unknown(stop.reason?.description ?? reason)
        case .unsat:
            // Spacer's invariant for Inv, with its argument variables bound to the state.
            let invariant = try fp.coverDelta(level: -1, of: inv).substitutingVariables(s).simplified()
            return .proved(invariant: invariant, relation: relation)
        }
    }
}
