import PinLang

/// What expanding one level found.
struct LevelOutcome {
    var events: LevelEvents
    /// The level's first fault, if any: reported unless the level decides the search.
    var fault: (position: EventPosition, state: Int, instance: Int, fault: Fault)?
    var transitions = 0
    /// Why the expansion stopped early, by the stop token or the time limit.
    var stopped: StopReason?
    /// Whether every state of the level was expanded.
    var complete = false
}

/// The running state of one `Explorer.explore`: the store, the verdicts so far, the clock.
struct Search {
    let explorer: Explorer
    let checked: [Int]
    let store: StateStore
    let watch = Stopwatch()
    let deadline: ContinuousClock.Instant?
    let workerCount: Int
    var statistics = SearchStatistics()
    var verdicts: [Verdict?]
    var deadlock: Trace?
    var depth = 0

    init(_ explorer: Explorer, checked: [Int]) {
        self.explorer = explorer
        self.checked = checked
        store = StateStore(wordCount: explorer.program.layout.wordCount)
        let start = watch.start
        deadline = explorer.limits.timeLimit.map { start + $0 }
        workerCount = max(1, explorer.workers)
        statistics.workers = workerCount
        verdicts = Array(repeating: nil, count: checked.count)
    }

    /// The checked invariants (by position) not decided yet.
    var pending: [Int] { checked.indices.filter { verdicts[$0] == nil } }

    /// Whether `events` decide the search, given what earlier levels decided.
    func decides(_ events: LevelEvents) -> Bool {
        events.decides(pending: pending, needsDeadlock: explorer.checkDeadlock && deadlock == nil)
    }

    /// The result: undecided invariants hold, or are incomplete for `incomplete`'s reason.
    mutating func finish(
        _ fault: ModelFault?, incomplete: String?, states count: Int? = nil
    ) -> (result: ExplorationResult, states: ReachableStates) {
        statistics.states = count ?? store.count
        statistics.elapsed = watch.elapsed
        statistics.storeBytes = store.memoryBytes
        let model = explorer.program.model
        let final = verdicts.map { $0 ?? (incomplete.map { Verdict.incomplete(reason: $0) } ?? .holds) }
        var result = ExplorationResult(
            verdicts: zip(checked, final).map { (model.invariants[$0].name, $1) },
            deadlock: deadlock, fault: fault, statistics: statistics)
        result.incomplete = incomplete
        return (result, ReachableStates(store: store, layout: explorer.program.layout))
    }

    /// Records a level's violations and deadlock (`LevelEvents` has the rule); the search's
    /// result when the level ends it.
    mutating func conclude(
        _ level: LevelOutcome, levelEnd: Int
    ) -> (result: ExplorationResult, states: ReachableStates)? {
        let decided = decides(level.events)
        for k in pending {
            guard let state = level.events.violation[k] else { continue }
            verdicts[k] = .violated(explorer.trace(to: state, store: store))
        }
        if explorer.checkDeadlock, deadlock == nil, let d = level.events.deadlock {
            deadlock = explorer.trace(to: d, store: store)
        }
        if let f = level.fault, !decided {
            let program = explorer.program
            let action = f.instance >= 0 ? explorer.call(program.instances[f.instance]).call : "invariant evaluation"
            let fault = ModelFault(
                message: f.fault.message, range: program.sites[f.fault.site], action: action,
                trace: explorer.trace(to: f.state, store: store))
            return finish(fault, incomplete: "fault", states: levelEnd)
        }
        statistics.transitions += level.transitions
        if decided && level.complete { return finish(nil, incomplete: nil, states: levelEnd) }
        let reachedDepth = depth + (level.complete ? 1 : 0)
        if let stopped = level.stopped {
            var what = stopped.description
            if case .timeLimit(let limit) = stopped { what = "time limit of \(limit.inSeconds) s reached" }
            var cut = finish(nil, incomplete: "\(what) at depth \(reachedDepth)")
            cut.result.stopped = stopped
            return cut
        }
        if !level.complete {
            let limit = explorer.limits.maxStates
            return finish(nil, incomplete: "state limit of \(limit) reached at depth \(depth + 1)")
        }
        return nil
    }
}
