import PinLang

/// `compare --explain A B`: what tells two variants apart, as a trace with both sides'
/// states where they differ.
public struct DistinctionReport {
    public let modelPath: String
    public let first: String
    public let second: String
    public let result: ProductResult
    public let renderer: TraceRenderer

    public init(modelPath: String, first: String, second: String, result: ProductResult, renderer: TraceRenderer) {
        self.modelPath = modelPath
        self.first = first
        self.second = second
        self.result = result
        self.renderer = renderer
    }

    func name(_ side: Side) -> String { side == .first ? first : second }

    /// 0 when the search found an invariant difference or covered every pair; 3 when it
    /// stopped first (a limit or Ctrl-C), so "no invariant tells them apart" is not known.
    public var exitStatus: ExitStatus {
        result.invariantDifference == nil && result.incomplete != nil ? .noVerdict : .success
    }

    public func text() -> String {
        var out = [
            "\(first) and \(second) of \(modelPath), explored side by side: \(result.pairs) pairs of states, depth \(result.depth)",
            "(each action is given to both; a variant that cannot take it stays where it is)",
        ]
        if let d = result.invariantDifference {
            out.append("")
            out.append("a shortest trace that an invariant tells apart (\(d.steps.count) steps):")
            out += render(d)
        } else if let why = result.incomplete {
            out.append("")
            out.append("no invariant told them apart before the search stopped (\(why)); no verdict")
        } else {
            out.append("")
            out.append(
                "no invariant tells them apart: after every sequence of actions, each invariant holds in both or in neither")
        }
        if let d = result.firstDivergence, d.steps.count < (result.invariantDifference?.steps.count ?? Int.max) {
            out.append("")
            out.append("they first behave differently after \(d.steps.count) step\(d.steps.count == 1 ? "" : "s"):")
            out += render(d)
        } else if result.firstDivergence == nil && result.incomplete == nil {
            out.append("")
            out.append("they never behave differently: every action reaches the same state in both")
        }
        return out.joined(separator: "\n")
    }

    /// The trace: the initial state, each step with its changes (once when both sides
    /// change alike, else each side's; a side that cannot take a step says so), and what
    /// differs at the end.
    func render(_ d: Distinction) -> [String] {
        var out: [String] = []
        if d.initial.first == d.initial.second {
            out.append("  initial state (both):")
            out += renderer.summarize(d.initial.first).map { "      \($0.name) = \($0.value)" }
        } else {
            out.append("  initial state of \(first):")
            out += renderer.summarize(d.initial.first).map { "      \($0.name) = \($0.value)" }
            out.append("  initial state of \(second), where it differs:")
            out += differences(d.initial.first, d.initial.second).map { "      " + $0 }
        }
        var previous = d.initial
        for (n, step) in d.steps.enumerated() {
            var line = "  \(n + 1). \(step.call.call)"
            if !step.takenByFirst { line += "   (\(first) cannot take it: disabled or faulting)" }
            if !step.takenBySecond { line += "   (\(second) cannot take it: disabled or faulting)" }
            out.append(line)
            out += changes(from: previous, to: (step.first, step.second))
            previous = (step.first, step.second)
        }
        if case .invariant(let invariant, let broken, let faults) = d.kind {
            let kept = broken == .first ? second : first
            let how = faults ? "evaluating it faults in \(name(broken))" : "violated in \(name(broken))"
            out.append("  after step \(d.steps.count): \(invariant) is \(how) and holds in \(kept)")
        }
        let differing = differences(previous.first, previous.second)
        if !differing.isEmpty {
            out.append("  the states differ in:")
            out += differing.map { "      " + $0 }
        }
        return out
    }

    /// One step's changes: once when both sides change alike, else each side's.
    func changes(from before: (first: [Int64], second: [Int64]), to after: (first: [Int64], second: [Int64])) -> [String] {
        let a = renderer.changes(from: before.first, to: after.first)
        let b = renderer.changes(from: before.second, to: after.second)
        if a.elementsEqual(b, by: { $0 == $1 }) {
            return a.isEmpty ? ["       (no state change)"] : a.map { "       \($0.path): \($0.old) -> \($0.new)" }
        }
        let side = { (label: String, list: [(path: String, old: String, new: String)]) -> [String] in
            list.isEmpty
                ? ["       \(label): (no state change)"] : list.map { "       \(label): \($0.path): \($0.old) -> \($0.new)" }
        }
        return side(first, a) + side(second, b)
    }

    /// `path: A's value, B's value` for each slot where two states differ.
    func differences(_ a: [Int64], _ b: [Int64]) -> [String] {
        let left = renderer.describe(a)
        let right = renderer.describe(b)
        return zip(left, right).filter { $0.value != $1.value }.map { "\($0.path): \(first) \($0.value), \(second) \($1.value)" }
    }

    public func json() -> [String: Any] {
        func trace(_ d: Distinction) -> [String: Any] {
            var o: [String: Any] = [
                "length": d.steps.count,
                "steps": d.steps.map { step -> [String: Any] in
                    [
                        "action": step.call.call, "taken_by": [first: step.takenByFirst, second: step.takenBySecond],
                        "states_differ": step.first != step.second,
                    ]
                },
                "differences": renderer.changedSlots(from: d.last.first, to: d.last.second).map { i -> [String: Any] in
                    let slot = renderer.layout.slots[i]
                    return [
                        "variable": slot.path, "first": slot.type.scalarJSON(d.last.first[i]),
                        "second": slot.type.scalarJSON(d.last.second[i]),
                    ]
                },
            ]
            switch d.kind {
            case .invariant(let invariant, let broken, let faults):
                o["kind"] = "invariant"
                o["invariant"] = invariant
                o["broken_in"] = name(broken)
                o["faults"] = faults
            case .taken(let side):
                o["kind"] = "taken_by_one"
                o["taken_by"] = name(side)
            case .state:
                o["kind"] = "state"
            }
            return o
        }
        var object = JSONDocument.envelope(verb: "compare", exitStatus: exitStatus)
        object["model_file"] = modelPath
        object["explain"] = ["first": first, "second": second, "pairs": result.pairs, "depth": result.depth] as [String: Any]
        if let d = result.invariantDifference { object["invariant_difference"] = trace(d) }
        if let d = result.firstDivergence { object["first_divergence"] = trace(d) }
        if let why = result.incomplete { object["incomplete"] = why }
        return object
    }
}
