import Z3

/// One step of the transition system between two states of Boolean constants, `s` (now)
/// and `t` (next), in one Z3 context: what Spacer's rules, the certificates' obligations
/// and the provers that build on them say a step is.
package final class StepRelation {
    package let system: TransitionSystem
    package let context: Z3Context
    package let s: [Z3Term]
    package let t: [Z3Term]
    /// The circuit lowered over `s`.
    package let now: Z3Lowering
    /// Every slot of `s` within its domain.
    package let domain: Z3Term
    /// Per action instance that can be enabled: its guard and successor, `s` to `t`.
    package let transitions: [(instance: Int, formula: Z3Term)]

    package init(system: TransitionSystem, context: Z3Context) throws {
        self.system = system
        self.context = context
        s = try system.stateConstants(named: "s.", in: context)
        t = try system.stateConstants(named: "t.", in: context)
        now = try Z3Lowering(context: context, circuit: system.circuit, inputs: s)
        domain = try now.term(system.domain)
        var transitions: [(Int, Z3Term)] = []
        for (i, step) in system.steps.enumerated() where step.enabled != .false {
            transitions.append((i, try system.step(i, from: now, to: t)))
        }
        self.transitions = transitions
    }
}
