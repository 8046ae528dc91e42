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

/// A value handed to threads that only read it, or touch disjoint parts of it (the
/// portfolio's lanes, `concurrentPerform`'s iterations).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Houdini over lemmas on one step of the transition system, on every core: each lane has
/// its own Z3 context and a share of the action instances, and asks for a state that keeps
/// the live lemmas and steps, by one of its instances, to a state that breaks one. Each
/// answer drops the lemmas it breaks, for every lane. The live lemmas are inductive once
/// every lane has found no such step for the same live set.
final class Houdini: @unchecked Sendable {
    let system: TransitionSystem
    let lemmas: [MinedLemmas.Lemma]
    private let timeout: UInt32?
    var onQuery: QueryLog?
    /// Polled before each query: once it answers true, the run stops with unknown.
    var cancelled: @Sendable () -> Bool = { false }

    private let condition = NSCondition()
    private(set) var live: [Bool]
    /// Bumped whenever lemmas are dropped.
    private var version = 0
    /// Per lane: the version it last found no breaking step for.
    private var settled: [Int]
    private var outcome: Z3Result?
    private var failure: Error?
    private(set) var queries = 0

    init(system: TransitionSystem, lemmas: [MinedLemmas.Lemma], lanes: Int, timeoutMilliseconds: UInt32?) {
        self.system = system
        self.lemmas = lemmas
        timeout = timeoutMilliseconds
        live = Array(repeating: true, count: lemmas.count)
        settled = Array(repeating: -1, count: max(1, lanes))
    }

