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
}

/// Breadth-first explicit-state search over a compiled model, expanding each level on all
/// cores. Counterexamples are shortest, and deterministic whatever the worker count.
public struct Explorer {
    public let program: CompiledModel
    public var limits = SearchLimits()
    public var checkDeadlock = false
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Polled within each level; stopping it ends the search as incomplete with its reason.
    public var stop = StopToken.never
    /// Receives a `.level` event after each finished breadth-first level.
    public var events: EventSink = ignoreEvents
    /// Parent states expanded per worker between two merges: the granularity at which the
    /// state limit is checked (a level overshoots it by at most one chunk's successors).
    static let chunkPerWorker = 4096

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
        let watch = Stopwatch()
        let deadline = limits.timeLimit.map { watch.start + $0 }
        let model = program.model
        let checked = model.invariantIndices(named: names)
        var statistics = SearchStatistics()
        statistics.workers = max(1, workers)
        let store = StateStore(wordCount: program.layout.wordCount)
        let states = ReachableStates(store: store, layout: program.layout)
        var verdicts = [Verdict?](repeating: nil, count: checked.count)
        var deadlock: Trace?
        func finish(
            _ fault: ModelFault?, incomplete: String?, states count: Int? = nil
        ) -> (result: ExplorationResult, states: ReachableStates) {
            statistics.states = count ?? store.count
            statistics.elapsed = watch.elapsed
            statistics.storeBytes = store.memoryBytes
            let final = verdicts.map { $0 ?? (incomplete.map { Verdict.incomplete(reason: $0) } ?? .holds) }
            let result = ExplorationResult(
                verdicts: zip(checked, final).map { (model.invariants[$0].name, $1) },
                deadlock: deadlock, fault: fault, statistics: statistics)
            return (result, states)
        }

