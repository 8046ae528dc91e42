import Foundation
import PinLang

/// The two variants cannot be explored side by side: their state or actions differ.
public struct ProductSearchError: Error, Sendable {
    public var message: String
}

/// Explores two variants of one model side by side, breadth-first. A node is a pair of
/// states, one per variant; each action instance is given to both, and a side that cannot
/// take it (disabled, or faulting) stays where it is, so the two can drift apart by steps
/// that only one of them needs (6.2's extra unshare fault before the pin, say) and still
/// meet the same later actions. The first pair where an invariant holds on one side only
/// ends the search with a shortest trace that an invariant tells apart; on the way it
/// keeps the shortest trace after which the two behave differently at all. One thread.
public final class ProductSearch {
    let first: (model: Model, machine: Machine)
    let second: (model: Model, machine: Machine)
    /// Stop with *incomplete* once this many pairs are stored, or at `deadline`.
    public var maxPairs = 20_000_000
    public var deadline: ContinuousClock.Instant?
    public var stop: StopToken = .never

    /// Both variants must have the same state variables (names and domains) and the same
    /// action instances, in the same order: only their rules differ.
    public init(first a: Model, second b: Model) throws(ProductSearchError) {
        let (la, lb) = (StateLayout(a), StateLayout(b))
        guard la.slots.map(\.path) == lb.slots.map(\.path), zip(la.slots, lb.slots).allSatisfy({ $0.domain == $1.domain })
        else {
            throw ProductSearchError(
                message: "\(a.variant) and \(b.variant) have different state variables; they cannot be explored side by side")
        }
        let (pa, pb) = (Compiler.compile(a), Compiler.compile(b))
        let calls = { (p: CompiledModel, m: Model) in p.instances.map { Explorer.call($0, in: m).call } }
        guard calls(pa, a) == calls(pb, b), a.invariants.map(\.name) == b.invariants.map(\.name) else {
            throw ProductSearchError(
                message:
                    "\(a.variant) and \(b.variant) have different actions or invariants; they cannot be explored side by side")
        }
        first = (a, Machine(pa))
        second = (b, Machine(pb))
    }

