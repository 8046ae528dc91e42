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
    let timeout: UInt32?
    var model: Model { system.model }
    /// Told of every query as it finishes (the step cases, then the base case's BMC queries).
    public var onQuery: QueryLog?

    public convenience init(model: Model, timeoutMilliseconds: UInt32? = nil) throws {
        try self.init(system: TransitionSystem(model: model), timeoutMilliseconds: timeoutMilliseconds)
    }

    public init(system: TransitionSystem, timeoutMilliseconds: UInt32? = nil) {
        self.system = system
        self.timeout = timeoutMilliseconds
    }

    /// Finds, for each invariant (all when `names` is nil), the least k <= `maxK` at which
    /// the step case holds, then runs the base case (BMC) to the largest k needed.
    public func run(invariants names: [String]? = nil, maxK: Int) throws -> SymbolicResult {
        let checked = model.invariantIndices(named: names)
        var stepQueries: [(what: String, seconds: Double, result: String)] = []
        var inductiveAt = [Int?](repeating: nil, count: checked.count)
        var unknown = [String?](repeating: nil, count: checked.count)
        for (n, j) in checked.enumerated() {
            for k in 0...maxK {
                let start = DispatchTime.now().uptimeNanoseconds
                let result = try stepCase(invariant: j, k: k)
                let what = "step case k=\(k) for \(model.invariants[j].name)"
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                stepQueries.append((what, seconds, result.description))
                onQuery?(what, seconds, result.description)
                if case .unsat = result {
                    inductiveAt[n] = k
                    break
                }
                if case .unknown(let reason) = result {
                    unknown[n] = "Z3 answered unknown in the step case at k=\(k): \(reason)"
                    break
                }
            }
        }
        let depth = inductiveAt.map { $0 ?? maxK }.max() ?? 0
        let bmc = try BoundedModelChecker(system: system, timeoutMilliseconds: timeout)
        bmc.onQuery = onQuery
        let base = try bmc.run(invariants: checked.map { model.invariants[$0].name }, depth: depth)
        var verdicts: [(invariant: String, verdict: Verdict)] = []
        for (n, j) in checked.enumerated() {
            let name = model.invariants[j].name
            switch base.verdicts[n].verdict {
            case .violated, .unknown:
                verdicts.append((name, base.verdicts[n].verdict))
            default:
                if inductiveAt[n] != nil {
                    verdicts.append((name, .holds))
                } else {
                    verdicts.append(
                        (
                            name,
                            .unknown(
                                reason: unknown[n]
                                    ?? "no violation within \(depth) steps, but not \(maxK)-inductive; try a larger --depth")
                        ))
                }
            }
        }
        var result = SymbolicResult(verdicts: verdicts, fault: base.fault, queries: stepQueries + base.queries, depth: depth)
        for (n, j) in checked.enumerated() {
            if let k = inductiveAt[n], case .holds = verdicts[n].verdict { result.provenAt[model.invariants[j].name] = k }
        }
        return result
    }

    /// Is there a loop-free path t0 → … → t(k+1) keeping the property in t0…tk and breaking it in t(k+1)?
    func stepCase(invariant j: Int, k: Int) throws -> Z3Result {
        let context = try Z3Context(timeoutMilliseconds: timeout)
        let path = try Unrolling(system: system, context: context, prefix: "t")
        let property = system.safety(j)
        for i in 0...(k + 1) {
            try path.addFrame(restricted: true)
            for earlier in 0..<i {
                let same = try zip(path.frames[earlier], path.frames[i]).map { try $0.eq($1) }
                try path.solver.assert(context.and(same).not())
            }
            let p = try path.term(property, at: i)
            try path.solver.assert(i <= k ? p : p.not())
        }
        return try path.solver.check()
    }
}
