import Dispatch
import Foundation
import PinLang

/// Limits on an explicit search; reaching one ends it as *incomplete*, never *holds*.
public struct SearchLimits: Sendable {
    public var maxStates: Int
    public var maxDepth: Int
    public var timeLimit: Double?
    public init(maxStates: Int = 50_000_000, maxDepth: Int = Int.max, timeLimit: Double? = nil) {
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
    public var seconds = 0.0
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
}

/// Breadth-first explicit-state search over a compiled model, expanding each level on all
/// cores. Counterexamples are shortest, and deterministic whatever the worker count.
public struct Explorer {
    public let program: CompiledModel
    public var limits = SearchLimits()
    public var checkDeadlock = false
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    /// Called after each level with (depth, states so far); e.g. for progress on stderr.
    public var progress: (@Sendable (Int, Int) -> Void)?

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
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let model = program.model
        let checked = model.invariantIndices(named: names)
        var statistics = SearchStatistics()
        statistics.workers = max(1, workers)
        let store = StateStore(wordCount: program.layout.wordCount)
        let states = ReachableStates(store: store, layout: program.layout)
        var verdicts = [Verdict?](repeating: nil, count: checked.count)
        var deadlock: Trace?
        func finish(_ fault: ModelFault?, incomplete: String?) -> (result: ExplorationResult, states: ReachableStates) {
            statistics.states = store.count
            statistics.seconds = elapsed()
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
            let slice = (levelEnd - levelStart + workerCount - 1) / workerCount
            let expand: @Sendable (Int) -> Void = { [checkDeadlock, levelStart] w in
                let lo = levelStart + w * slice
                let hi = min(levelEnd, lo + slice)
                guard lo < hi else { return }
                Self.expand(
                    workerMachines.machines[w], store, lo..<hi, invariants: pending.map { checked[$0] }, pendingIndex: pending,
                    deadlock: checkDeadlock, into: outputs[w])
            }
            if workerCount == 1 || levelEnd - levelStart < 64 {
                for w in 0..<workerCount { expand(w) }
            } else {
                DispatchQueue.concurrentPerform(iterations: workerCount, execute: expand)
            }

            // Results of this level, lowest state id first so that the answer does not depend on scheduling.
            let faults = outputs.compactMap(\.fault).sorted { $0.state < $1.state }
            if let f = faults.first {
                let action = f.instance >= 0 ? call(program.instances[f.instance]).call : "invariant evaluation"
                let trace = self.trace(to: f.state, store: store)
                return finish(
                    ModelFault(
                        message: f.fault.message, range: program.sites[f.fault.site],
                        action: action, trace: trace), incomplete: "fault")
            }
            for (k, _) in checked.enumerated() where verdicts[k] == nil {
                if let id = outputs.map({ $0.violations[k] }).filter({ $0 >= 0 }).min() {
                    verdicts[k] = .violated(trace(to: id, store: store))
                }
            }
            if deadlock == nil, let id = outputs.compactMap(\.deadlock).min() {
                deadlock = trace(to: id, store: store)
            }
            let decided = verdicts.allSatisfy { $0 != nil } && (!checkDeadlock || deadlock != nil)
            if decided && (!checked.isEmpty || checkDeadlock) {
                statistics.transitions += outputs.reduce(0) { $0 + $1.transitions }
                return finish(nil, incomplete: nil)
            }

            // Merge successors in worker order (deterministic ids).
            for out in outputs {
                statistics.transitions += out.transitions
                out.successors.withUnsafeBufferPointer { buf in
                    guard let base = buf.baseAddress else { return }
                    for i in 0..<out.parents.count {
                        store.insert(base + i * store.wordCount, parent: out.parents[i], via: out.via[i])
                    }
                }
            }
            levelStart = levelEnd
            depth += 1
            progress?(depth, store.count)
            if store.count > limits.maxStates {
                return finish(nil, incomplete: "state limit of \(limits.maxStates) reached at depth \(depth)")
            }
            if depth > limits.maxDepth && levelStart < store.count {
                return finish(nil, incomplete: "depth limit of \(limits.maxDepth) reached")
            }
            if let t = limits.timeLimit, elapsed() > t, levelStart < store.count {
                return finish(nil, incomplete: "time limit of \(t) s reached at depth \(depth)")
            }
        }
        return finish(nil, incomplete: nil)
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
    }

    static func expand(
        _ machine: Machine, _ store: StateStore, _ ids: Range<Int>, invariants: [Int], pendingIndex: [Int],
        deadlock checkDeadlock: Bool, into out: WorkerOutput
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
