import PinExplicit
import PinLang
import PinSymbolic
import Z3

/// The explicit engine's reachable states as the inductive invariant: when the explicit
/// search is complete and finds neither a fault nor a violation, its states become a
/// decision diagram over the state bits, and the certificate's obligations say, in Z3's
/// terms, that the set contains the initial state, is closed under every action instance
/// of the circuit, and satisfies the property. So a proof that re-checks also shows that
/// the circuit and the explicit engine's interpreter agree on every reachable state's
/// successors; a disagreement fails the re-check.
public final class ReachableProver: Prover {
    public let name = "reachable"
    let timeout: Duration?
    let limits: SearchLimits
    let workers: Int
    /// The invariants a run checks, searched for at once; made on the first goal.
    private let invariants: [Int]
    private var search: ExplicitSearch?

    /// `invariants` are those the run checks (one search serves them all).
    public init(invariants: [Int], timeout: Duration? = nil, maxStates: Int = 5_000_000, workers: Int) {
        self.invariants = invariants
        self.timeout = timeout
        limits = SearchLimits(maxStates: maxStates, timeLimit: timeout)
        self.workers = workers
    }

    public func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer {
        let j = goal.invariant.rawValue
        let shared =
            search ?? ExplicitSearch(system: goal.system, invariants: invariants, limits: limits, workers: workers)
        search = shared
        var search = shared.invariants.contains(j) ? shared : shared.searching([j])
        search.stop = stop
        if let answer = try ExplicitSearch.answer(goal, &search, prover: name) { return answer }
        let states = search.exploration.states
        let diagram = search.diagram
        let context = try Z3Context(timeout: timeout)
        let relation = try StepRelation(system: goal.system, context: context)
        let invariant = try diagram.formula(over: relation.s, in: context)
        let summary =
            "the \(states.count) states the explicit engine reaches, as a decision diagram of \(diagram.size) nodes over the state bits"
        let certificate = try relation.certificate(invariant: invariant, invariant: j, summary: summary)
        return ProverAnswer(.proved(certificate), by: "reachable (\(states.count) states)")
    }
}