    /// Runs the search.
    // - Long: one breadth-first loop over pairs, with its checks in one place.
    public func run() throws(ProductSearchError) -> ProductResult {
        let (ma, mb) = (first.machine, second.machine)
        let words = ma.program.layout.wordCount
        for (side, m) in [(first, ma), (second, mb)] {
            if let fault = Explorer(model: side.model).initialFault(m) {
                throw ProductSearchError(message: "the initial state of \(side.model.variant) faults: \(fault.message)")
            }
        }
        let store = StateStore(wordCount: 2 * words)
        let pair = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * words)
        defer { pair.deallocate() }
        let savedA = UnsafeMutablePointer<Int64>.allocate(capacity: max(ma.slotCount, 1))
        let savedB = UnsafeMutablePointer<Int64>.allocate(capacity: max(mb.slotCount, 1))
        defer {
            savedA.deallocate()
            savedB.deallocate()
        }
        ma.pack(into: pair)
        mb.pack(into: pair + words)
        store.insert(pair, parent: -1, via: -1)
        var result = ProductResult()
        let instances = ma.program.instances
        var levelStart = 0
        while levelStart < store.count {
            let levelEnd = store.count
            for id in levelStart..<levelEnd {
                if id & 1023 == 1023 {
                    if let reason = stop.reason {
                        result.incomplete = "\(reason.description) at depth \(result.depth)"
                        return finish(result, store)
                    }
                    if let deadline, ContinuousClock.now >= deadline {
                        result.incomplete = "time limit reached at depth \(result.depth)"
                        return finish(result, store)
                    }
                }
                ma.unpack(store.state(id))
                mb.unpack(store.state(id) + words)
                for j in first.model.invariants.indices {
                    let a = try? ma.eval(ma.program.invariants[j]) != 0
                    let b = try? mb.eval(mb.program.invariants[j]) != 0
                    guard a != b else { continue }
                    let broken: Side = a == true ? .second : .first
                    let kind = Distinction.Kind.invariant(
                        name: first.model.invariants[j].name, brokenIn: broken, faults: (broken == .first ? a : b) == nil)
                    result.invariantDifference = distinction(kind, to: id, store)
                    return finish(result, store)
                }
                if memcmp(store.state(id), store.state(id) + words, words * 8) != 0,
                    result.firstDivergence.map({ $0.steps.count > result.depth }) ?? true
                {
                    keep(distinction(.state, to: id, store), in: &result)
                    ma.unpack(store.state(id))  // the trace's states went through the machines
                    mb.unpack(store.state(id) + words)
                }
                savedA.update(from: ma.registers, count: ma.slotCount)
                savedB.update(from: mb.registers, count: mb.slotCount)
                for (n, instance) in instances.enumerated() {
                    let takenA = Self.fire(ma, instance, saved: savedA, into: pair)
                    let takenB = Self.fire(mb, instance, saved: savedB, into: pair + words)
                    if !takenA && !takenB { continue }
                    // A side that does not take the step stays where it is.
                    if !takenA { pair.update(from: store.state(id), count: words) }
                    if !takenB { (pair + words).update(from: store.state(id) + words, count: words) }
                    let via = Int32(n * 4 + (takenA ? 1 : 0) + (takenB ? 2 : 0))
                    let (next, _) = store.insert(pair, parent: Int32(id), via: via)
                    if takenA != takenB, result.firstDivergence.map({ $0.steps.count > result.depth + 1 }) ?? true {
                        var d = distinction(.taken(by: takenA ? .first : .second), to: id, store)
                        d.steps.append(step(next, via: via, store))
                        keep(d, in: &result)
                        ma.unpack(store.state(id))  // the trace's states went through the machines
                        mb.unpack(store.state(id) + words)
                    }
                }
            }
            levelStart = levelEnd
            if levelStart < store.count { result.depth += 1 }
            if store.count > maxPairs {
                result.incomplete = "pair limit of \(maxPairs) reached at depth \(result.depth)"
                return finish(result, store)
            }
        }
        return finish(result, store)
    }

    func finish(_ result: ProductResult, _ store: StateStore) -> ProductResult {
        var result = result
        result.pairs = store.count
        return result
    }

    /// Keeps `d` as the first divergence when it is shorter than the one kept.
    func keep(_ d: Distinction, in result: inout ProductResult) {
        if result.firstDivergence.map({ d.steps.count < $0.steps.count }) ?? true { result.firstDivergence = d }
    }

    /// Fires `instance` from the registers (restored from `saved` afterwards) and packs the
    /// successor into `out`: whether the instance was taken (enabled, and did not fault).
    static func fire(
        _ m: Machine, _ instance: ActionInstance, saved: UnsafeMutablePointer<Int64>, into out: UnsafeMutablePointer<UInt64>
    ) -> Bool {
        defer { m.registers.update(from: saved, count: m.slotCount) }
        guard (try? m.fire(instance)) == true else { return false }
        m.pack(into: out)
        return true
    }

    /// Both sides' states in pair `id`.
    func values(_ id: Int, _ store: StateStore) -> (first: [Int64], second: [Int64]) {
        let words = first.machine.program.layout.wordCount
        first.machine.unpack(store.state(id))
        second.machine.unpack(store.state(id) + words)
        return (first.machine.stateValues(), second.machine.stateValues())
    }

    /// The step into pair `id` by `via` (the instance, and which sides took it).
    func step(_ id: Int, via: Int32, _ store: StateStore) -> Distinction.Step {
        let (a, b) = values(id, store)
        let call = Explorer.call(first.machine.program.instances[Int(via) / 4], in: first.model)
        return Distinction.Step(call: call, first: a, second: b, takenByFirst: via & 1 != 0, takenBySecond: via & 2 != 0)
    }

    /// The trace to pair `id`, with both sides' states.
    func distinction(_ kind: Distinction.Kind, to id: Int, _ store: StateStore) -> Distinction {
        let chain = store.path(to: id)
        let steps = chain.dropFirst().map { step($0, via: store.via($0), store) }
        return Distinction(kind: kind, initial: values(chain[0], store), steps: Array(steps))
    }
}
