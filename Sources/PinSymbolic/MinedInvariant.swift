import Foundation
import PinExplicit
import PinLang
import Z3

/// Candidate lemmas mined from a set of reachable states, and the largest inductive subset
/// of them (Houdini: Flanagan and Leino, "Houdini, an annotation assistant for ESC/Java",
/// FME 2001).
///
/// The candidates are facts every state of the set satisfies: the values each slot takes,
/// the pairs of values two slots never take together (each a clause over their bits), and
/// the model's own invariants that the set satisfies. When the set is every reachable
/// state, they are all true, but their conjunction need not be inductive. Houdini drops,
/// round after round, each candidate that some successor of a state satisfying all the
/// rest breaks; what is left is inductive, because it holds initially (the initial state
/// is in the set) and nothing breaks it.
struct MinedLemmas {
    enum Lemma {
        /// The slot takes one of these values.
        case values(slot: Int, allowed: [Int64])
        /// The two slots never take these values together.
        case excludedPair(a: Int, va: Int64, b: Int, vb: Int64)
        /// The model's invariant.
        case invariant(Int)
        /// A clause over state bits: not every literal of the cube (as in IC3) holds;
        /// `literals` are the cube's literals as slot bits.
        case clause(IC3.Cube, literals: [SlotBit])

        /// Whether the lemma may tell apart two states that agree on each slot `kept` says.
        func reads(beyond kept: [Bool]) -> Bool {
            switch self {
            case .values(let slot, _): !kept[slot]
            case .excludedPair(let a, _, let b, _): !kept[a] || !kept[b]
            case .invariant: true
            case .clause(_, let literals): literals.contains { !kept[$0.slot] }
            }
        }
    }

    /// Bit `bit` of slot `slot` (of its value in two's complement) is `value`.
    struct SlotBit {
        var slot: Int
        var bit: Int
        var value: Bool
    }

    private(set) var lemmas: [Lemma] = []

    /// The lemma over a state's Boolean constants `state`, whose circuit lowering (for the
    /// model's invariants) is `lowering`. Built as Z3 terms, not circuit gates, so that it
    /// may run beside other provers that read the shared circuit.
    static func formula(
        _ lemma: Lemma, over state: [Z3Term], _ lowering: Z3Lowering, in system: TransitionSystem, _ context: Z3Context
    ) throws -> Z3Term {
        func equals(_ slot: Int, _ value: Int64) throws -> Z3Term {
            try context.and(
                system.slotBits[slot].enumerated().map { i, b in
                    (value >> Int64(i)) & 1 == 1 ? state[b] : try state[b].not()
                })
        }
        switch lemma {
        case .values(let slot, let allowed):
            return try context.or(allowed.map { try equals(slot, $0) })
        case .excludedPair(let a, let va, let b, let vb):
            return try context.and([equals(a, va), equals(b, vb)]).not()
        case .invariant(let j):
            return try lowering.term(system.invariants[j].holds)
        case .clause(let cube, _):
            return try IC3.formula([cube], over: state, in: context)
        }
    }

    /// Whether `lemma` holds in the state with slot values `state`, by the explicit engine;
    /// a model invariant whose evaluation faults counts as holding (nothing is dropped on it).
    static func holds(_ lemma: Lemma, in state: [Int64], _ stepper: Stepper) -> Bool {
        holds(lemma, in: state) { stepper.holds(invariant: $0, in: state) ?? true }
    }

    /// Whether `lemma` holds in the state with slot values `state`, where `invariant(j)`
    /// tells whether the model's invariant j does.
    static func holds(_ lemma: Lemma, in state: [Int64], invariant: (Int) -> Bool) -> Bool {
        switch lemma {
        case .values(let slot, let allowed):
            return allowed.contains(state[slot])
        case .excludedPair(let a, let va, let b, let vb):
            return !(state[a] == va && state[b] == vb)
        case .invariant(let j):
            return invariant(j)
        case .clause(_, let literals):
            return !literals.allSatisfy { (state[$0.slot] >> Int64($0.bit)) & 1 == ($0.value ? 1 : 0) }
        }
    }

    /// The lemma in the modelling language, e.g. `!(pte[0].present == true && forked == false)`.
    static func describe(_ lemma: Lemma, in system: TransitionSystem) -> String {
        let slots = system.layout.slots
        func value(_ s: Int, _ v: Int64) -> String { slots[s].type.format(v) }
        switch lemma {
        case .values(let s, let allowed):
            return "\(slots[s].path) in {\(allowed.map { value(s, $0) }.joined(separator: ", "))}"
        case .excludedPair(let a, let va, let b, let vb):
            return "!(\(slots[a].path) == \(value(a, va)) && \(slots[b].path) == \(value(b, vb)))"
        case .invariant(let j):
            return "invariant \(system.model.invariants[j].name)"
        case .clause(let cube, _):
            return IC3.describe(cube, in: system)
        }
    }

