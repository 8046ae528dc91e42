import Foundation
import PinLang
import Z3

// How this IC3 is organised
//
// The main loop (`run`, below) keeps a trace of frames F_1 … F_k over the state bits: each
// frame over-approximates the states reachable in at most i steps. While F_k has a bad
// state, it is blocked (IC3+Blocking.swift); once F_k has none, a new frame opens and
// clauses are pushed forward (IC3+Propagation.swift); two equal frames are an invariant.
//
// Data. A literal is a state bit with a polarity; a cube is a sorted conjunction of
// literals and stands for the clause that excludes it. Frames are stored by "delta":
// `levels[i]` holds the cubes whose clauses hold in F_1 … F_i and no further, so a clause
// moves by changing its level, and F_i is selected in the one incremental solver by
// assuming the activation literals of levels i and above. Proof obligations are
// (cube, level, depth) triples, the lowest level first and the deepest among them, so a
// counterexample is found along one chain before wider search.
//
// Queries. A relative-induction query (F_{i-1} ∧ ¬c ∧ T ∧ c′) either refutes, and its
// unsat core shrinks the cube, or yields a predecessor that a second solver lifts
// (IC3+Lifting.swift) to a cube of states taking the same action into c. Generalisation
// (IC3+Generalisation.swift) drops literals one at a time while the cube stays blocked.
// Literals, cubes and the queries' common checks are in IC3+Literals.swift and
// IC3+Queries.swift; reading clauses back as formulas is in IC3+Clauses.swift.
//
// Why: one solver with activation literals avoids re-asserting frames; the delta encoding
// makes propagation a move, not a copy; lifting keeps obligations small without a
// ternary simulation of the circuit.

