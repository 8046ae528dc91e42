import Dispatch
import Synchronization

/// Inserting the successors that the workers found in one chunk, by all workers at once.
///
/// The result is exactly that of inserting them one at a time in the order of the batch
/// (worker by worker, each worker's in the order it found them): a new state gets its id,
/// its parent and its instance from its first occurrence in that order, so ids, parents
/// and traces do not depend on the worker count or on timing.
///
/// It goes in three concurrent phases, with the table grown beforehand so that it cannot
/// fill up:
/// 1. *claim*: each worker looks up its successors; one not stored yet claims an empty slot
///    for its position k in the batch (`claimed | k`), and a later occurrence of the same
///    state lowers that claim to its own position when it comes first (an atomic minimum);
/// 2. *mark*: each worker keeps the successors whose claim survived: the first occurrences;
/// 3. *write*: with each worker's first id known (a prefix sum), each worker copies its new
///    states, their parents and instances, and turns their claims into ids.
extension StateStore {
    /// Inserts every successor in `outputs`, on `workers` threads when there are enough of
    /// them to pay for it. Returns how many were new.
    @discardableResult
    func insertBatch(_ outputs: [WorkerOutput], workers: Int) -> Int {
        let sizes = outputs.map { $0.parents.count }
        let total = sizes.reduce(0, +)
        // Positions must fit in an entry's id bits (which `reserveTable` sees to) and so
        // stay below `claimed`.
        guard workers > 1, total >= 1024, count + total < 1 << 30 else {
            return insertInOrder(outputs)
        }
        let offsets = sizes.reduce(into: [0]) { $0.append($0.last! + $1) }
        // Room for every successor to be new, so that no probe runs round a full table;
        // most are not, and the table is kept at most half full after the batch.
        reserveTable(max(count, (count + total + 1) / 2))
        defer { reserveTable(count) }
        return withSuccessors(outputs[...], []) { states in
            let batch = Batch(states: states, offsets: offsets)
            // Later workers first: a batch too small to overlap its workers still has
            // later occurrences claim before earlier ones, so the atomic minimum that
            // makes the result independent of timing is exercised on every run.
            DispatchQueue.concurrentPerform(iterations: outputs.count) { n in
                let w = outputs.count - 1 - n
                claim(batch, worker: w, into: outputs[w])
            }
            DispatchQueue.concurrentPerform(iterations: outputs.count) { w in
                mark(batch, worker: w, in: outputs[w])
            }
            let fresh = outputs.map { $0.fresh.count }
            let firstIds = fresh.reduce(into: [count]) { $0.append($0.last! + $1) }
            reserveStates(firstIds.last!)
            DispatchQueue.concurrentPerform(iterations: outputs.count) { w in
                write(outputs[w], from: batch.states[w], firstId: firstIds[w])
            }
            commit(firstIds.last! - count)
            return firstIds.last! - firstIds[0]
        }
    }

    /// The batch's states: each worker's successors, and where each worker's begin.
    struct Batch: @unchecked Sendable {
        let states: [UnsafeBufferPointer<UInt64>]
        let offsets: [Int]

        /// The k-th state of the batch.
        func state(_ k: Int, wordCount: Int) -> UnsafePointer<UInt64> {
            var w = states.count - 1
            while offsets[w] > k { w -= 1 }
            return states[w].baseAddress! + (k - offsets[w]) * wordCount
        }
    }

    /// Calls `body` with every output's successors, in order, as stable pointers.
    private func withSuccessors<R>(
        _ outputs: ArraySlice<WorkerOutput>, _ done: [UnsafeBufferPointer<UInt64>],
        _ body: ([UnsafeBufferPointer<UInt64>]) -> R
    ) -> R {
        guard let first = outputs.first else { return body(done) }
        return first.successors.withUnsafeBufferPointer { withSuccessors(outputs.dropFirst(), done + [$0], body) }
    }

