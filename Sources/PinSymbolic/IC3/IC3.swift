import Foundation
import PinLang
import Z3

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
    /// A literal: state bit `lit >> 1`, true when `lit & 1 == 0`.
    package typealias Lit = Int
    /// A conjunction of literals, sorted, each bit at most once.
    package typealias Cube = [Lit]

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
    let property: Bit
    let deadline: UInt64?
    /// Polled before each query: once it answers true, the run stops with unknown.
    package var cancelled: () -> Bool = { false }
    package private(set) var statistics = Statistics()

    private let context: Z3Context
    private let path: Unrolling
    private var solver: Z3Solver { path.solver }
    private let lifter: Z3Solver
    /// Per state bit: its current- and next-state terms and their negations.
    private var current: [(pos: Z3Term, neg: Z3Term)] = []
    private var next: [(pos: Z3Term, neg: Z3Term)] = []
    private var lifted: [(pos: Z3Term, neg: Z3Term)] = []
    private var liftedNext: [(pos: Z3Term, neg: Z3Term)] = []
    /// Per action instance: the lifting copy's pick literal and guard literal.
    private let picks: [Int: (pick: Z3Term, enabled: Z3Term)]
    /// Stands for the property in the lifting copy.
    private let liftSafe: Z3Term
    /// Z3 AST id of a next-state or lifting literal → the literal.
    private var nextLiteral: [UInt32: Lit] = [:]
    private var liftLiteral: [UInt32: Lit] = [:]
    /// levels[i]: the clauses (as the cubes they exclude) that hold in frames 1…i and no further.
    private var levels: [[Cube]] = [[]]
    /// The activation literal of each level's clauses.
    private var activations: [Z3Term] = []
    private var fresh = 0
    private let badLiteral: Z3Term
    /// Assumed by the queries that take a step (the successor is the next-state copy).
    private let stepLiteral: Z3Term

    /// Sets up the solvers for proving `property` (a literal over the current state) of
    /// `system`; `deadline` is an uptime in nanoseconds after which the run gives up.
    package init(system: TransitionSystem, property: Bit, deadline: UInt64?, strengthening: Strengthening? = nil) throws {
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
            nextLiteral[next[b].pos.id] = 2 * b
            nextLiteral[next[b].neg.id] = 2 * b + 1
            liftLiteral[lifted[b].pos.id] = 2 * b
            liftLiteral[lifted[b].neg.id] = 2 * b + 1
        }
        badLiteral = try context.boolConst("ic3.bad")
        try solver.assert(badLiteral.implies(path.term(property, at: 0).not()))
        activations.append(try context.boolConst("ic3.F0"))
    }

    // MARK: - Literals and cubes

    private func value(_ lit: Lit) -> Bool { lit & 1 == 0 }
    private func bit(_ lit: Lit) -> Int { lit >> 1 }
    private func term(_ lit: Lit, _ frame: [(pos: Z3Term, neg: Z3Term)]) -> Z3Term {
        value(lit) ? frame[bit(lit)].pos : frame[bit(lit)].neg
    }

    /// Whether the initial state lies in the cube.
    private func containsInitial(_ cube: Cube) -> Bool {
        cube.allSatisfy { system.initial[bit($0)] == value($0) }
    }

    /// The clause that excludes `cube`, over the current state.
    private func clause(_ cube: Cube) throws -> Z3Term {
        try context.or(cube.map { term($0 ^ 1, current) })
    }

    /// The current state of the main solver's model `m`.
    private func currentState(_ m: Z3Model) throws -> [Bool] {
        try path.frames[0].map { try m.evalBool($0) }
    }

    /// The cube of a full state.
    private func cube(of state: [Bool]) -> Cube {
        state.enumerated().map { b, v in 2 * b + (v ? 0 : 1) }
    }

    private func freshLiteral(_ what: String) throws -> Z3Term {
        fresh += 1
        return try context.boolConst("ic3.\(what)\(fresh)")
    }

    /// The assumptions that select frame i (i >= 1): the clauses of levels i… and of the
    /// proved level (the last).
    private func frame(_ i: Int) -> [Z3Term] {
        Array(activations[i...])
    }

    private var initialAssumptions: [Z3Term] {
        zip(current, system.initial).map { $1 ? $0.pos : $0.neg }
    }

    // MARK: - Queries

    private struct OutOfTime: Error {}

    private func check(_ s: Z3Solver, _ assumptions: [Z3Term]) throws -> Z3Result {
        if cancelled() { throw OutOfTime() }
        if let deadline {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw OutOfTime() }
            s.setTimeout(UInt32(min(UInt64(UInt32.max), (deadline - now) / 1_000_000 + 1)))
        }
        statistics.queries += 1
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try s.check(assuming: assumptions)
        statistics.solverSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if case .unknown(let reason) = result {
            if ["timeout", "canceled", "interrupted"].contains(reason) { throw OutOfTime() }
            throw EncodingError("Z3 answered unknown in an IC3 query: \(reason)")
        }
        return result
    }

    /// A state of frame k that breaks the property, as a cube widened by lifting.
    private func badState(_ k: Int) throws -> Cube? {
        guard try check(solver, frame(k) + [badLiteral]) == .sat else { return nil }
        let m = try solver.model()
        let state = try currentState(m)
        return try lift(state, assuming: [liftSafe])
    }

    /// The bits of `state` that alone contradict `assumptions` in the lifting solver: an
    /// unsat core of the state's literals.
    private func lift(_ state: [Bool], assuming assumptions: [Z3Term]) throws -> Cube {
        let full = cube(of: state)
        let result = try check(lifter, full.map { term($0, lifted) } + assumptions)
        guard result == .unsat else { return full }
        return try lifter.unsatCore().compactMap { liftLiteral[$0.id] }.sorted()
    }

    private enum Relative {
        case blocked(Cube)
        case predecessor(Cube)
    }

    /// Is `cube` unreachable in one step from frame i-1 outside it (F(i-1) ∧ ¬cube ∧ T ∧ cube′
    /// unsat)? Then a sub-cube that the refutation used; else a predecessor cube (lifted).
    private func relative(_ cube: Cube, _ i: Int) throws -> Relative {
        var assumptions = cube.map { term($0, next) } + [stepLiteral]
        var retire: Z3Term?
        if i == 1 {
            assumptions += initialAssumptions
        } else {
            let literal = try freshLiteral("not")
            try solver.assert(literal.implies(clause(cube)))
            retire = literal
            assumptions += frame(i - 1) + [literal]
        }
        defer { if let retire { try? solver.assert(retire.not()) } }
        if try check(solver, assumptions) == .unsat {
            var core = Set(try solver.unsatCore().compactMap { nextLiteral[$0.id] })
            if containsInitial(cube.filter { core.contains($0) }) {
                // Keep the sub-cube away from the initial state: put back a literal it breaks.
                if let l = cube.first(where: { system.initial[bit($0)] != value($0) }) { core.insert(l) }
            }
            return .blocked(cube.filter { core.contains($0) })
        }
        // Every state of the lifted cube takes the same action instance into `cube`.
        let m = try solver.model()
        let state = try currentState(m)
        guard let step = picks[try path.instance(at: 0, m)] else { throw EncodingError("IC3: no such instance") }
        let literal = try freshLiteral("lands")
        try lifter.assert(literal.implies(context.or([try step.enabled.not()] + cube.map { term($0 ^ 1, liftedNext) })))
        defer { try? lifter.assert(literal.not()) }
        return .predecessor(try lift(state, assuming: [step.pick, literal]))
    }

    /// Adds `cube`'s clause to frames 1…level.
    private func addClause(_ cube: Cube, level: Int) throws {
        // Drop the clauses it subsumes from the levels it covers.
        for j in 1...level {
            levels[j].removeAll { old in
                let literals = Set(old)
                return cube.allSatisfy { literals.contains($0) }
            }
        }
        levels[level].append(cube)
        try solver.assert(activations[level].implies(clause(cube)))
    }

    /// Drops literals from a blocked cube while it stays blocked relative to frame i-1.
    private func generalize(_ cube: Cube, _ i: Int) throws -> Cube {
        var cube = cube
        for l in cube {
            guard cube.count > 1, let index = cube.firstIndex(of: l) else { continue }
            var smaller = cube
            smaller.remove(at: index)
            if containsInitial(smaller) { continue }
            if case .blocked(let core) = try relative(smaller, i) { cube = core }
        }
        return cube
    }

    /// Blocks a bad cube at frame k, recursively blocking its predecessors; nil when it is
    /// blocked, else the length of a predecessor chain from the initial state to it.
    private func block(_ bad: Cube, _ k: Int) throws -> Int? {
        // Obligations: (cube, level, steps to a bad state).
        var queue: [(cube: Cube, level: Int, depth: Int)] = [(bad, k, 0)]
        while !queue.isEmpty {
            // The lowest level first, the deepest among them.
            let pick = queue.indices.min {
                (queue[$0].level, -queue[$0].depth) < (queue[$1].level, -queue[$1].depth)
            }!
            let (cube, i, depth) = queue[pick]
            if containsInitial(cube) { return depth }
            switch try relative(cube, i) {
            case .blocked(let core):
                let g = try generalize(core, i)
                var level = i
                while level < k, case .blocked = try relative(g, level + 1) { level += 1 }
                try addClause(g, level: level)
                if level < k {
                    queue[pick].level = level + 1
                } else {
                    queue.remove(at: pick)
                }
            case .predecessor(let p):
                if i == 1 { return depth + 1 }
                queue.append((p, i - 1, depth + 1))
            }
        }
        return nil
    }

    /// Moves each clause of levels 1…k-1 to the next level when that frame keeps it; the
    /// clauses above an emptied level are an inductive invariant.
    private func propagate(_ k: Int) throws -> [Cube]? {
        for i in 1..<k {
            for cube in levels[i] {
                let result = try check(solver, frame(i) + cube.map { term($0, next) } + [stepLiteral])
                if result == .unsat {
                    levels[i].removeAll { $0 == cube }
                    try addClause(cube, level: i + 1)
                }
            }
            if levels[i].isEmpty { return Array(levels[(i + 1)...].joined()) }
        }
        return nil
    }

    private func addLevel() throws {
        levels.append([])
        activations.append(try context.boolConst("ic3.F\(activations.count)"))
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
                if let invariant = try propagate(k) {
                    statistics.clauses = invariant.count
                    return .proved(invariant)
                }
            }
        } catch is OutOfTime {
            return .unknown(cancelled() ? "stopped" : "timeout")
        }
    }

    /// A clause as a person reads it, in the modelling language: the negation of its cube,
    /// each slot whose bits it fixes all compared with its value (`pte[0].frame == ZERO_PAGE`),
    /// a slot it fixes in part by its bits (`page_refcount[2]#10 == 1`).
    package static func describe(_ cube: Cube, in system: TransitionSystem) -> String {
        var fixed: [Int: [Int: Bool]] = [:]  // slot → bit within the slot → value
        var slotOf: [Int] = []
        for (slot, range) in system.slotBits.enumerated() { slotOf += Array(repeating: slot, count: range.count) }
        for l in cube {
            let slot = slotOf[l >> 1]
            fixed[slot, default: [:]][(l >> 1) - system.slotBits[slot].lowerBound] = l & 1 == 0
        }
        let parts = fixed.keys.sorted().flatMap { slot -> [String] in
            let info = system.layout.slots[slot]
            let bits = fixed[slot]!
            let width = system.slotBits[slot].count
            if bits.count == width {
                var v: Int64 = 0
                for (i, b) in bits where b { v |= 1 << Int64(i) }
                if info.domain.lowerBound < 0, bits[width - 1] == true { v -= 1 << Int64(width) }
                return ["\(info.path) == \(info.type.format(v))"]
            }
            return bits.keys.sorted().map { "\(info.path)#\($0) == \(bits[$0]! ? 1 : 0)" }
        }
        return "!(\(parts.joined(separator: " && ")))"
    }

    /// The clauses as one formula over `bits` (one Boolean term per state bit).
    package static func formula(_ clauses: [Cube], over bits: [Z3Term], in context: Z3Context) throws -> Z3Term {
        try context.and(
            clauses.map { cube in
                try context.or(cube.map { l in l & 1 == 0 ? try bits[l >> 1].not() : bits[l >> 1] })
            })
    }
}
