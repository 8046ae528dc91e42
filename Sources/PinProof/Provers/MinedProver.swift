import Foundation
import PinExplicit
import PinLang
import PinSymbolic
import Z3

/// Lemmas mined from the explicit engine's reachable states, the inductive ones among
/// them (Houdini), and IC3 on top of them: IC3 works within the lemmas as within the
/// domain constraint, and the certificate's invariant is the lemmas and IC3's clauses.
/// Whatever the lemmas, the certificate's obligations decide the proof. A complete
/// explicit search is needed for the lemmas to be facts of every reachable state; a
/// violation it finds is answered with its trace. The search, the mined lemmas and their
/// proof are made once per run, for every invariant of the model.
public final class MinedProver: Prover {
    public let name = "mined"
    let timeout: Duration?
    let limits: SearchLimits
    let workers: Int
    private var search: ExplicitSearch?
    /// The inductive lemmas and how many were mined, or nil with Houdini's answer when it
    /// gave none; kept for the run's other goals unless a stop cut Houdini short.
    private var inductive: (lemmas: (kept: [MinedLemmas.Lemma], candidates: Int)?, reason: String)?
    /// The inductive lemmas as an invariant of their own, for the properties they imply.
    private var lemmaProof: LemmaProof?

    public init(timeout: Duration? = nil, maxStates: Int = 5_000_000, workers: Int) {
        self.timeout = timeout
        limits = SearchLimits(maxStates: maxStates, timeLimit: timeout)
        self.workers = workers
    }

    public func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer {
        let watch = Stopwatch()
        let system = goal.system
        let every = Array(system.model.invariants.indices)
        var search = self.search ?? ExplicitSearch(system: system, invariants: every, limits: limits, workers: workers)
        if self.search == nil { self.search = search }
        search.stop = stop
        events(.phase("mined \(goal.name): explicit search", elapsed: .zero))
        if let answer = try ExplicitSearch.answer(goal, &search, prover: name) { return answer }
        let states = search.exploration.states
        var by = "mined (\(states.count) states"
        let found = try inductiveLemmas(of: search, system, stop: stop, events: events)
        guard let (kept, candidates) = found.lemmas else {
            return ProverAnswer(.unknown("finding the inductive lemmas: \(found.reason)"), by: by + ")")
        }
        by += ", \(kept.count) of \(candidates) lemmas inductive"
        let lemmas: IC3.Strengthening = { state, lowering, context in
            try context.and(kept.map { try MinedLemmas.formula($0, over: state, lowering, in: system, context) })
        }
        let readable = kept.map { MinedLemmas.describe($0, in: system) }
        let summary = "\(kept.count) lemmas mined from the \(states.count) reachable states"
        let j = goal.invariant.rawValue
        // When the lemmas alone imply the property, they are the certificate's invariant,
        // whose init and step obligations every such property of the run shares.
        if lemmaProof == nil {
            let context = try Z3Context(timeout: timeout)
            lemmaProof = try LemmaProof(relation: StepRelation(system: system, context: context), strengthening: lemmas)
        }
        if let proof = lemmaProof, try proof.implies(invariant: j) == .unsat {
            var certificate = try proof.relation.certificate(
                invariant: proof.invariant, shared: proof.shared(), invariant: j, summary: summary)
            certificate.readable = readable
            return ProverAnswer(.proved(certificate), by: by + ", which imply it)")
        }
        let remaining = timeout.map { $0 - watch.elapsed }
        // When the lemmas rule out every action fault, IC3 needs only the invariant's own
        // part of the property, a far smaller cone; the certificate still has it all.
        let target = lemmaProof?.rulesOutFaults == true ? system.holdsWithoutFault[j] : goal.property
        let ic3 = try IC3(system: system, property: target, deadline: deadline(after: remaining), strengthening: lemmas)
        ic3.onFrame = { events(.phase("mined \(goal.name): ic3 frame \($0), \($1) clauses", elapsed: .zero)) }
        let outcome = try ic3.run(stop: stop)
        by += ", then ic3 \(ic3.statistics.summary))"
        switch outcome {
        case .unknown(let reason):
            return ProverAnswer(.unknown(reason), by: by)
        case .violated:
            return ProverAnswer(.violated(nil), by: by)
        case .proved(let clauses):
            let context = try Z3Context(timeout: timeout)
            let relation = try StepRelation(system: system, context: context)
            let invariant = try context.and([
                lemmas(relation.s, relation.now, context), IC3.formula(clauses, over: relation.s, in: context),
            ])
            var certificate = try relation.certificate(
                invariant: invariant, invariant: j, summary: summary + ", and \(clauses.count) IC3 clauses")
            certificate.readable = readable + clauses.map { IC3.describe($0, in: system) }
            return ProverAnswer(.proved(certificate), by: by)
        }
    }

    /// The lemmas mined from the states of `search` (complete: it decided the invariant
    /// asked for) that Houdini keeps, or nil with Houdini's answer when it gave none.
    private func inductiveLemmas(
        of search: ExplicitSearch, _ system: TransitionSystem, stop: StopToken, events: @escaping EventSink
    ) throws -> (lemmas: (kept: [MinedLemmas.Lemma], candidates: Int)?, reason: String) {
        if let inductive { return inductive }
        let watch = Stopwatch()
        let (result, states) = search.exploration
        // Every model invariant the search saw hold is a candidate too.
        let holding = zip(search.invariants, result.verdicts).compactMap { i, v in
            if case .holds = v.verdict { i } else { nil }
        }
        let mined: MinedLemmas
        do {
            mined = try MinedLemmas(
                system: system, count: states.count, values: { states.values($0) }, invariants: holding, stop: stop)
        } catch is StopToken.Stopped {
            return (nil, "unknown (\(stop.reason?.description ?? "stopped") while mining)")
        }
        events(.query(what: "mine \(mined.lemmas.count) lemmas from \(states.count) states", took: watch.elapsed, answer: "done"))
        let houdini = Houdini(system: system, lemmas: mined.lemmas, workers: workers, timeout: timeout)
        houdini.events = events
        houdini.stop = stop
        let answer = try houdini.run()
        events(
            .query(
                what:
                    "houdini: \(houdini.queries) queries, \(houdini.simulatedDrops) lemmas dropped by simulation, solvers built in \(String(format: "%.1f", houdini.buildTime.inSeconds)) s",
                took: watch.elapsed, answer: answer.description))
        let kept = mined.lemmas.indices.filter { houdini.live[$0] }.map { mined.lemmas[$0] }
        let found = (answer == .unsat ? (kept, mined.lemmas.count) : nil, answer.description)
        if answer == .unsat || !stop.isStopped { inductive = found }
        return found
    }
}
