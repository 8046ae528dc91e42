import Foundation
import PinLang
import Z3

/// k-induction: an invariant holds if no path of up to k steps from the initial state breaks
/// it (the base case, by BMC) and every loop-free path of k+1 states that keeps it for k
/// states keeps it in the last one too (the step case). Each invariant is proved together
/// with "no evaluation fault", so a proof also rules out the model errors the explicit
/// engine would report.
public final class KInduction {
    let system: TransitionSystem
    let timeout: Duration?
    var model: Model { system.model }
    /// Told of every query as it finishes (the step cases, then the base case's BMC queries).
    public var events: EventSink = ignoreEvents

    public convenience init(model: Model, timeout: Duration? = nil) throws {
        try self.init(system: TransitionSystem(model: model), timeout: timeout)
    }

    public init(system: TransitionSystem, timeout: Duration? = nil) {
        self.system = system
        self.timeout = timeout
    }

    /// Finds, for each invariant (all when `names` is nil), the least k <= `maxK` at which
    /// the step case holds, then runs the base case (BMC) to the largest k needed. With
    /// `jointly`, the invariants are proved together (mutual induction): the step case
    /// assumes all of them and must keep all of them, which succeeds where each alone is
    /// too weak. An invariant not proved comes with its counterexample to induction.
    /// An invariant is reported as holding only when the base case covered its k completely
    /// with no reachable fault; `stop` cuts both cases short (never into *holds*).
    // - Long: the step cases, the base case and the verdict rule read best in one place.
    public func run(invariants names: [String]? = nil, maxK: Int, jointly: Bool = false, stop: StopToken = .never)
        throws -> SymbolicResult
    {
        let checked = model.invariantIndices(named: names)
        var stepQueries: [QueryRecord] = []
        var inductiveAt = [Int?](repeating: nil, count: checked.count)
        var unknown = [String?](repeating: nil, count: checked.count)
        var induction: [InductionCounterexample?] = Array(repeating: nil, count: checked.count)
        let groups = jointly ? [Array(checked.indices)] : checked.indices.map { [$0] }
        for group in groups {
            let label =
                group.count == 1 ? model.invariants[checked[group[0]]].name : "\(group.count) invariants jointly"
            for k in 0...maxK where !stop.isStopped {
                events(.phase("kind: step case k=\(k) for \(label)", elapsed: .zero))
                let watch = Stopwatch()
                let (result, cti) = try stepCase(invariants: group.map { checked[$0] }, k: k, stop: stop)
                let record = QueryRecord(
                    what: "step case k=\(k) for \(label)", took: watch.elapsed, answer: result.description)
                stepQueries.append(record)
                events(record.event)
                for n in group { induction[n] = cti }
                if case .unsat = result {
                    for n in group { inductiveAt[n] = k }
                    break
                }
                if case .unknown(let reason) = result {
                    for n in group { unknown[n] = "Z3 answered unknown in the step case at k=\(k): \(reason)" }
                    break
                }
            }
        }
        let depth = inductiveAt.map { $0 ?? maxK }.max() ?? 0
        let bmc = try BoundedModelChecker(system: system, timeout: timeout)
        bmc.events = events
        let base = try bmc.run(invariants: checked.map { model.invariants[$0].name }, depth: depth, stop: stop)
        var verdicts: [(invariant: String, verdict: Verdict)] = []
        var result = SymbolicResult(verdicts: [], fault: base.fault, queries: stepQueries + base.queries, depth: depth)
        let how = jointly ? "not \(maxK)-inductive together with the other invariants checked" : "not \(maxK)-inductive"
        for (n, j) in checked.enumerated() {
            let name = model.invariants[j].name
            switch base.verdicts[n].verdict {
            case .violated, .unknown:
                verdicts.append((name, base.verdicts[n].verdict))
            case .incomplete where base.cutShort:
                verdicts.append((name, base.verdicts[n].verdict))
            case .incomplete where base.fault != nil:
                // The base case stopped at the fault, so it did not cover k: claim nothing.
                verdicts.append((name, .incomplete(reason: "fault")))
            default:
                if let k = inductiveAt[n] {
                    verdicts.append((name, .holds))
                    result.provenAt[name] = k
                } else {
                    let reason = unknown[n] ?? "no violation within \(depth) steps, but \(how); try a larger --depth"
                    verdicts.append((name, .unknown(reason: reason)))
                    if let cti = induction[n] { result.counterexamplesToInduction[name] = cti }
                }
            }
        }
        result.verdicts = verdicts
        return result
    }

    /// Is there a loop-free path t0 → … → t(k+1) keeping the properties in t0…tk and
    /// breaking one in t(k+1)? If so, that path (its first state need not be reachable).
    func stepCase(invariants: [Int], k: Int, stop: StopToken = .never) throws -> (Z3Result, InductionCounterexample?) {
        let context = try Z3Context(timeout: timeout)
        let registration = stop.interrupting(context)
        defer { registration.cancel() }
        let path = try Unrolling(system: system, context: context, prefix: "t")
        let property = system.circuit.and(invariants.map { system.safety($0) })
        for i in 0...(k + 1) {
            try path.addFrame(restricted: true)
            for earlier in 0..<i {
                let same = try zip(path.frames[earlier], path.frames[i]).map { try $0.eq($1) }
                try path.solver.assert(context.and(same).not())
            }
            let p = try path.term(property, at: i)
            try path.solver.assert(i <= k ? p : p.not())
        }
        let result = try path.solver.check()
        guard result == .sat else { return (result, nil) }
        let m = try path.solver.model()
        let broken = try invariants.filter { try !m.evalBool(path.term(system.invariants[$0].holds, at: k + 1)) }
        let faults = try m.evalBool(path.term(system.anyFault(invariants: invariants), at: k + 1))
        return (
            result,
            InductionCounterexample(
                trace: try path.trace(to: k + 1, in: m), broken: broken.map { model.invariants[$0].name }, faults: faults)
        )
    }
}
