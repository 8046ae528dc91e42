import PinLang

/// Where an event happens in the order a one-worker search meets it: by state id, then
/// within the state the checked invariants in order, the action instances in order, and
/// last the deadlock test. The reported event of a level is the first in this order, so
/// the verdict does not depend on how the level was split between workers.
struct EventPosition: Comparable {
    var state: Int
    var step: Int

    static func < (a: EventPosition, b: EventPosition) -> Bool {
        (a.state, a.step) < (b.state, b.step)
    }
}

/// One machine per worker; worker `w` uses only `machines[w]`. `native`, when set, runs
/// the level being expanded (set between levels only).
final class MachinePool: @unchecked Sendable {
    let machines: [Machine]
    var native: NativeCode?
    init(_ machines: [Machine]) { self.machines = machines }
}

/// A per-worker output buffer for one chunk of a level; each worker writes only its own.
final class WorkerOutput: @unchecked Sendable {
    var successors: [UInt64] = []
    var parents: [Int32] = []
    var via: [Int32] = []
    var transitions = 0
    /// Per checked invariant (by position), the lowest violating state id, or -1.
    var violations: [Int]
    /// Per checked invariant, the first state where evaluating it faulted.
    var invariantFaults: [(state: Int, fault: Fault)?]
    /// The first action instance that faulted.
    var actionFault: (state: Int, instance: Int, fault: Fault)?
    var deadlock: Int?
    /// Per successor, the hash-table slot of its state's claim (a batch insert's scratch).
    var slots: [Int] = []
    /// The successors that were their state's first occurrence (a batch insert's scratch).
    var fresh: [Int32] = []
    /// What `StateStore.warm` read, kept so that its reads stay.
    var warmth: UInt64 = 0

    init(invariantCount: Int) {
        violations = Array(repeating: -1, count: invariantCount)
        invariantFaults = Array(repeating: nil, count: invariantCount)
    }

    /// Empties the buffer for the next chunk.
    func reset() {
        successors.removeAll(keepingCapacity: true)
        parents.removeAll(keepingCapacity: true)
        via.removeAll(keepingCapacity: true)
        transitions = 0
        for k in violations.indices {
            violations[k] = -1
            invariantFaults[k] = nil
        }
        actionFault = nil
        deadlock = nil
    }
}

/// What one worker records over its slice of a level: accumulated in a local and handed to
/// its `WorkerOutput` once at the end, so two workers never write to neighbouring memory in
/// the hot loop. The interpreter's and the native code's expansions both fill one.
struct SliceRecord {
    var successors: [UInt64] = []
    var parents: [Int32] = []
    var via: [Int32] = []
    var violations: [Int]
    var invariantFaults: [(state: Int, fault: Fault)?]
    var actionFault: (state: Int, instance: Int, fault: Fault)?
    var deadlock: Int?

    init(_ out: WorkerOutput) {
        violations = out.violations
        invariantFaults = out.invariantFaults
    }

    func write(to out: WorkerOutput) {
        out.successors = successors
        out.parents = parents
        out.via = via
        out.transitions = parents.count
        out.violations = violations
        out.invariantFaults = invariantFaults
        out.actionFault = actionFault
        out.deadlock = deadlock
    }
}

/// What one worker needs to expand a slice of a level.
struct WorkerTask {
    let invariants: [Int]
    let pendingIndex: [Int]
    let checkDeadlock: Bool
    /// Record events only, no successor: the level holds a fault.
    var eventsOnly = false
    let stop: StopToken
    let deadline: ContinuousClock.Instant?
    /// With `rows`: evaluate a guard or an invariant only where the state differs from its
    /// parent in a bit it reads (nil: evaluate everything everywhere).
    var reads: ReadSets?
    var rows: EnabledRows?
}