    /// Candidates from `states` (slot values per state) for `system`; `invariants` are the
    /// model's invariants that every one of the states satisfies.
    init(system: TransitionSystem, count: Int, values: (Int) -> [Int64], invariants: [Int]) {
        let slots = system.layout.slots.count
        // Each slot's values in the set, and each state as the indices of its values.
        var index = [[Int64: Int32]](repeating: [:], count: slots)
        var seen = [[Int64]](repeating: [], count: slots)
        var rows = [Int32](repeating: 0, count: count * slots)
        for i in 0..<count {
            for (s, v) in values(i).enumerated() {
                if let k = index[s][v] {
                    rows[i * slots + s] = k
                } else {
                    let k = Int32(seen[s].count)
                    index[s][v] = k
                    seen[s].append(v)
                    rows[i * slots + s] = k
                }
            }
        }
        // Slots with one value are constants of the set: one lemma each, and no pair with
        // them says more.
        var varying: [Int] = []
        for s in 0..<slots {
            let slot = system.layout.slots[s]
            if Int64(seen[s].count) < slot.domain.upperBound - slot.domain.lowerBound + 1 {
                lemmas.append(.values(slot: s, allowed: seen[s].sorted()))
            }
            if seen[s].count > 1 { varying.append(s) }
        }
        // The pairs each two varying slots never take, in parallel over the first slot.
        let (varyingSlots, values) = (varying, seen)
        var excluded = [[Lemma]](repeating: [], count: varying.count)
        excluded.withUnsafeMutableBufferPointer { out in
            let out = UncheckedSendable(out)
            rows.withUnsafeBufferPointer { rows in
                let rows = UncheckedSendable(rows)
                DispatchQueue.concurrentPerform(iterations: varyingSlots.count) { x in
                    let a = varyingSlots[x]
                    var found: [Lemma] = []
                    for b in varyingSlots[(x + 1)...] {
                        let (na, nb) = (values[a].count, values[b].count)
                        var taken = [Bool](repeating: false, count: na * nb)
                        for i in 0..<count {
                            taken[Int(rows.value[i * slots + a]) * nb + Int(rows.value[i * slots + b])] = true
                        }
                        for ka in 0..<na {
                            for kb in 0..<nb where !taken[ka * nb + kb] {
                                found.append(.excludedPair(a: a, va: values[a][ka], b: b, vb: values[b][kb]))
                            }
                        }
                    }
                    out.value[x] = found
                }
            }
        }
        lemmas += excluded.joined()
        lemmas += invariants.map { .invariant($0) }
    }
}

/// Houdini over lemmas on one step of the transition system, one action instance at a
/// time, on every core. Each instance has its own Z3 context and solver (so any worker may
/// take it), which asks for a state that keeps the live lemmas and steps, by that instance,
/// to a state that breaks one of those the instance can change: a lemma over slots the
/// instance leaves as they are is kept by it, and is not asked about. Each answer drops
/// the lemmas it breaks, and those broken in the states the explicit engine reaches from
/// it (`simulate`), for every instance. The live lemmas are inductive once every instance
/// has found no such step for the same live set.
final class Houdini: @unchecked Sendable {
    let system: TransitionSystem
    let lemmas: [MinedLemmas.Lemma]
    private let timeout: UInt32?
    private let workers: Int
    var onQuery: QueryLog?
    /// Polled before each query: once it answers true, the run stops with unknown.
    var cancelled: @Sendable () -> Bool = { false }

    private let condition = NSCondition()
    private(set) var live: [Bool]
    /// Bumped whenever lemmas are dropped.
    private var version = 0
    /// The enabled action instances, and per each: the version it last found no breaking
    /// step for, whether a worker has it, and its solver once built.
    private let instances: [Int]
    private var settled: [Int]
    private var busy: [Bool]
    /// Whether the instance's last answer was unsat.
    private var wasSettled: [Bool]
    private var queriesOf: [InstanceQuery?]
    private var outcome: Z3Result?
    private var failure: Error?
    private(set) var queries = 0
    private(set) var simulatedDrops = 0
    /// Seconds spent building the instances' solvers, over every worker.
    private(set) var buildSeconds = 0.0

