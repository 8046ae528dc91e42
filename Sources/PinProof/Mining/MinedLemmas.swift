import Foundation
import PinExplicit
import PinLang
import PinSymbolic
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
package struct MinedLemmas {
    package enum Lemma {
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

    /// Literal `bit` of slot `slot` (of its value in two's complement) is `value`.
    package struct SlotBit {
        package var slot: Int
        package var bit: Int
        package var value: Bool
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
        func value(_ s: Int, _ v: Int64) -> String { slots[s].type.literal(v) }
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
    /// model's invariants that every one of the states satisfies. Pairing the slots over
    /// hundreds of thousands of states takes seconds, so a stop ends it (throwing
    /// `StopToken.Stopped`).
    init(system: TransitionSystem, count: Int, values: (Int) -> [Int64], invariants: [Int], stop: StopToken = .never)
        throws
    {
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
                    for b in varyingSlots[(x + 1)...] where !stop.isStopped {
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
        if stop.isStopped { throw StopToken.Stopped() }
        lemmas += excluded.joined()
        lemmas += invariants.map { .invariant($0) }
    }
}
