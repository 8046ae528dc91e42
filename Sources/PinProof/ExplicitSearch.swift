import PinExplicit
import PinLang
import PinSymbolic

/// The explicit search the `reachable` and `mined` provers build on, for some invariants
/// at once, made when first asked for, and its states as a decision diagram, built when a
/// proof first needs it. When one of the invariants holds the search is complete (it
/// stops early only once all are violated), so every proof among them shares one state
/// set. The prover's time limit limits the search too.
final class ExplicitSearch {
    let invariants: [Int]
    private let system: TransitionSystem
    private let limits: SearchLimits
    private let workers: Int

    init(system: TransitionSystem, invariants: [Int], limits: SearchLimits, workers: Int) {
        self.invariants = invariants
        self.system = system
        self.limits = limits
        self.workers = workers
    }

    /// The same search for other invariants.
    func searching(_ invariants: [Int]) -> ExplicitSearch {
        ExplicitSearch(system: system, invariants: invariants, limits: limits, workers: workers)
    }

    /// The token the search polls: set it to the asking prover's before reading `exploration`.
    var stop = StopToken.never
    private var finished: (result: ExplorationResult, states: ReachableStates)?

    /// The search's result, kept unless a stop cut it short (a later goal searches again).
    var exploration: (result: ExplorationResult, states: ReachableStates) {
        if let finished { return finished }
        var explorer = Explorer(model: system.model)
        explorer.limits = limits
        explorer.workers = workers
        explorer.stop = stop
        let explored = explorer.explore(invariants: invariants.map { system.model.invariants[$0].name })
        if explored.result.stopped == nil { finished = explored }
        return explored
    }

    private(set) lazy var diagram: StateSetDiagram = {
        let states = exploration.states
        return StateSetDiagram(count: states.count, bitCount: system.stateBits.count) { i, bits in
            bits = system.bits(states.values(i))
        }
    }()

    /// The search's answer for `goal` unless the invariant holds there (nil): a violation
    /// is a violation with the search's (shortest) trace once the circuit replays it to a
    /// state that breaks the property, a fault a violation without a trace (BMC traces it),
    /// an incomplete search unknown. A trace the circuit does not replay is a disagreement of
    /// the two encodings, and unknown. A fault stops a search of several invariants, and it
    /// may be another invariant's (in its evaluation), which is no counterexample for this
    /// one: then the goal gets a search of its own, left in `search`. `prover` names the
    /// prover in the answer.
    static func answer(_ goal: ProofGoal, _ search: inout ExplicitSearch, prover: String) throws -> ProverAnswer? {
        let j = goal.invariant.rawValue
        if search.exploration.result.fault != nil, search.invariants != [j] {
            let stop = search.stop
            search = search.searching([j])
            search.stop = stop
        }
        let result = search.exploration.result
        let by = "\(prover) (\(result.statistics.states) states)"
        if result.fault != nil { return ProverAnswer(.violated(nil), by: by) }
        switch result.verdicts.first(where: { $0.invariant == goal.name })?.verdict {
        case .violated(let trace):
            if let difference = goal.system.replay(trace, breaking: goal.property) {
                let reason = "the explicit engine's trace for \(goal.name) does not replay on the circuit: \(difference)"
                return ProverAnswer(.unknown(reason), by: by)
            }
            return ProverAnswer(.violated(trace), by: by)
        case .incomplete(let reason), .unknown(let reason):
            let what = reason.hasPrefix("time limit") ? "timeout: " : ""
            return ProverAnswer(.unknown("\(what)explicit search incomplete: \(reason)"), by: by)
        case nil:
            throw EncodingError("the explicit search did not decide \(goal.name)")
        case .holds:
            return nil
        }
    }
}
