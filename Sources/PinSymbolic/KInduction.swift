import Foundation
import PinLang
import Z3

/// k-induction: an invariant holds if no path of up to k steps from the initial state breaks
/// it (the base case, by BMC) and every loop-free path of k+1 states that keeps it for k
/// states keeps it in the last one too (the step case). Each invariant is proved together
/// with "no evaluation fault", so a proof also rules out the model errors the explicit
/// engine would report.
public final class KInduction {
    let model: Model
    let timeout: UInt32?

    public init(model: Model, timeoutMilliseconds: UInt32? = nil) {
        self.model = model
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
                stepQueries.append(
                    (
                        "step case k=\(k) for \(model.invariants[j].name)",
                        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, result.description
                    ))
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
        let bmc = try BoundedModelChecker(model: model, timeoutMilliseconds: timeout)
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

    func finish(_ verdicts: [Verdict?], _ checked: [Int]) -> [(invariant: String, verdict: Verdict)] {
        zip(checked, verdicts).map { j, v in
            (model.invariants[j].name, v ?? .unknown(reason: "not proved k-inductive for the k tried; try a larger --depth"))
        }
    }

    /// Is there a loop-free path t0 → … → t(k+1) keeping the property in t0…tk and breaking it in t(k+1)?
    func stepCase(invariant j: Int, k: Int) throws -> Z3Result {
        let context = try Z3Context(timeoutMilliseconds: timeout)
        let encoder = try SymbolicEncoder(model: model, context: context)
        let solver = try Z3Solver(context: context)
        if let timeout { try solver.setTimeout(timeout) }
        var path: [(state: [Z3Term], steps: [SymbolicEncoder.Step])] = []
        for i in 0...(k + 1) {
            let s = try encoder.stateVariables("t\(i).")
            let steps = try encoder.steps(from: s)
            try solver.assert(encoder.domainConstraint(s))
            if let pre = path.last {
                let options = try pre.steps.map { try encoder.and($0.enabled, encoder.equal(s, $0.post)) }
                try solver.assert(encoder.disjunction(options))
            }
            for earlier in path { try solver.assert(encoder.equal(earlier.state, s).not()) }
            path.append((s, steps))
            let property = try encoder.safety(j, in: s, steps: steps)
            try solver.assert(i <= k ? property : property.not())
        }
        return try solver.check()
    }
}