    /// The one-at-a-time insertion, for one worker or a small batch.
    private func insertInOrder(_ outputs: [WorkerOutput]) -> Int {
        let before = count
        let hashes = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.group)
        defer { hashes.deallocate() }
        for out in outputs {
            out.successors.withUnsafeBufferPointer { buf in
                guard let base = buf.baseAddress else { return }
                let n = out.parents.count
                for start in stride(from: 0, to: n, by: Self.group) {
                    let end = min(n, start + Self.group)
                    out.warmth &+= warm(base, start..<end, hashes)
                    for i in start..<end {
                        insert(base + i * wordCount, hash: hashes[i - start], parent: out.parents[i], via: out.via[i])
                    }
                }
            }
        }
        return count - before
    }

    /// Phase 1 for worker `w`: records in `out.slots`, per successor, the table slot that
    /// holds its state's claim, or -1 when the state was stored before the batch.
    private func claim(_ batch: Batch, worker w: Int, into out: WorkerOutput) {
        let n = out.parents.count
        out.slots.removeAll(keepingCapacity: true)
        out.slots.reserveCapacity(n)
        guard let states = batch.states[w].baseAddress else { return }
        let hashes = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.group)
        defer { hashes.deallocate() }
        for i in 0..<n {
            if i % Self.group == 0 { out.warmth &+= warm(states, i..<min(n, i + Self.group), hashes) }
            let s = states + i * wordCount
            let h = hashes[i % Self.group]
            let tag = tag(h)
            let key = Self.claimed | tag | UInt32(batch.offsets[w] + i)
            var slot = Int(truncatingIfNeeded: h) & tableMask
            while true {
                var entry = table[slot].load(ordering: .relaxed)
                if entry == Self.empty {
                    let (won, found) = table[slot].compareExchange(expected: entry, desired: key, ordering: .relaxed)
                    if won {
                        out.slots.append(slot)
                        break
                    }
                    entry = found
                }
                if !tagged(entry, tag) {
                    // Another state.
                } else if entry & Self.claimed == 0 {
                    if same(words + number(entry) * wordCount, s) {
                        out.slots.append(-1)
                        break
                    }
                } else if same(batch.state(number(entry), wordCount: wordCount), s) {
                    // The same state: only equal states ever contend for this slot, and
                    // their entries differ in their positions only.
                    while key < entry {
                        let (won, found) = table[slot].compareExchange(expected: entry, desired: key, ordering: .relaxed)
                        if won { break }
                        entry = found
                    }
                    out.slots.append(slot)
                    break
                }
                slot = (slot + 1) & tableMask
            }
        }
    }

    /// Phase 2 for worker `w`: keeps in `out.fresh` the successors that are their state's
    /// first occurrence in the batch.
    private func mark(_ batch: Batch, worker w: Int, in out: WorkerOutput) {
        out.fresh.removeAll(keepingCapacity: true)
        for (i, slot) in out.slots.enumerated() where slot >= 0 {
            let entry = table[slot].load(ordering: .relaxed)
            if entry & Self.claimed != 0 && number(entry) == batch.offsets[w] + i { out.fresh.append(Int32(i)) }
        }
    }

    /// Phase 3 for one worker: stores its new states from id `firstId` on.
    private func write(_ out: WorkerOutput, from states: UnsafeBufferPointer<UInt64>, firstId: Int) {
        guard let base = states.baseAddress else { return }
        for (j, i) in out.fresh.enumerated() {
            let id = firstId + j
            let i = Int(i)
            (words + id * wordCount).update(from: base + i * wordCount, count: wordCount)
            parents[id] = out.parents[i]
            vias[id] = out.via[i]
            let slot = out.slots[i]
            let claim = table[slot].load(ordering: .relaxed)
            table[slot].store(claim & ~Self.claimed & ~UInt32(number(claim)) | UInt32(id), ordering: .relaxed)
        }
    }
}