    /// Drops lemmas until the live ones are inductive (unsat: no step breaks them), or
    /// answers unknown.
    func run() throws -> Z3Result {
        let lanes = settled.count
        let instances = system.steps.indices.filter { system.steps[$0].enabled != .false }
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            do {
                try work(lane, instances: Set(instances.enumerated().filter { $0.offset % lanes == lane }.map(\.element)))
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

    private func work(_ lane: Int, instances: Set<Int>) throws {
        let context = try Z3Context(timeoutMilliseconds: timeout)
        let path = try Unrolling(system: system, context: context, prefix: "h\(lane).")
        try path.addFrame(restricted: true)
        try path.addFrame(restricted: false, instances: instances)
        var indicators: [Z3Term] = []
        var broken: [Z3Term] = []
        var next: [Z3Term] = []
        for (i, lemma) in lemmas.enumerated() {
            let indicator = try context.boolConst("h.lemma\(i)")
            let (now, then) = try (formula(lemma, path, at: 0), formula(lemma, path, at: 1))
            try path.solver.assert(indicator.implies(now))
            let b = try context.boolConst("h.broken\(i)")
            try path.solver.assert(b.implies(then.not()))
            next.append(then)
            indicators.append(indicator)
            broken.append(b)
        }
        let goal = try context.boolConst("h.goal")
        try path.solver.assert(goal.implies(context.or(broken)))
        var retired = Array(repeating: false, count: lemmas.count)
        while true {
            condition.lock()
            while outcome == nil && settled[lane] == version { condition.wait() }
            if outcome != nil {
                condition.unlock()
                return
            }
            let (snapshot, seen) = (live, version)
            if cancelled() {
                outcome = .unknown(reason: "stopped")
                condition.broadcast()
                condition.unlock()
                return
            }
            condition.unlock()
            for i in lemmas.indices where !snapshot[i] && !retired[i] {
                try path.solver.assert(broken[i].not())
                retired[i] = true
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try path.solver.check(assuming: [goal] + lemmas.indices.filter { snapshot[$0] }.map { indicators[$0] })
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var dropped: [Int] = []
            if result == .sat {
                let m = try path.solver.model()
                for i in lemmas.indices where snapshot[i] {
                    if try !m.evalBool(next[i]) { dropped.append(i) }
                }
                if dropped.isEmpty { throw EncodingError("houdini: a step breaks no live lemma") }
            }
            condition.lock()
            queries += 1
            switch result {
            case .sat:
                let fresh = dropped.filter { live[$0] }
                for i in fresh { live[i] = false }
                if !fresh.isEmpty { version += 1 }
            case .unsat:
                settled[lane] = seen
                if settled.allSatisfy({ $0 == version }) { outcome = .unsat }
            case .unknown:
                outcome = result
            }
            let count = live.filter { $0 }.count
            condition.broadcast()
            condition.unlock()
            onQuery?("houdini lane \(lane) (dropped \(dropped.count), live \(count))", seconds, result.description)
        }
    }

    private func formula(_ lemma: MinedLemmas.Lemma, _ path: Unrolling, at k: Int) throws -> Z3Term {
        try MinedLemmas.formula(lemma, over: path.frames[k], path.lowerings[k], in: system, path.context)
    }
}

extension PropertyDirectedReachability {
    /// Lemmas mined from the explicit engine's reachable states, the inductive ones among
    /// them (Houdini), and IC3 for invariant `j` on top of them: IC3 works within the
    /// lemmas as within the domain constraint, and the certificate's invariant is the
    /// lemmas and IC3's clauses. Whatever the lemmas, the certificate's three obligations
    /// decide the proof. A complete explicit search is needed for the lemmas to be facts of
    /// every reachable state; a violation or a fault it finds goes to BMC for the trace.
    func proveByMinedLemmas(_ j: Int, property: Bit, cancelled: @escaping @Sendable () -> Bool = { false }) throws -> (
        Z3Result, Certificate?, String
    ) {
        let start = DispatchTime.now().uptimeNanoseconds
        var search = minedSearch ?? ReachableSearch(self, invariants: Array(model.invariants.indices))
        if let answer = try explicitAnswer(j, &search, prover: "mined") { return answer }
        let states = search.exploration.states
        var by = "mined (\(states.count) states"
        let found = try inductiveLemmas(of: search, cancelled: cancelled)
        guard let (kept, candidates) = found.lemmas else {
            return (.unknown(reason: "finding the inductive lemmas: \(found.reason)"), nil, by + ")")
        }
        by += ", \(kept.count) of \(candidates) lemmas inductive"
        let lemmas: IC3.Strengthening = { [system] state, lowering, context in
            try context.and(kept.map { try MinedLemmas.formula($0, over: state, lowering, in: system, context) })
        }
        let deadline = timeout.map { start + UInt64($0) * 1_000_000 }
        let ic3 = try IC3(system: system, property: property, deadline: deadline, strengthening: lemmas)
        ic3.cancelled = cancelled
        let outcome = try ic3.run()
        by += ", then ic3 \(ic3.statistics.summary))"
        switch outcome {
        case .unknown(let reason):
            return (.unknown(reason: reason), nil, by)
        case .violated:
            return (.sat, nil, by)
        case .proved(let clauses):
            let context = try Z3Context(timeoutMilliseconds: timeout)
            let frame = try CertificateFrame(system: system, context: context)
            let invariant = try context.and([
                lemmas(frame.s, frame.now, context), IC3.formula(clauses, over: frame.s, in: context),
            ])
            var certificate = try frame.certificate(
                invariant: invariant, invariant: j, safety: property,
                summary:
                    "\(kept.count) lemmas mined from the \(states.count) reachable states, and \(clauses.count) IC3 clauses"
            )
            certificate.readable =
                kept.map { MinedLemmas.describe($0, in: system) } + clauses.map { IC3.describe($0, in: system) }
            return (.unsat, certificate, by)
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
            system: system, lemmas: mined.lemmas, lanes: ProcessInfo.processInfo.activeProcessorCount,
            timeoutMilliseconds: timeout)
        houdini.onQuery = onQuery
        houdini.cancelled = cancelled
        let inductive = try houdini.run()
        onQuery?("houdini: \(houdini.queries) queries", elapsed(), inductive.description)
        let kept = mined.lemmas.indices.filter { houdini.live[$0] }.map { mined.lemmas[$0] }
        let answer = (inductive == .unsat ? (kept, mined.lemmas.count) : nil, inductive.description)
        if inductive == .unsat || !cancelled() { search.inductiveLemmas = answer }
        return answer
    }
}