extension Explorer {
    /// Expands the states `ids`: checks the pending invariants in each (an invariant is
    /// no longer evaluated once violated in this slice; after a fault evaluating it, it is,
    /// for a violation later in the level decides it all the same), fires every action
    /// instance, and records successors and events. A fault does not end the slice, so
    /// every worker does the same work whatever the split. With `task.eventsOnly` (the
    /// level holds a fault, so it is the last) no successor is kept.
    // - Long: the search's inner loop over one chunk of states; split, its dozen locals
    //   would cross a call boundary for every state.
    static func expand(_ machine: Machine, _ store: StateStore, _ ids: Range<Int>, _ task: WorkerTask, into out: WorkerOutput) {
        let program = machine.program
        let slotCount = machine.slotCount
        let wordCount = store.wordCount
        let saved = UnsafeMutablePointer<Int64>.allocate(capacity: max(slotCount, 1))
        defer { saved.deallocate() }
        let packed = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        defer { packed.deallocate() }
        var record = SliceRecord(out)
        let instances = program.instances
        defer { record.write(to: out) }
        let diff = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        defer { diff.deallocate() }
        for id in ids {
            // Poll the stop token and the clock every 1024 states; the caller sees the
            // stop and reports the search as incomplete.
            if (id - ids.lowerBound) & 1023 == 1023 {
                if task.stop.isStopped { break }
                if let deadline = task.deadline, ContinuousClock.now >= deadline { break }
            }
            let state = store.state(id)
            machine.unpack(state)
            // The parent's enabled instances, and which bits changed since the parent.
            let inherited = task.incremental(id, state, store, diff)
            let row = task.rows?.currentRow(id)
            for (k, inv) in task.invariants.enumerated() {
                let j = task.pendingIndex[k]
                guard record.violations[j] < 0 else { continue }
                // A pending invariant held in the parent (and evaluated without a fault).
                if inherited != nil && !task.reads!.invariantReads(inv, diff) { continue }
                do {
                    if try machine.eval(program.invariants[inv]) == 0 { record.violations[j] = id }
                } catch {
                    if record.invariantFaults[j] == nil { record.invariantFaults[j] = (id, error) }
                }
            }
            saved.update(from: machine.registers, count: slotCount)
            var enabled = 0
            var faulted = false
            var lastAction = -1
            var evaluate = true
            for n in instances.indices {
                let action = instances[n].action
                if action != lastAction {
                    lastAction = action
                    evaluate = inherited == nil || task.reads!.guardReads(action, diff)
                }
                do {
                    if evaluate {
                        guard try machine.isEnabled(action: action, arguments: instances[n].arguments) else { continue }
                    } else {
                        guard inherited![n >> 6] & (1 << UInt64(n & 63)) != 0 else { continue }
                        machine.setArguments(action: action, instances[n].arguments)
                    }
                } catch {
                    faulted = true
                    if record.actionFault == nil { record.actionFault = (id, n, error) }
                    continue
                }
                enabled += 1
                row?[n >> 6] |= 1 << UInt64(n & 63)
                // Only a body writes state registers (functions cannot assign state).
                defer { machine.registers.update(from: saved, count: slotCount) }
                do {
                    try machine.runBody(of: action)
                } catch {
                    faulted = true
                    if record.actionFault == nil { record.actionFault = (id, n, error) }
                    continue
                }
                if task.eventsOnly { continue }
                machine.pack(into: packed)
                record.successors.append(contentsOf: UnsafeBufferPointer(start: packed, count: wordCount))
                record.parents.append(Int32(id))
                record.via.append(Int32(n))
            }
            // A state where an action faulted is not a deadlock: what it enables is unknown.
            if task.checkDeadlock && enabled == 0 && !faulted && record.deadlock == nil { record.deadlock = id }
        }
    }
}

extension WorkerTask {
    /// For an incremental search, the enabled row of state `id`'s parent, with `diff` set to
    /// the bits in which the two differ; nil when every guard and invariant must be
    /// evaluated (not incremental, or the initial state).
    @inline(__always)
    func incremental(
        _ id: Int, _ state: UnsafePointer<UInt64>, _ store: StateStore, _ diff: UnsafeMutablePointer<UInt64>
    ) -> UnsafeMutablePointer<UInt64>? {
        guard let rows, reads != nil else { return nil }
        let parent = Int(store.parent(id))
        guard parent >= 0, let row = rows.previousRow(parent) else { return nil }
        let before = store.state(parent)
        for w in 0..<store.wordCount { diff[w] = state[w] ^ before[w] }
        return row
    }
}
