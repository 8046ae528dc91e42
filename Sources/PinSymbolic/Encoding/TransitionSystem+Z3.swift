import Z3

/// The two-state vocabulary every symbolic engine shares: a state as Z3 constants, the
/// initial state, and a step from one state to the next.
extension TransitionSystem {
    /// A state as fresh Boolean constants, one per state bit, named `prefix` and the bit's
    /// name (`s.pte[0].present`), in the order of `stateBits`.
    package func stateConstants(named prefix: String, in context: Z3Context) throws -> [Z3Term] {
        try bitNames.map { try context.boolConst("\(prefix)\($0)") }
    }

    /// `state` is the initial state.
    package func isInitial(_ state: [Z3Term], in context: Z3Context) throws -> Z3Term {
        try context.and(zip(state, initial).map { $1 ? $0 : try $0.not() })
    }

    /// Action instance `i`'s update: each bit of `next` equals the instance's successor bit,
    /// computed over the state that `now` lowers.
    package func update(_ i: Int, from now: Z3Lowering, to next: [Z3Term]) throws -> [Z3Term] {
        try zip(next, steps[i].post).map { try $0.eq(now.term($1)) }
    }

    /// Action instance `i` as a step from the state that `now` lowers to `next`: its guard
    /// holds and `next` is its successor.
    package func step(_ i: Int, from now: Z3Lowering, to next: [Z3Term]) throws -> Z3Term {
        try now.context.and([now.term(steps[i].enabled)] + update(i, from: now, to: next))
    }
}