        // The initial state: initialisers, then the `init` block.
        let machine = Machine(program)
        machine.setState(program.layout.initialSlots(of: model))
        do {
            _ = try machine.exec(program.initBody)
        } catch {
            return finish(
                ModelFault(
                    message: error.message, range: program.sites[error.site], action: "init",
                    trace: Trace(initial: machine.stateValues(), steps: [])), incomplete: "fault")
        }
        if let bad = outOfDomainSlot(machine) {
            return finish(
                ModelFault(
                    message: bad, range: model.variables.first?.range ?? SourceRange(at: .init(file: "", line: 1, column: 1)),
                    action: "init", trace: Trace(initial: machine.stateValues(), steps: [])), incomplete: "fault")
        }
        let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: store.wordCount)
        defer { scratch.deallocate() }
        machine.pack(into: scratch)
        store.insert(scratch, parent: -1, via: -1)

        var levelStart = 0
        var depth = 0
        let workerCount = max(1, workers)
        // Each worker evaluates its own compilation of the model: sharing one tree of
        // indirect-enum nodes between threads makes every node visit an atomic reference
        // count update on a shared cache line, which serialises the workers.
        let machines = [machine] + (1..<workerCount).map { _ in Machine(Compiler.compile(model)) }
        let workerMachines = MachinePool(machines)
        while levelStart < store.count {
            let levelEnd = store.count
            statistics.maxDepth = depth
            let outputs = (0..<workerCount).map { _ in WorkerOutput(invariantCount: checked.count) }
            let pending = checked.indices.filter { verdicts[$0] == nil }
            var levelTransitions = 0
            var levelFault: (state: Int, instance: Int, fault: Fault)?
            var violations = [Int](repeating: -1, count: checked.count)
            var levelDeadlock: Int?
            var stopped: StopReason?
            // The level is expanded in chunks of parents, each split into contiguous slices
            // in worker order and merged in that order: state ids are the same whatever the
            // chunk size or worker count, and limits are checked between chunks.
            var chunkStart = levelStart
            while chunkStart < levelEnd {
                let chunkEnd = min(levelEnd, chunkStart + Self.chunkPerWorker * workerCount)
                let slice = (chunkEnd - chunkStart + workerCount - 1) / workerCount
                let expand: @Sendable (Int) -> Void = { [checkDeadlock, chunkStart, stop] w in
                    let lo = chunkStart + w * slice
                    let hi = min(chunkEnd, lo + slice)
                    outputs[w].reset()
                    guard lo < hi else { return }
                    Self.expand(
                        workerMachines.machines[w], store, lo..<hi, invariants: pending.map { checked[$0] },
                        pendingIndex: pending, deadlock: checkDeadlock, stop: stop, deadline: deadline, into: outputs[w])
                }
                if workerCount == 1 || chunkEnd - chunkStart < 64 {
                    for w in 0..<workerCount { expand(w) }
                } else {
                    DispatchQueue.concurrentPerform(iterations: workerCount, execute: expand)
                }
                // Lowest state id first, so that the answer does not depend on scheduling.
                if let f = outputs.compactMap(\.fault).min(by: { $0.state < $1.state }) {
                    levelFault = f
                    break
                }
                for k in checked.indices {
                    for out in outputs where out.violations[k] >= 0 && (violations[k] < 0 || out.violations[k] < violations[k]) {
                        violations[k] = out.violations[k]
                    }
                }
                if levelDeadlock == nil { levelDeadlock = outputs.compactMap(\.deadlock).min() }
                for out in outputs {
                    levelTransitions += out.transitions
                    out.successors.withUnsafeBufferPointer { buf in
                        guard let base = buf.baseAddress else { return }
                        for i in 0..<out.parents.count {
                            store.insert(base + i * store.wordCount, parent: out.parents[i], via: out.via[i])
                        }
                    }
                }
                chunkStart = chunkEnd
                let workLeft = chunkStart < levelEnd || store.count > levelEnd
                if workLeft, let reason = stop.reason ?? Self.expired(deadline, limit: limits.timeLimit) {
                    stopped = reason
                    break
                }
                if store.count > limits.maxStates && chunkStart < levelEnd { break }
            }

            if let f = levelFault {
                let action = f.instance >= 0 ? call(program.instances[f.instance]).call : "invariant evaluation"
                let trace = self.trace(to: f.state, store: store)
                return finish(
                    ModelFault(
                        message: f.fault.message, range: program.sites[f.fault.site],
                        action: action, trace: trace), incomplete: "fault", states: levelEnd)
            }
            for k in checked.indices where verdicts[k] == nil && violations[k] >= 0 {
                verdicts[k] = .violated(trace(to: violations[k], store: store))
            }
            if deadlock == nil, let id = levelDeadlock {
                deadlock = trace(to: id, store: store)
            }
            statistics.transitions += levelTransitions
            let decided = verdicts.allSatisfy { $0 != nil } && (!checkDeadlock || deadlock != nil)
            if decided && (!checked.isEmpty || checkDeadlock) && chunkStart == levelEnd {
                return finish(nil, incomplete: nil, states: levelEnd)
            }
            if let stopped {
                let what: String
                switch stopped {
                case .timeLimit(let t): what = "time limit of \(t.inSeconds) s reached"
                default: what = stopped.description
                }
                var cut = finish(nil, incomplete: "\(what) at depth \(depth + (chunkStart == levelEnd ? 1 : 0))")
                cut.result.stopped = stopped
                return cut
            }
            if chunkStart < levelEnd {
                return finish(nil, incomplete: "state limit of \(limits.maxStates) reached at depth \(depth + 1)")
            }
            levelStart = levelEnd
            depth += 1
            events(.level(depth: depth, states: store.count, elapsed: watch.elapsed))
            if store.count > limits.maxStates {
                return finish(nil, incomplete: "state limit of \(limits.maxStates) reached at depth \(depth)")
            }
            if depth > limits.maxDepth && levelStart < store.count {
                return finish(nil, incomplete: "depth limit of \(limits.maxDepth) reached")
            }
        }
        return finish(nil, incomplete: nil)
    }

    /// `.timeLimit` once `deadline` has passed.
    static func expired(_ deadline: ContinuousClock.Instant?, limit: Duration?) -> StopReason? {
        guard let deadline, let limit, ContinuousClock.now >= deadline else { return nil }
        return .timeLimit(limit)
    }

    /// One machine per worker; worker `w` uses only `machines[w]`.
    final class MachinePool: @unchecked Sendable {
        let machines: [Machine]
        init(_ machines: [Machine]) { self.machines = machines }
    }

    /// A per-worker output buffer; each worker writes only its own.
    final class WorkerOutput: @unchecked Sendable {
        var successors: [UInt64] = []
        var parents: [Int32] = []
        var via: [Int32] = []
        var transitions = 0
        /// Per checked invariant (by position), the lowest violating state id, or -1.
        var violations: [Int]
        var deadlock: Int?
        var fault: (state: Int, instance: Int, fault: Fault)?
        init(invariantCount: Int) { violations = Array(repeating: -1, count: invariantCount) }

        /// Empties the buffer for the next chunk.
        func reset() {
            successors.removeAll(keepingCapacity: true)
            parents.removeAll(keepingCapacity: true)
            via.removeAll(keepingCapacity: true)
            transitions = 0
            for k in violations.indices { violations[k] = -1 }
            deadlock = nil
            fault = nil
        }
    }

    static func expand(
        _ machine: Machine, _ store: StateStore, _ ids: Range<Int>, invariants: [Int], pendingIndex: [Int],
        deadlock checkDeadlock: Bool, stop: StopToken, deadline: ContinuousClock.Instant?, into out: WorkerOutput
    ) {
        // Everything is accumulated in locals and handed to `out` once at the end, so two
        // workers never write to neighbouring memory in the hot loop.
        let program = machine.program
        let slotCount = machine.slotCount
        let wordCount = store.wordCount
        let saved = UnsafeMutablePointer<Int64>.allocate(capacity: max(slotCount, 1))
        defer { saved.deallocate() }
        let packed = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        defer { packed.deallocate() }
        var successors: [UInt64] = []
        var parents: [Int32] = []
        var via: [Int32] = []
        var violations = out.violations
        var deadlock: Int?
        var fault: (state: Int, instance: Int, fault: Fault)?
        let actions = program.actions
        let instances = program.instances
        defer {
            out.successors = successors
            out.parents = parents
            out.via = via
            out.transitions = parents.count
            out.violations = violations
            out.deadlock = deadlock
            out.fault = fault
        }
        states: for id in ids {
            // Poll the stop token and the clock every 1024 states; the caller sees the
            // stop and reports the search as incomplete.
            if (id - ids.lowerBound) & 1023 == 1023 {
                if stop.isStopped { break }
                if let deadline, ContinuousClock.now >= deadline { break }
            }
            machine.unpack(store.state(id))
            for (k, inv) in invariants.enumerated() where violations[pendingIndex[k]] < 0 {
                do {
                    if try machine.eval(program.invariants[inv]) == 0 { violations[pendingIndex[k]] = id }
                } catch {
                    fault = (id, -1, error)
                    break states
                }
            }
            saved.update(from: machine.registers, count: slotCount)
            var enabled = 0
            for n in instances.indices {
                let action = actions[instances[n].action]
                let arguments = instances[n].arguments
                for i in arguments.indices { machine.registers[action.parameterRegisters[i]] = arguments[i] }
                do {
                    if let g = action.guardNode, try machine.eval(g) == 0 { continue }
                    enabled += 1
                    _ = try machine.exec(action.body)
                } catch {
                    fault = (id, n, error)
                    break states
                }
                machine.pack(into: packed)
                successors.append(contentsOf: UnsafeBufferPointer(start: packed, count: wordCount))
                parents.append(Int32(id))
                via.append(Int32(n))
                machine.registers.update(from: saved, count: slotCount)
            }
            if checkDeadlock && enabled == 0 && deadlock == nil { deadlock = id }
        }
    }

    /// The shortest path from the initial state to state `id`, through the parent links.
    func trace(to id: Int, store: StateStore) -> Trace {
        var chain: [Int] = []
        var current = id
        while current >= 0 {
            chain.append(current)
            current = Int(store.parents[current])
        }
        chain.reverse()
        let machine = Machine(program)
        func values(_ id: Int) -> [Int64] {
            machine.unpack(store.state(id))
            return machine.stateValues()
        }
        let steps = chain.dropFirst().map { id -> TraceStep in
            let inst = program.instances[Int(store.via[id])]
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
