import PinLang
import Z3

/// A path of time frames over one transition system in one Z3 solver: each frame's state
/// bits are fresh Boolean constants, each step picks one action instance by a binary
/// selector, and the instance's guard and successor bits constrain the next frame. BMC,
/// k-induction and the trace of a PDR counterexample all unroll through it.
///
/// The solver is Z3's incremental SAT solver (`QF_FD`): the encoding is propositional,
/// and it decides these problems several times faster than the SMT core.
final class Unrolling {
    let system: TransitionSystem
    let context: Z3Context
    let solver: Z3Solver
    private(set) var frames: [[Z3Term]] = []
    private(set) var lowerings: [Z3Lowering] = []
    private(set) var selectors: [[Z3Term]] = []
    let prefix: String

    init(system: TransitionSystem, context: Z3Context, prefix: String) throws {
        self.system = system
        self.context = context
        solver = try Z3Solver(context: context, logic: "QF_FD")
        self.prefix = prefix
    }

    /// Adds a frame; from the second on, it is the successor of the one before by an
    /// enabled action instance. With `restricted`, the frame's bits are also within the
    /// slots' domains (needed when the first frame is not the initial state). With `when`,
    /// the step to it is taken only under that literal (an assumption of the queries that
    /// need it), so that queries without it also see states with no enabled action.
    func addFrame(restricted: Bool, when literal: Z3Term? = nil) throws {
        let k = frames.count
        let state = try system.stateConstants(named: "\(prefix)\(k).", in: context)
        let lowering = try Z3Lowering(context: context, circuit: system.circuit, inputs: state)
        if restricted { try solver.assert(lowering.term(system.domain)) }
        if k > 0 {
            let pre = lowerings[k - 1]
            let width = max(1, Word.bitLength(Int64(max(system.instances.count - 1, 0))))  // a model may have no action
            let selector = try (0..<width).map { try context.boolConst("\(prefix)\(k - 1).action#\($0)") }
            var chosen: [Z3Term] = []
            for (i, step) in system.steps.enumerated() where step.enabled != .false {
                let pick = try context.and((0..<width).map { b in (i >> b) & 1 == 1 ? selector[b] : try selector[b].not() })
                chosen.append(pick)
                // Under `literal` only, as the choice itself: when every selector value
                // names an instance, an unconditional pick ⇒ step would make a state with
                // no enabled action unsatisfiable in the frame before, and IC3 would never
                // see it as a bad state (differential test, seeds 2029, 2219, 3178, 3474).
                let taken = try pick.implies(system.step(i, from: pre, to: state))
                try solver.assert(literal.map { try $0.implies(taken) } ?? taken)
            }
            let some = try context.or(chosen)
            try solver.assert(literal.map { try $0.implies(some) } ?? some)
            selectors.append(selector)
        }
        frames.append(state)
        lowerings.append(lowering)
    }

    /// The formula of a literal in frame k.
    func term(_ bit: Literal, at k: Int) throws -> Z3Term { try lowerings[k].term(bit) }

    /// Frame k is the initial state.
    func initialCondition(at k: Int) throws -> Z3Term {
        try system.isInitial(frames[k], in: context)
    }

    /// Checks `formula` on top of the path without keeping it: it is asserted under a
    /// fresh assumption literal and retired after the check, so the solver keeps what it
    /// learnt about the path (no pop).
    func check(_ formula: Z3Term, name: String) throws -> (result: Z3Result, model: Z3Model?) {
        let literal = try context.boolConst("\(prefix).\(name)")
        try solver.assert(literal.implies(formula))
        let result = try solver.check(assuming: [literal])
        let model = result == .sat ? try solver.model() : nil
        try solver.assert(literal.not())
        return (result, model)
    }

    /// The path to frame k in `m`, as a trace.
    func trace(to k: Int, in m: Z3Model) throws -> Trace {
        let initial = try values(at: 0, m)
        var steps: [TraceStep] = []
        for j in 0..<k {
            var step = call(try instance(at: j, m))
            step.state = try values(at: j + 1, m)
            steps.append(step)
        }
        return Trace(initial: initial, steps: steps)
    }

    /// The action instance the step from frame j takes in `m`.
    func instance(at j: Int, _ m: Z3Model) throws -> Int {
        var instance = 0
        for (b, bit) in selectors[j].enumerated() where try m.evalBool(bit) { instance |= 1 << b }
        return instance
    }

    func values(at k: Int, _ m: Z3Model) throws -> [Int64] {
        system.values(try frames[k].map { try m.evalBool($0) })
    }

    /// An action instance as a trace step (without its state).
    func call(_ instance: Int) -> TraceStep { system.call(instance) }
}
