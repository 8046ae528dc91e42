import Foundation
import PinLang
import PinSymbolic
import Z3

/// IC3 over the state bits on Z3's SAT solver; a proof's clauses are the certificate's
/// invariant, and its `invariant.txt` in the modelling language.
public final class IC3Prover: Prover {
    public let name = "ic3"
    let timeout: Duration?

    public init(timeout: Duration? = nil) { self.timeout = timeout }

    public func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer {
        let ic3 = try IC3(system: goal.system, property: goal.property, deadline: deadline(after: timeout))
        events(.phase("ic3 \(goal.name)", elapsed: .zero))
        ic3.onFrame = { events(.phase("ic3 \(goal.name): frame \($0), \($1) clauses", elapsed: .zero)) }
        let outcome = try ic3.run(stop: stop)
        let by = "ic3 \(ic3.statistics.summary)"
        switch outcome {
        case .unknown(let reason):
            return ProverAnswer(.unknown(reason), by: by)
        case .violated:
            return ProverAnswer(.violated(nil), by: by)
        case .proved(let clauses):
            let context = try Z3Context(timeout: timeout)
            let relation = try StepRelation(system: goal.system, context: context)
            // IC3's frames keep the property only through its bad-state queries, so its
            // clauses alone need not imply it: where the property is inductive by itself,
            // IC3 proves it with no clause, and the invariant "true" failed safe.smt2
            // (differential test, seed 146). The property is part of the invariant.
            let clausesFormula = try IC3.formula(clauses, over: relation.s, in: context)
            let invariant = try context.and([clausesFormula, relation.now.term(goal.property)])
            var certificate = try relation.certificate(invariant: invariant, invariant: goal.invariant.rawValue)
            certificate.readable = clauses.map { IC3.describe($0, in: goal.system) }
            return ProverAnswer(.proved(certificate), by: by)
        }
    }
}

/// The instant at which `timeout` runs out from now (IC3's deadline).
func deadline(after timeout: Duration?) -> ContinuousClock.Instant? {
    timeout.map { .now + $0 }
}
