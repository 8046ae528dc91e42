import Foundation
import PinExplicit
import PinLang
import PinSymbolic
import Z3

/// Houdini over lemmas on one step of the transition system, one action instance at a
/// time, on every core. Each instance has its own Z3 context and solver (so any worker may
/// take it), which asks for a state that keeps the live lemmas and steps, by that instance,
/// to a state that breaks one of those the instance can change: a lemma over slots the
/// instance leaves as they are is kept by it, and is not asked about. Each answer drops
/// the lemmas it breaks, and those broken in the states the explicit engine reaches from
/// it (`simulate`), for every instance. The live lemmas are inductive once every instance
/// has found no such step for the same live set.
package final class Houdini: @unchecked Sendable {
    let system: TransitionSystem
    let lemmas: [MinedLemmas.Lemma]
    private let timeout: Duration?
    private let workers: Int
    var events: EventSink = ignoreEvents
    /// Polled before each query: once it answers true, the run stops with unknown.
    package var stop = StopToken.never

    private let condition = NSCondition()
    package private(set) var live: [Bool]
    /// Bumped whenever lemmas are dropped.
    private var version = 0
    /// The enabled action instances, and per each: the version it last found no breaking
    /// step for, whether a worker has it, and its solver once built.
    private let instances: [Int]
    private var settled: [Int]
    private var busy: [Bool]
    /// Whether the instance's last answer was unsat.
    private var wasSettled: [Bool]
    private var queriesOf: [InstanceQuery?]
    private var outcome: Z3Result?
    private var failure: Error?
    private(set) var queries = 0
    private(set) var simulatedDrops = 0
    /// Time spent building the instances' solvers, over every worker.
    private(set) var buildTime = Duration.zero

    package init(system: TransitionSystem, lemmas: [MinedLemmas.Lemma], workers: Int, timeout: Duration?) {
        self.system = system
        self.lemmas = lemmas
        self.workers = max(1, workers)
        self.timeout = timeout
        live = Array(repeating: true, count: lemmas.count)
        instances = system.steps.indices.filter { system.steps[$0].enabled != .false }
        settled = Array(repeating: -1, count: instances.count)
        busy = Array(repeating: false, count: instances.count)
        wasSettled = busy
        queriesOf = Array(repeating: nil, count: instances.count)
    }

    /// Drops lemmas until the live ones are inductive (unsat: no step breaks them), or
    /// answers unknown.
    package func run() throws -> Z3Result {
        if instances.isEmpty { return .unsat }
        // A stop wakes the workers waiting for an instance, so that they see it at once.
        let waking = stop.onStop { [condition] _ in
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        defer { waking.cancel() }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                try work()
            } catch is StopToken.Stopped {
                condition.lock()
                if outcome == nil { outcome = .unknown(reason: stop.reason?.description ?? "stopped") }
                condition.broadcast()
                condition.unlock()
            } catch {
                condition.lock()
                if failure == nil { failure = error }
                if outcome == nil { outcome = .unknown(reason: "\(error)") }
                condition.broadcast()
                condition.unlock()
            }
        }
        if let failure { throw failure }
        return outcome ?? .unknown(reason: "houdini stopped")
    }

    /// Takes instances not yet settled for the current live set, one at a time, until every
    /// instance is settled or the run stops.
    private func work() throws {
        let stepper = Stepper(model: system.model)
        var cursor = 0
        while let job = next(after: cursor) {
            cursor = job.instance + 1
            // Only the worker holding the instance touches its solver; the table is read and
            // written under the lock.
            let built = Stopwatch()
            let query =
                try job.query
                ?? InstanceQuery(
                    system: system, instance: instances[job.instance], lemmas: lemmas, timeout: timeout, stop: stop)
            let building = job.query == nil ? built.elapsed : .zero
            let watch = Stopwatch()
            let stopping = stop.interrupting(query.context)
            let (result, broken, state) = try query.check(live: job.live)
            stopping.cancel()
            let took = watch.elapsed
            var dropped = broken
            var simulated = 0
            if let state {
                var rest = job.live
                for i in broken { rest[i] = false }
                let more = simulate(from: state, live: rest, stepper)
                simulated = more.count
                dropped += more
            }
            let count = record(job, query, result, dropped: dropped, simulated: simulated, building: building)
            events(
                .query(
                    what: "houdini \(query.name) (dropped \(dropped.count), \(simulated) by simulation, live \(count))",
                    took: took, answer: result.description))
        }
    }

    /// An instance a worker holds: its index, the live set and version it asks about, and its
    /// solver once built.
    private struct Job {
        var instance: Int
        var live: [Bool]
        var version: Int
        var query: InstanceQuery?
    }

    /// The next instance to ask about, marked busy; nil once the run is over (every instance
    /// settled for the current live set, an unknown answer, or a stop).
    private func next(after cursor: Int) -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil {
            if stop.isStopped {
                outcome = .unknown(reason: stop.reason?.description ?? "stopped")
                condition.broadcast()
                return nil
            }
            // Instances not yet settled, or whose last answer broke lemmas, before those
            // settled for an older live set: those are more likely to break more, and
            // re-asking the others can wait until the live set stops shrinking.
            let order = (0..<instances.count).lazy.map { (cursor + $0) % self.instances.count }
            let open = order.filter { !self.busy[$0] && self.settled[$0] < self.version }
            if let k = open.first(where: { !self.wasSettled[$0] }) ?? open.first {
                busy[k] = true
                return Job(instance: k, live: live, version: version, query: queriesOf[k])
            }
            if !busy.contains(true) {
                outcome = .unsat
                condition.broadcast()
                return nil
            }
            condition.wait()
        }
        return nil
    }

    /// Records an instance's answer: the lemmas it dropped, or that it is settled for the
    /// live set it asked about. Returns how many lemmas are live.
    private func record(
        _ job: Job, _ query: InstanceQuery, _ result: Z3Result, dropped: [Int], simulated: Int, building: Duration
    ) -> Int {
        condition.lock()
        defer { condition.unlock() }
        busy[job.instance] = false
        queriesOf[job.instance] = query
        buildTime += building
        queries += 1
        switch result {
        case .sat:
            wasSettled[job.instance] = false
            let fresh = dropped.filter { live[$0] }
            for i in fresh { live[i] = false }
            if !fresh.isEmpty { version += 1 }
            simulatedDrops += simulated
        case .unsat:
            settled[job.instance] = job.version
            wasSettled[job.instance] = true
        case .unknown:
            outcome = result
        }
        condition.broadcast()
        return live.filter { $0 }.count
    }

    /// The most states `simulate` visits from one counterexample to induction.
    static let simulationBudget = 4096

    /// The live lemmas broken in some state the explicit engine reaches from `state`, a
    /// counterexample to induction that satisfies them all, breadth-first within
    /// `simulationBudget` states. Each is outside the largest inductive subset of the live
    /// lemmas, which `state` satisfies and so every state reached from it: dropping them
    /// saves Z3 a query each. What Houdini keeps is still decided by Z3 alone (every
    /// instance unsat for the last live set), so a step the two engines took differently
    /// could only drop too much, never keep a lemma that is not inductive.
    func simulate(from state: [Int64], live: [Bool], _ stepper: Stepper) -> [Int] {
        var alive = lemmas.indices.filter { live[$0] }
        var dropped: [Int] = []
        var seen: Set<[Int64]> = [state]
        var queue = [state]
        var head = 0
        while head < queue.count && !alive.isEmpty {
            let here = queue[head]
            head += 1
            alive.removeAll { i in
                let broken = !MinedLemmas.holds(lemmas[i], in: here, stepper)
                if broken { dropped.append(i) }
                return broken
            }
            guard seen.count < Self.simulationBudget else { continue }
            for (_, next) in stepper.successors(of: here) where seen.count < Self.simulationBudget {
                if seen.insert(next).inserted { queue.append(next) }
            }
        }
        return dropped
    }
}
