/// The events of one breadth-first level, gathered chunk by chunk from the workers, and
/// the rule that decides what the level reports, the same rule as the bounded check's
/// (`BoundedModelChecker.run`), so every engine gives one answer:
/// - a state of the level that breaks an invariant decides it as violated, and so does a
///   state with no enabled action the deadlock test, whatever else the level holds;
/// - a fault in the level (evaluating an invariant, or firing an action instance from one
///   of its states) ends the search when something is still open after that, and every
///   open invariant is then incomplete ("fault");
/// - among several, the first in `EventPosition` order is reported (its trace), as a
///   one-worker search meets it, so nothing depends on how the level was split.
struct LevelEvents {
    /// Per checked invariant, the first state of the level that breaks it.
    var violation: [Int?]
    /// Per checked invariant, the first state where evaluating it faulted.
    var evaluationFault: [(state: Int, fault: Fault)?]
    var actionFault: (state: Int, instance: Int, fault: Fault)?
    var deadlock: Int?
    let instanceCount: Int

    init(invariantCount: Int, instanceCount: Int) {
        violation = Array(repeating: nil, count: invariantCount)
        evaluationFault = Array(repeating: nil, count: invariantCount)
        self.instanceCount = instanceCount
    }

    /// Adds a worker's events for one chunk.
    mutating func absorb(_ out: WorkerOutput) {
        for k in violation.indices {
            if out.violations[k] >= 0, violation[k].map({ out.violations[k] < $0 }) ?? true { violation[k] = out.violations[k] }
            if let f = out.invariantFaults[k], evaluationFault[k].map({ f.state < $0.state }) ?? true {
                evaluationFault[k] = f
            }
        }
        if let f = out.actionFault, actionFault.map({ (f.state, f.instance) < ($0.state, $0.instance) }) ?? true {
            actionFault = f
        }
        if let d = out.deadlock, deadlock.map({ d < $0 }) ?? true { deadlock = d }
    }

    /// Whether the level decides the search: every invariant in `pending` (those open at
    /// the level's start) is violated in it, and a deadlock is found when `needsDeadlock`.
    /// With nothing to decide (no invariant, no deadlock test) the search covers every state.
    func decides(pending: [Int], needsDeadlock: Bool) -> Bool {
        if pending.isEmpty && !needsDeadlock { return false }
        return pending.allSatisfy { violation[$0] != nil } && (!needsDeadlock || deadlock != nil)
    }

    /// The first fault of the level: its position, state, action instance (-1 for an
    /// invariant's evaluation) and fault.
    var firstFault: (position: EventPosition, state: Int, instance: Int, fault: Fault)? {
        var found: (position: EventPosition, state: Int, instance: Int, fault: Fault)?
        for (k, event) in evaluationFault.enumerated() {
            guard let event else { continue }
            let position = EventPosition(state: event.state, step: k)
            if found.map({ position < $0.position }) ?? true { found = (position, event.state, -1, event.fault) }
        }
        if let f = actionFault {
            let position = EventPosition(state: f.state, step: violation.count + f.instance)
            if found.map({ position < $0.position }) ?? true { found = (position, f.state, f.instance, f.fault) }
        }
        return found
    }
}
