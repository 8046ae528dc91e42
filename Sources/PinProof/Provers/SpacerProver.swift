import PinLang
import PinSymbolic

/// Z3's Spacer (constrained Horn clauses) as a prover; its invariant is a Z3 term over the
/// state bits, so its certificate has no `invariant.txt`.
public final class SpacerProver: Prover {
    public let name = "spacer"
    let timeout: Duration?

    public init(timeout: Duration? = nil) { self.timeout = timeout }

    public func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer {
        events(.phase("spacer \(goal.name)", elapsed: .zero))
        switch try Spacer.prove(goal.system, property: goal.property, timeout: timeout, stop: stop) {
        case .proved(let invariant, let relation):
            let certificate = try relation.certificate(invariant: invariant, invariant: goal.invariant.rawValue)
            return ProverAnswer(.proved(certificate), by: name)
        case .violated:
            return ProverAnswer(.violated(nil), by: name)
        case .unknown(let reason):
            return ProverAnswer(.unknown(reason), by: name)
        }
    }
}
