import Dispatch
import Foundation
import PinLang

/// Limits on an explicit search; reaching one ends it as *incomplete*, never *holds*.
public struct SearchLimits: Sendable {
    public var maxStates: Int
    public var maxDepth: Int
    public var timeLimit: Duration?
    public init(maxStates: Int = 50_000_000, maxDepth: Int = Int.max, timeLimit: Duration? = nil) {
        self.maxStates = maxStates
        self.maxDepth = maxDepth
        self.timeLimit = timeLimit
    }
}

/// Figures about one search.
public struct SearchStatistics: Sendable {
    /// Distinct reachable states stored.
    public var states = 0
    /// Successor states generated (enabled action instances fired), duplicates included.
    public var transitions = 0
    /// The deepest breadth-first level reached (the initial state is depth 0).
    public var maxDepth = 0
    /// Wall-clock time of the search.
    public var elapsed = Duration.zero
    /// Bytes held by the visited set and parent links at the end.
    public var storeBytes = 0
    public var workers = 1
    /// The first level expanded by compiled code (0: all of them); nil: interpreted only.
    public var compiledFromDepth: Int?
    /// Why compiled code was not used when it was asked for or would have paid off.
    public var codeNote: String?

    /// How the model's code ran: "interpreted", "compiled", or "compiled from depth N".
    public var code: String {
        switch compiledFromDepth {
        case nil: return "interpreted"
        case 0?: return "compiled"
        case let depth?: return "compiled from depth \(depth)"
        }
    }
}

/// The explicit engine's answer for a set of invariants.
public struct ExplorationResult: Sendable {
    /// One verdict per checked invariant, in the order asked.
    public var verdicts: [(invariant: String, verdict: Verdict)]
    /// A state with no enabled action, when deadlock checking was asked for.
    public var deadlock: Trace?
    /// A runtime fault in the model (stops the search).
    public var fault: ModelFault?
    public var statistics: SearchStatistics
    /// Why the search was cut short through its stop token or time limit, if it was.
    public var stopped: StopReason? = nil
    /// Why the search did not cover every reachable state (a limit, a stop, a fault), also
    /// when no invariant was checked to carry it; nil when it did.
    public var incomplete: String? = nil
}

/// Breadth-first explicit-state search over a compiled model, expanding each level on all
/// cores. Counterexamples are shortest, and deterministic whatever the worker count.
public struct Explorer {
    public let program: CompiledModel
    public var limits = SearchLimits()
    public var checkDeadlock = false
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Interpreted, compiled to native code, or compiled once the search proves long.
    public var code = CodeChoice.standard
    /// Evaluate a guard or an invariant only in states that differ from their parent in a
    /// bit it reads (`ReadSets`); false: everywhere. The same results either way.
    public var incremental = true
    /// Native code loaded ahead of the search by `loadCompiledCode`.
    var preloaded: NativeCode?
    /// With `.automatic`: how long a search runs interpreted before it starts the compiler.
    public var compilePatience = Duration.seconds(1)
    /// Polled within each level; stopping it ends the search as incomplete with its reason.
    public var stop = StopToken.never
    /// Receives a `.level` event after each finished breadth-first level.
    public var events: EventSink = ignoreEvents
    /// Parent states expanded between two merges, whatever the worker count: the
    /// granularity at which the state limit is checked (a level overshoots it by at most
    /// one chunk's successors).
    static let chunkSize = 16384

    public init(model: Model) {
        program = Compiler.compile(model)
    }

    /// Explores the model and decides the named invariants (all when `invariants` is nil).
    public func run(invariants names: [String]? = nil) -> ExplorationResult {
        explore(invariants: names).result
    }

