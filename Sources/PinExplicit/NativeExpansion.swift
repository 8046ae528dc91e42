import PinLang

extension Explorer {
    /// `expand` with the model's native code: the same states, successors and events, in the
    /// same order. A fault is found by the native code and described by the interpreter,
    /// which runs the one invariant or action instance again from the same state.
    // - Long: the compiled search's inner loop over one chunk, as `expand` is for the
    //   interpreter; split, its locals would cross a call boundary for every state.
    static func expandNative(
        _ native: NativeCode, _ machine: Machine, _ store: StateStore, _ ids: Range<Int>, _ task: WorkerTask,
        into out: WorkerOutput
    ) {
        let program = machine.program
        let wordCount = store.wordCount
        let instanceCount = max(program.instances.count, 1)
        let saved = UnsafeMutablePointer<Int64>.allocate(capacity: max(machine.slotCount, 1))
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: instanceCount * wordCount)
        let via = UnsafeMutablePointer<Int32>.allocate(capacity: instanceCount)
        let results = UnsafeMutablePointer<Int8>.allocate(capacity: max(task.invariants.count, 1))
        let counts = UnsafeMutablePointer<Int32>.allocate(capacity: 3)
        let checked = task.invariants.map { Int32($0) }
        defer {
            saved.deallocate()
            buffer.deallocate()
            via.deallocate()
            results.deallocate()
            counts.deallocate()
        }
        var record = SliceRecord(out)
        defer { record.write(to: out) }
        let diff = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        defer { diff.deallocate() }
        checked.withUnsafeBufferPointer { checkedBuffer in
            for id in ids {
                if (id - ids.lowerBound) & 1023 == 1023 {
                    if task.stop.isStopped { break }
                    if let deadline = task.deadline, ContinuousClock.now >= deadline { break }
                }
                let state = store.state(id)
                let inherited = task.incremental(id, state, store, diff)
                _ = native.expand(
                    state, machine.registers, saved, checkedBuffer.baseAddress, Int32(checked.count), results,
                    task.eventsOnly ? 0 : 1, buffer, via, counts, inherited == nil ? nil : UnsafePointer(diff),
                    UnsafePointer(inherited), task.rows?.currentRow(id))
                for k in checked.indices {
                    let j = task.pendingIndex[k]
                    guard record.violations[j] < 0 else { continue }
                    if results[k] == 0 { record.violations[j] = id }
                    if results[k] < 0 && record.invariantFaults[j] == nil {
                        record.invariantFaults[j] = (id, interpretedFault(machine, state, invariant: task.invariants[k]))
                    }
                }
                let count = Int(counts[0])
                if count > 0 {
                    record.successors.append(contentsOf: UnsafeBufferPointer(start: buffer, count: count * wordCount))
                    record.parents.append(contentsOf: repeatElement(Int32(id), count: count))
                    record.via.append(contentsOf: UnsafeBufferPointer(start: via, count: count))
                }
                let faulted = counts[2] >= 0
                if faulted && record.actionFault == nil {
                    let n = Int(counts[2])
                    record.actionFault = (id, n, interpretedFault(machine, state, instance: program.instances[n]))
                }
                if task.checkDeadlock && counts[1] == 0 && !faulted && record.deadlock == nil { record.deadlock = id }
            }
        }
    }

    /// The fault the interpreter meets evaluating invariant `invariant` in `state`.
    static func interpretedFault(_ machine: Machine, _ state: UnsafePointer<UInt64>, invariant: Int) -> Fault {
        machine.unpack(state)
        do {
            _ = try machine.eval(machine.program.invariants[invariant])
        } catch {
            return error
        }
        return disagreement
    }

    /// The fault the interpreter meets firing `instance` from `state`.
    static func interpretedFault(_ machine: Machine, _ state: UnsafePointer<UInt64>, instance: ActionInstance) -> Fault {
        machine.unpack(state)
        defer { machine.unpack(state) }
        do {
            _ = try machine.fire(instance)
        } catch {
            return error
        }
        return disagreement
    }

    /// Reported if compiled code faults where the interpreter does not: a defect of
    /// pincheck, shown rather than hidden.
    static var disagreement: Fault {
        Fault(
            message: "internal error: the compiled code faulted where the interpreter does not (rerun with --code interpreted)",
            site: 0)
    }
}