    init(system: TransitionSystem, lemmas: [MinedLemmas.Lemma], workers: Int, timeoutMilliseconds: UInt32?) {
        self.system = system
        self.lemmas = lemmas
        self.workers = max(1, workers)
        timeout = timeoutMilliseconds
        live = Array(repeating: true, count: lemmas.count)
        instances = system.steps.indices.filter { system.steps[$0].enabled != .false }
        settled = Array(repeating: -1, count: instances.count)
        busy = Array(repeating: false, count: instances.count)
        wasSettled = busy
        queriesOf = Array(repeating: nil, count: instances.count)
    }

    /// Drops lemmas until the live ones are inductive (unsat: no step breaks them), or
    /// answers unknown.
    func run() throws -> Z3Result {
        if instances.isEmpty { return .unsat }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                try work()
            } catch {
                condition.lock()
                if failure == nil { failure = error }
                if outcome == nil { outcome = .unknown(reason: "\(error)") }
                condition.broadcast()
                condition.unlock()
            }
        }
        if let failure { throw failure }
        return outcome ?? .unknown(reason: "houdini stopped")
    }

    /// Takes instances not yet settled for the current live set, one at a time, until every
    /// instance is settled or the run stops.
    private func work() throws {
        let stepper = Stepper(model: system.model)
        var cursor = 0
        while true {
            condition.lock()
            var picked: Int?
            while outcome == nil {
                // Instances not yet settled, or whose last answer broke lemmas, before those
                // settled for an older live set: those are more likely to break more, and
                // re-asking the others can wait until the live set stops shrinking.
                let order = (0..<instances.count).lazy.map { (cursor + $0) % self.instances.count }
                let open = order.filter { !self.busy[$0] && self.settled[$0] < self.version }
                if let k = open.first(where: { !self.wasSettled[$0] }) ?? open.first {
                    picked = k
                    break
                }
                if !busy.contains(true) {
                    outcome = .unsat
                    condition.broadcast()
                    break
                }
                condition.wait()
            }
            guard let k = picked, outcome == nil else {
                condition.unlock()
                return
            }
            if cancelled() {
                outcome = .unknown(reason: "stopped")
                condition.broadcast()
                condition.unlock()
                return
            }
            busy[k] = true
            cursor = k + 1
            let (snapshot, seen, existing) = (live, version, queriesOf[k])
            condition.unlock()

            // Only the worker holding instance k touches its solver; the table is read and
            // written under the lock.
            let built = DispatchTime.now().uptimeNanoseconds
            let query = try existing ?? InstanceQuery(system: system, instance: instances[k], lemmas: lemmas, timeout: timeout)
            let building = existing == nil ? Double(DispatchTime.now().uptimeNanoseconds - built) / 1e9 : 0
            let start = DispatchTime.now().uptimeNanoseconds
            let (result, broken, state) = try query.check(live: snapshot)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var dropped = broken
            var simulated = 0
            if let state {
                var rest = snapshot
                for i in broken { rest[i] = false }
                let more = simulate(from: state, live: rest, stepper)
                simulated = more.count
                dropped += more
            }

            condition.lock()
            busy[k] = false
            queriesOf[k] = query
            buildSeconds += building
            queries += 1
            switch result {
            case .sat:
                wasSettled[k] = false
                let fresh = dropped.filter { live[$0] }
                for i in fresh { live[i] = false }
                if !fresh.isEmpty { version += 1 }
                simulatedDrops += simulated
            case .unsat:
                settled[k] = seen
                wasSettled[k] = true
            case .unknown:
                outcome = result
            }
            let count = live.filter { $0 }.count
            condition.broadcast()
            condition.unlock()
            onQuery?(
                "houdini \(query.name) (dropped \(dropped.count), \(simulated) by simulation, live \(count))", seconds,
                result.description)
        }
    }

    /// The most states `simulate` visits from one counterexample to induction.
    static let simulationBudget = 4096

    /// The live lemmas broken in some state the explicit engine reaches from `state`, a
    /// counterexample to induction that satisfies them all, breadth-first within
    /// `simulationBudget` states. Each is outside the largest inductive subset of the live
    /// lemmas, which `state` satisfies and so every state reached from it: dropping them
    /// saves Z3 a query each. What Houdini keeps is still decided by Z3 alone (every
    /// instance unsat for the last live set), so a step the two engines took differently
    /// could only drop too much, never keep a lemma that is not inductive.
    func simulate(from state: [Int64], live: [Bool], _ stepper: Stepper) -> [Int] {
        var alive = lemmas.indices.filter { live[$0] }
        var dropped: [Int] = []
        var seen: Set<[Int64]> = [state]
        var queue = [state]
        var head = 0
        while head < queue.count && !alive.isEmpty {
            let here = queue[head]
            head += 1
            alive.removeAll { i in
                let broken = !MinedLemmas.holds(lemmas[i], in: here, stepper)
                if broken { dropped.append(i) }
                return broken
            }
            guard seen.count < Self.simulationBudget else { continue }
            for (_, next) in stepper.successors(of: here) where seen.count < Self.simulationBudget {
                if seen.insert(next).inserted { queue.append(next) }
            }
        }
        return dropped
    }
}