    /// `run`, and the states it stored: every reachable state when the search is complete
    /// (no fault, no violation, no limit reached).
    public func explore(invariants names: [String]? = nil) -> (result: ExplorationResult, states: ReachableStates) {
        var search = Search(self, checked: program.model.invariantIndices(named: names))
        let machine = Machine(program)
        if let fault = initialFault(machine) { return search.finish(fault, incomplete: "fault") }
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: search.store.wordCount)
        defer { scratch.deallocate() }
        machine.pack(into: scratch)
        search.store.insert(scratch, parent: -1, via: -1)
        // Each worker evaluates its own compilation of the model: sharing one tree of
        // indirect-enum nodes between threads makes every node visit an atomic reference
        // count update on a shared cache line, which serialises the workers.
        let pool = MachinePool([machine] + (1..<search.workerCount).map { _ in Machine(Compiler.compile(program.model)) })
        let native = NativeSwitch(code, program, patience: compilePatience, stop: stop, preloaded: preloaded)
        let rows = incremental ? EnabledRows(instanceCount: program.instances.count) : nil
        let reads = incremental ? ReadSets(program) : nil
        var levelStart = 0
        while levelStart < search.store.count {
            let levelEnd = search.store.count
            search.statistics.maxDepth = search.depth
            // Read before `consider`: code compiled from now on serves the next level at the
            // earliest, so a level is never split between the two kinds of code.
            pool.native = native.code
            native.consider(elapsed: search.watch.elapsed)
            if pool.native != nil && search.statistics.compiledFromDepth == nil {
                search.statistics.compiledFromDepth = search.depth
            }
            search.statistics.codeNote = native.note
            rows?.begin(levelStart..<levelEnd)
            let level = expandLevel(&search, levelStart..<levelEnd, pool, reads: reads, rows: rows)
            if let done = search.conclude(level, levelEnd: levelEnd) { return done }
            levelStart = levelEnd
            search.depth += 1
            events(.level(depth: search.depth, states: search.store.count, elapsed: search.watch.elapsed))
            if search.store.count > limits.maxStates {
                return search.finish(
                    nil, incomplete: "state limit of \(limits.maxStates) reached at depth \(search.depth)")
            }
            if search.depth > limits.maxDepth && levelStart < search.store.count {
                return search.finish(nil, incomplete: "depth limit of \(limits.maxDepth) reached")
            }
        }
        return search.finish(nil, incomplete: nil)
    }

    /// Runs the initialisers and the `init` block in `machine`: the fault, if any.
    func initialFault(_ machine: Machine) -> ModelFault? {
        let model = program.model
        machine.setState(program.layout.initialSlots(of: model))
        do {
            _ = try machine.exec(program.initBody)
        } catch {
            return ModelFault(
                message: error.message, range: program.sites[error.site], action: "init",
                trace: Trace(initial: machine.stateValues(), steps: []))
        }
        if let bad = outOfDomainSlot(machine) {
            return ModelFault(
                message: bad,
                range: model.variables.first?.range ?? SourceRange(at: .init(file: "", line: 1, column: 1)),
                action: "init", trace: Trace(initial: machine.stateValues(), steps: []))
        }
        return nil
    }

    /// Expands the states `ids` of one level in chunks of `chunkSize` parents, each split
    /// into contiguous slices in worker order; all workers insert a chunk's successors into
    /// the store at once, with the ids that inserting them in worker order would give, so
    /// state ids do not depend on the worker count. Between chunks it stops at a stop, the
    /// time limit or the state limit; after a fault it keeps no successor but checks the
    /// rest of the level.
    func expandLevel(
        _ search: inout Search, _ ids: Range<Int>, _ pool: MachinePool, reads: ReadSets?, rows: EnabledRows?
    ) -> LevelOutcome {
        let workerCount = search.workerCount
        let outputs = (0..<workerCount).map { _ in WorkerOutput(invariantCount: search.checked.count) }
        let pending = search.pending
        var task = WorkerTask(
            invariants: pending.map { search.checked[$0] }, pendingIndex: pending, checkDeadlock: checkDeadlock,
            stop: stop, deadline: search.deadline, reads: reads, rows: rows)
        var outcome = LevelOutcome(
            events: LevelEvents(invariantCount: search.checked.count, instanceCount: program.instances.count))
        let store = search.store
        var chunkStart = ids.lowerBound
        while chunkStart < ids.upperBound {
            let chunkEnd = min(ids.upperBound, chunkStart + Self.chunkSize)
            let slice = (chunkEnd - chunkStart + workerCount - 1) / workerCount
            let expand: @Sendable (Int) -> Void = { [chunkStart, task] w in
                let lo = chunkStart + w * slice
                let hi = min(chunkEnd, lo + slice)
                outputs[w].reset()
                guard lo < hi else { return }
                if let native = pool.native {
                    Self.expandNative(native, pool.machines[w], store, lo..<hi, task, into: outputs[w])
                } else {
                    Self.expand(pool.machines[w], store, lo..<hi, task, into: outputs[w])
                }
            }
            if workerCount == 1 || chunkEnd - chunkStart < 64 {
                for w in 0..<workerCount { expand(w) }
            } else {
                DispatchQueue.concurrentPerform(iterations: workerCount, execute: expand)
            }
            for out in outputs { outcome.events.absorb(out) }
            // A fault makes this level the last, but its other states are still checked:
            // a violation anywhere in the level decides its invariant all the same.
            outcome.fault = outcome.events.firstFault
            if outcome.fault != nil && search.decides(outcome.events) {
                outcome.complete = true
                return outcome
            }
            task.eventsOnly = outcome.fault != nil
            if !task.eventsOnly {
                outcome.transitions += outputs.reduce(0) { $0 + $1.transitions }
                store.insertBatch(outputs, workers: workerCount)
            }
            chunkStart = chunkEnd
            let workLeft = chunkStart < ids.upperBound || store.count > ids.upperBound
            if workLeft, let reason = stop.reason ?? Self.expired(search.deadline, limit: limits.timeLimit) {
                outcome.stopped = reason
                break
            }
            if store.count > limits.maxStates && chunkStart < ids.upperBound { break }
        }
        outcome.complete = chunkStart == ids.upperBound
        return outcome
    }

    /// `.timeLimit` once `deadline` has passed.
    static func expired(_ deadline: ContinuousClock.Instant?, limit: Duration?) -> StopReason? {
        guard let deadline, let limit, ContinuousClock.now >= deadline else { return nil }
        return .timeLimit(limit)
    }

    /// The shortest path from the initial state to state `id`, through the parent links.
    func trace(to id: Int, store: StateStore) -> Trace {
        let chain = store.path(to: id)
        let machine = Machine(program)
        func values(_ id: Int) -> [Int64] {
            machine.unpack(store.state(id))
            return machine.stateValues()
        }
        let steps = chain.dropFirst().map { id -> TraceStep in
            let inst = program.instances[Int(store.via(id))]
            var step = call(inst)
            step.state = values(id)
            return step
        }
        return Trace(initial: values(chain[0]), steps: steps)
    }

    /// A trace step naming an action instance (state left empty).
    func call(_ inst: ActionInstance) -> TraceStep {
        Self.call(inst, in: program.model)
    }

    /// A trace step naming an action instance of `model` (state left empty).
    static func call(_ inst: ActionInstance, in model: Model) -> TraceStep {
        TraceStep(action: inst.action, arguments: inst.arguments, in: model)
    }

    /// Describes a state slot whose value lies outside its declared domain, if any.
    func outOfDomainSlot(_ machine: Machine) -> String? {
        Self.outOfDomainSlot(machine)
    }

    /// Describes a state slot of `machine` whose value lies outside its declared domain, if any.
    static func outOfDomainSlot(_ machine: Machine) -> String? {
        for (i, slot) in machine.program.layout.slots.enumerated() where !slot.domain.contains(machine.registers[i]) {
            return "initial value \(machine.registers[i]) of \(slot.path) is outside its type \(slot.type)"
        }
        return nil
    }
}
