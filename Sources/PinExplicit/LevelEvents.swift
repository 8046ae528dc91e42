/// The events of one breadth-first level, gathered chunk by chunk from the workers, and
/// the rule that picks what the level reports: the first event in `EventPosition` order,
/// as a one-worker search would meet it. An invariant is decided by its first event (a
/// violation, or a fault evaluating it); the search is decided once every pending
/// invariant (and the deadlock test, when asked for) is decided by a violation; a fault is
/// reported when it comes before that point.
struct LevelEvents {
    /// Per checked invariant, its first event in this level: the state, and the fault if
    /// evaluating it faulted there.
    var first: [(state: Int, fault: Fault?)?]
    var actionFault: (state: Int, instance: Int, fault: Fault)?
    var deadlock: Int?
    let instanceCount: Int

    init(invariantCount: Int, instanceCount: Int) {
        first = Array(repeating: nil, count: invariantCount)
        self.instanceCount = instanceCount
    }

    /// Adds a worker's events for one chunk.
    mutating func absorb(_ out: WorkerOutput) {
        for k in first.indices {
            var candidate: (state: Int, fault: Fault?)?
            if out.violations[k] >= 0 { candidate = (out.violations[k], nil) }
            if let f = out.invariantFaults[k], candidate.map({ f.state < $0.state }) ?? true { candidate = (f.state, f.fault) }
            if let c = candidate, first[k].map({ c.state < $0.state }) ?? true { first[k] = c }
        }
        if let f = out.actionFault, actionFault.map({ (f.state, f.instance) < ($0.state, $0.instance) }) ?? true {
            actionFault = f
        }
        if let d = out.deadlock, deadlock.map({ d < $0 }) ?? true { deadlock = d }
    }

    /// The position of the deadlock test in state `id`.
    func deadlockPosition(_ id: Int) -> EventPosition {
        EventPosition(state: id, step: first.count + instanceCount)
    }

    /// The point where the search is decided, or nil while something it needs is open.
    /// `pending` are the invariants still open at the level's start; `needsDeadlock` says
    /// whether a deadlock is still looked for.
    func decision(pending: [Int], needsDeadlock: Bool) -> EventPosition? {
        if pending.isEmpty && !needsDeadlock { return nil }
        var point = EventPosition(state: -1, step: 0)
        for k in pending {
            guard let event = first[k], event.fault == nil else { return nil }
            point = max(point, EventPosition(state: event.state, step: k))
        }
        if needsDeadlock {
            guard let d = deadlock else { return nil }
            point = max(point, deadlockPosition(d))
        }
        return point
    }

    /// The first fault of the level: its position, state, action instance (-1 for an
    /// invariant's evaluation) and fault.
    var firstFault: (position: EventPosition, state: Int, instance: Int, fault: Fault)? {
        var found: (position: EventPosition, state: Int, instance: Int, fault: Fault)?
        for (k, event) in first.enumerated() {
            guard let event, let fault = event.fault else { continue }
            let position = EventPosition(state: event.state, step: k)
            if found.map({ position < $0.position }) ?? true { found = (position, event.state, -1, fault) }
        }
        if let f = actionFault {
            let position = EventPosition(state: f.state, step: first.count + f.instance)
            if found.map({ position < $0.position }) ?? true { found = (position, f.state, f.instance, f.fault) }
        }
        return found
    }
}