/// One action instance's Houdini query, in a Z3 context of its own: the state `s` within
/// the domain, the instance enabled, each lemma at `s` under its indicator literal, and,
/// for each lemma the instance may change, a literal that says it is broken at the
/// successor. The successor's bits are the instance's successor terms over `s`, except
/// that a slot the instance leaves as it is keeps `s`'s own bits (its successor bits are
/// `readBits`, which within the domain are `s`'s), so that a lemma over such slots is the
/// same term at both states and needs no question.
private final class InstanceQuery {
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

    init(system: TransitionSystem, instance: Int, lemmas: [MinedLemmas.Lemma], timeout: UInt32?) throws {
        self.system = system
        self.instance = instance
        self.lemmas = lemmas
        name = system.call(instance).call
        let context = try Z3Context(timeoutMilliseconds: timeout)
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

extension PropertyDirectedReachability {
    /// Lemmas mined from the explicit engine's reachable states, the inductive ones among
    /// them (Houdini), and IC3 for invariant `j` on top of them: IC3 works within the
    /// lemmas as within the domain constraint, and the certificate's invariant is the
    /// lemmas and IC3's clauses. Whatever the lemmas, the certificate's three obligations
    /// decide the proof. A complete explicit search is needed for the lemmas to be facts of
    /// every reachable state; a violation or a fault it finds goes to BMC for the trace.
    func proveByMinedLemmas(_ j: Int, property: Bit, cancelled: @escaping @Sendable () -> Bool = { false }) throws
        -> ProverAnswer
    {
        let start = DispatchTime.now().uptimeNanoseconds
        var search = minedSearch ?? ReachableSearch(self, invariants: Array(model.invariants.indices))
        if let answer = try explicitAnswer(j, &search, property: property, prover: "mined") { return answer }
        let states = search.exploration.states
        var by = "mined (\(states.count) states"
        let found = try inductiveLemmas(of: search, cancelled: cancelled)
        guard let (kept, candidates) = found.lemmas else {
            return ProverAnswer(.unknown(reason: "finding the inductive lemmas: \(found.reason)"), nil, by + ")")
        }
        by += ", \(kept.count) of \(candidates) lemmas inductive"
        let lemmas: IC3.Strengthening = { [system] state, lowering, context in
            try context.and(kept.map { try MinedLemmas.formula($0, over: state, lowering, in: system, context) })
        }
        let readable = kept.map { MinedLemmas.describe($0, in: system) }
        let summary = "\(kept.count) lemmas mined from the \(states.count) reachable states"
        // When the lemmas alone imply the property, they are the certificate's invariant,
        // whose init and step obligations every such property of the run shares.
        if search.lemmaProof == nil {
            search.lemmaProof = try LemmaProof(
                frame: CertificateFrame(system: system, context: Z3Context(timeoutMilliseconds: timeout)), strengthening: lemmas)
        }
        if let proof = search.lemmaProof, try proof.implies(invariant: j) == .unsat {
            var certificate = try proof.frame.certificate(
                invariant: proof.invariant, shared: proof.shared(), invariant: j,
                summary: summary)
            certificate.readable = readable
            return ProverAnswer(.unsat, certificate, by + ", which imply it)")
        }
        let deadline = timeout.map { start + UInt64($0) * 1_000_000 }
        // When the lemmas rule out every action fault, IC3 needs only the invariant's own
        // part of the property, a far smaller cone; the certificate still has it all.
        let target = search.lemmaProof?.rulesOutFaults == true ? system.holdsWithoutFault[j] : property
        let ic3 = try IC3(system: system, property: target, deadline: deadline, strengthening: lemmas)
        ic3.cancelled = cancelled
        let outcome = try ic3.run()
        by += ", then ic3 \(ic3.statistics.summary))"
        switch outcome {
        case .unknown(let reason):
            return ProverAnswer(.unknown(reason: reason), nil, by)
        case .violated:
            return ProverAnswer(.sat, nil, by)
        case .proved(let clauses):
            let context = try Z3Context(timeoutMilliseconds: timeout)
            let frame = try CertificateFrame(system: system, context: context)
            let invariant = try context.and([
                lemmas(frame.s, frame.now, context), IC3.formula(clauses, over: frame.s, in: context),
            ])
            var certificate = try frame.certificate(
                invariant: invariant, invariant: j, summary: summary + ", and \(clauses.count) IC3 clauses")
            certificate.readable = readable + clauses.map { IC3.describe($0, in: system) }
            return ProverAnswer(.unsat, certificate, by)
        }
    }

    /// The lemmas mined from the states of `search` (complete: it decided the invariant
    /// asked for) that Houdini keeps, or nil with Houdini's answer when it gave none. Kept in
    /// the search for the run's other invariants, unless a race stopped Houdini midway.
    func inductiveLemmas(of search: ReachableSearch, cancelled: @escaping @Sendable () -> Bool) throws
        -> ReachableSearch.InductiveLemmas
    {
        if let done = search.inductiveLemmas { return done }
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let (result, states) = search.exploration
        // Every model invariant the search saw hold is a candidate too.
        let holding = zip(search.invariants, result.verdicts).compactMap { i, v in
            if case .holds = v.verdict { i } else { nil }
        }
        let mined = MinedLemmas(system: system, count: states.count, values: { states.values($0) }, invariants: holding)
        onQuery?("mine \(mined.lemmas.count) lemmas from \(states.count) states", elapsed(), "done")
        let houdini = Houdini(
            system: system, lemmas: mined.lemmas, workers: ProcessInfo.processInfo.activeProcessorCount,
            timeoutMilliseconds: timeout)
        houdini.onQuery = onQuery
        houdini.cancelled = cancelled
        let inductive = try houdini.run()
        onQuery?(
            "houdini: \(houdini.queries) queries, \(houdini.simulatedDrops) lemmas dropped by simulation, solvers built in \(String(format: "%.1f", houdini.buildSeconds)) s",
            elapsed(), inductive.description)
        let kept = mined.lemmas.indices.filter { houdini.live[$0] }.map { mined.lemmas[$0] }
        let answer = (inductive == .unsat ? (kept, mined.lemmas.count) : nil, inductive.description)
        if inductive == .unsat || !cancelled() { search.inductiveLemmas = answer }
        return answer
    }
}

/// The mined prover's inductive lemmas as a certificate's invariant, made once per run:
/// whether they imply a property, and their init, step and `nofault` obligations, which
/// the certificates of all the properties they imply share (and the run re-checks once).
final class LemmaProof {
    let frame: CertificateFrame
    /// The lemmas over the frame's state `s`.
    let invariant: Z3Term
    private var obligations: [(name: String, script: String)]?
    /// Whether the lemmas imply that no action instance faults, once asked.
    private var noFault: Z3Result?
    /// The lemmas imply that no action instance faults (known once `implies` was asked).
    var rulesOutFaults: Bool { noFault == .unsat }

    init(frame: CertificateFrame, strengthening: IC3.Strengthening) throws {
        self.frame = frame
        invariant = try strengthening(frame.s, frame.now, frame.context)
    }

    /// unsat when every state within the domain that keeps the lemmas keeps invariant j
    /// (without a fault in its evaluation) and faults in no action instance: two
    /// questions, the second the same for every invariant and asked once.
    func implies(invariant j: Int) throws -> Z3Result {
        let system = frame.system
        if noFault == nil { noFault = try breaks(system.noStepFault) }
        guard noFault == .unsat else { return noFault! }
        return try breaks(system.holdsWithoutFault[j])
    }

    /// Whether a state within the domain keeps the lemmas and breaks `bit`, in a solver of
    /// its own (one solver asked again and again slows down with each question).
    private func breaks(_ bit: Bit) throws -> Z3Result {
        let solver = try Z3Solver(context: frame.context, logic: "QF_FD")
        try solver.assert(frame.domain)
        try solver.assert(invariant)
        try solver.assert(frame.now.term(bit).not())
        return try solver.check()
    }

    /// The lemmas' `init.smt2`, step parts and `nofault.smt2`, written out when first asked
    /// for (and then the same text for every invariant).
    func shared() throws -> [(name: String, script: String)] {
        if let obligations { return obligations }
        let made = try frame.sharedObligations(invariant)
        obligations = made
        return made
    }
}