/// IC3 (Bradley, "SAT-based model checking without unrolling", VMCAI 2011), in the form of
/// Eén, Mishchenko and Brayton ("Efficient implementation of property directed reachability",
/// FMCAD 2011), over the state bits of the shared transition system, on Z3's incremental SAT
/// solver. Frames are sets of clauses over the state bits; a proof obligation is a cube of
/// state bits that reaches a bad state; relative induction queries block it or find its
/// predecessor, which lifting (an unsat core over the predecessor's bits) widens to a cube.
///
/// It proves an invariant by a set of clauses that, with the domain constraint, is inductive
/// and excludes every bad state: the certificate's invariant. A violation is handed to BMC
/// for a shortest trace.
package final class IC3 {
    /// A conjunction of literals over state bits (`Literal.variable` is the bit), sorted,
    /// each bit at most once.
    package typealias Cube = [Literal]

    package enum Outcome {
        /// The clauses that, with the domain constraint, make an inductive invariant.
        case proved([Cube])
        /// A bad state is reachable in at most this many steps.
        case violated(steps: Int)
        case unknown(String)
    }

    /// An inductive invariant IC3 works within, as within the domain constraint: its
    /// formula over a state's Boolean constants, with their circuit lowering.
    package typealias Strengthening = (_ state: [Z3Term], _ lowering: Z3Lowering, _ context: Z3Context) throws -> Z3Term

    package struct Statistics {
        var queries = 0
        var frames = 0
        var clauses = 0
        var solverSeconds = 0.0

        /// E.g. "(5 frames, 42 clauses, 1234 SAT queries)".
        package var summary: String { "(\(frames) frames, \(clauses) clauses, \(queries) SAT queries)" }
    }

    let system: TransitionSystem
    let property: Literal
    let deadline: ContinuousClock.Instant?
    /// Polled before each query: once it answers true, the run stops with unknown.
    package var cancelled: () -> Bool = { false }
    /// Called after each new frame with the frame count and the clauses held (progress).
    package var onFrame: (_ frames: Int, _ clauses: Int) -> Void = { _, _ in }
    package internal(set) var statistics = Statistics()

    let context: Z3Context
    let path: Unrolling
    var solver: Z3Solver { path.solver }
    let lifter: Z3Solver
    /// Per state bit: its current- and next-state terms and their negations.
    var current: [(pos: Z3Term, neg: Z3Term)] = []
    var next: [(pos: Z3Term, neg: Z3Term)] = []
    var lifted: [(pos: Z3Term, neg: Z3Term)] = []
    var liftedNext: [(pos: Z3Term, neg: Z3Term)] = []
    /// Per action instance: the lifting copy's pick literal and guard literal.
    let picks: [Int: (pick: Z3Term, enabled: Z3Term)]
    /// Stands for the property in the lifting copy.
    let liftSafe: Z3Term
    /// Z3 AST id of a next-state or lifting literal → the literal.
    var nextLiteral: [UInt32: Literal] = [:]
    var liftLiteral: [UInt32: Literal] = [:]
    /// levels[i]: the clauses (as the cubes they exclude) that hold in frames 1…i and no further.
    package internal(set) var levels: [[Cube]] = [[]]
    /// The activation literal of each level's clauses.
    var activations: [Z3Term] = []
    var fresh = 0
    let badLiteral: Z3Term
    /// Assumed by the queries that take a step (the successor is the next-state copy).
    let stepLiteral: Z3Term

    /// Sets up the solvers for proving `property` (a literal over the current state) of
    /// `system`; `deadline` is the instant after which the run gives up.
    package init(
        system: TransitionSystem, property: Literal, deadline: ContinuousClock.Instant?, strengthening: Strengthening? = nil
    )
        throws
    {
        self.system = system
        self.property = property
        self.deadline = deadline
        let context = try Z3Context()
        self.context = context
        path = try Unrolling(system: system, context: context, prefix: "ic3.")
        // The step is an assumption: a state with no enabled action may still be bad.
        let stepLiteral = try context.boolConst("ic3.step")
        self.stepLiteral = stepLiteral
        try path.addFrame(restricted: true)
        if let strengthening { try path.solver.assert(strengthening(path.frames[0], path.lowerings[0], context)) }
        try path.addFrame(restricted: false, when: stepLiteral)
        let lifter = try Z3Solver(context: context, logic: "QF_FD")
        self.lifter = lifter
        let liftBits = try system.stateConstants(named: "lift.", in: context)
        let lifting = try Z3Lowering(context: context, circuit: system.circuit, inputs: liftBits)
        try lifter.assert(lifting.term(system.domain))
        if let strengthening { try lifter.assert(strengthening(liftBits, lifting, context)) }
        // The lifting copy of the transition: a pick literal per action instance forces its
        // successor into the next-state copy, and a literal per instance stands for its guard,
        // each asserted once, so that lifting queries only add small clauses.
        let liftNext = try system.stateConstants(named: "lift'.", in: context)
        var picks: [Int: (pick: Z3Term, enabled: Z3Term)] = [:]
        for (i, step) in system.steps.enumerated() where step.enabled != .false {
            let pick = try context.boolConst("lift.pick\(i)")
            let enabled = try context.boolConst("lift.enabled\(i)")
            try lifter.assert(pick.implies(context.and(system.update(i, from: lifting, to: liftNext))))
            try lifter.assert(enabled.eq(lifting.term(step.enabled)))
            picks[i] = (pick, enabled)
        }
        self.picks = picks
        let safe = try context.boolConst("lift.safe")
        try lifter.assert(safe.eq(lifting.term(property)))
        self.liftSafe = safe
        for b in system.stateBits.indices {
            let s = path.frames[0][b]
            let t = path.frames[1][b]
            let l = liftBits[b]
            current.append((s, try s.not()))
            next.append((t, try t.not()))
            lifted.append((l, try l.not()))
            liftedNext.append((liftNext[b], try liftNext[b].not()))
            nextLiteral[next[b].pos.id] = Literal(variable: b)
            nextLiteral[next[b].neg.id] = Literal(variable: b, negated: true)
            liftLiteral[lifted[b].pos.id] = Literal(variable: b)
            liftLiteral[lifted[b].neg.id] = Literal(variable: b, negated: true)
        }
        badLiteral = try context.boolConst("ic3.bad")
        try solver.assert(badLiteral.implies(path.term(property, at: 0).not()))
        activations.append(try context.boolConst("ic3.F0"))
    }

    /// Runs IC3 until it proves the property, finds it reachable, runs out of time, or
    /// `stop` stops it: between queries, and in the query in progress (a first query can
    /// take seconds).
    package func run(stop: StopToken) throws -> Outcome {
        cancelled = { stop.isStopped }
        let stopping = stop.interrupting(context)
        defer { stopping.cancel() }
        return try run()
    }

    /// Runs IC3 until it proves the property, finds it reachable, or runs out of time.
    package func run() throws -> Outcome {
        do {
            guard system.circuit.evaluate([property], inputs: system.initial)[0] else { return .violated(steps: 0) }
            try addLevel()  // frame 1
            var k = 1
            while true {
                while let bad = try badState(k) {
                    if let steps = try block(bad, k) { return .violated(steps: steps) }
                }
                try addLevel()
                k += 1
                statistics.frames = k
                statistics.clauses = levels.reduce(0) { $0 + $1.count }
                onFrame(k, statistics.clauses)
                if let invariant = try propagate(k) {
                    statistics.clauses = invariant.count
                    return .proved(invariant)
                }
            }
        } catch is OutOfTime {
            return .unknown(cancelled() ? "stopped" : "timeout")
        }
    }
}
