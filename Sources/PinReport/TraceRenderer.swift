import PinLang

/// Renders traces as text a kernel developer reads like a reproducer: each step is the
/// action with its arguments, then the state variables it changed.
public struct TraceRenderer {
    public let layout: StateLayout
    let variables: [StateVariable]
    /// Records the calls each step of a trace made (nil when the trace does not replay);
    /// unset, traces have no call trees.
    public var callTrees: (@Sendable (Trace) -> [[CallRecord]]?)?
    /// The callables whose calls text shows (nil: every call); JSON has every call.
    public var shownCalls: Set<String>?
    /// Why an invariant is false in a state (nil when it is not); unset, violations are not
    /// explained.
    public var explain: (@Sendable (_ invariant: String, _ state: [Int64]) -> ViolationExplanation?)?
    /// Each state variable's type as declared (`[Proc] Pte`), by name: HTML's process columns.
    public var declaredTypes: [String: String] = [:]

    public init(model: Model) {
        layout = StateLayout(model)
        variables = model.variables
    }

    /// The initial state in full, then one numbered block per step. `start` names the
    /// first state (a counterexample to induction starts in an arbitrary one).
    public func render(_ trace: Trace, indent: String = "  ", start: String = "initial state", calls: Bool = false)
        -> String
    {
        let trees = calls ? callTrees?(trace) : nil
        var lines: [String] = []
        lines.append("\(indent)\(start):")
        for (name, value) in summarize(trace.initial) {
            lines.append("\(indent)    \(name) = \(value)")
        }
        var previous = trace.initial
        let width = String(trace.steps.count).count
        for (n, step) in trace.steps.enumerated() {
            let number = String(n + 1)
            let padded = String(repeating: " ", count: width - number.count) + number
            lines.append("\(indent)\(padded). \(step.call)")
            let changes = self.changes(from: previous, to: step.state)
            let pad = "\(indent)\(String(repeating: " ", count: width + 2))"
            // A step that changes nothing is explained by what it read: every call it made.
            let quiet = changes.isEmpty && !(trees?[n].isEmpty ?? true)
            if quiet { lines.append(pad + "(no state change; what it read, by every call it made:)") }
            if let trees { lines += shown(trees[n], all: quiet).map { pad + $0 } }
            if changes.isEmpty && !quiet { lines.append(pad + "(no state change)") }
            for c in changes {
                lines.append("\(indent)\(String(repeating: " ", count: width + 2))\(c.path): \(c.old) -> \(c.new)")
            }
            previous = step.state
        }
        return lines.joined(separator: "\n")
    }

    /// Why `invariant` is false in the last state of `trace`, as text lines under a heading;
    /// none when violations are not explained.
    public func explanation(of invariant: String, in trace: Trace, indent: String) -> [String] {
        guard let why = explain?(invariant, trace.final) else { return [] }
        return ["\(indent)\(invariant) (\(why.range.start)) is false in the last state:"]
            + why.lines.map { "\(indent)  " + $0 }
    }

    /// A step's calls as text lines, `↳ name(args) = result  [variant · file:line]`, indented by
    /// nesting among the calls shown (`shownCalls`).
    func shown(_ calls: [CallRecord], all: Bool = false) -> [String] {
        nested(calls, all: all).map { String(repeating: "  ", count: $0.nesting) + "↳ \($0.call.call)  \($0.call.origin)" }
    }

    /// The calls `shownCalls` selects (every one with `all`), each with its nesting among
    /// those selected.
    func nested(_ calls: [CallRecord], all: Bool = false) -> [(nesting: Int, call: CallRecord)] {
        var open: [(depth: Int, shown: Bool)] = []
        var result: [(nesting: Int, call: CallRecord)] = []
        for call in calls {
            while let last = open.last, last.depth >= call.depth { open.removeLast() }
            let show = all || (shownCalls.map { $0.contains(call.name) } ?? true)
            if show { result.append((open.filter(\.shown).count, call)) }
            open.append((call.depth, show))
        }
        return result
    }

    /// The slots whose values differ between two states, in layout order.
    public func changes(from a: [Int64], to b: [Int64]) -> [(path: String, old: String, new: String)] {
        changedSlots(from: a, to: b).map { i in
            let slot = layout.slots[i]
            return (slot.path, slot.type.format(a[i]), slot.type.format(b[i]))
        }
    }

    /// The layout indices of the slots whose values differ between two states, in layout order:
    /// what text, JSON and the renderers list as changed.
    func changedSlots(from a: [Int64], to b: [Int64]) -> [Int] {
        layout.slots.indices.filter { $0 < a.count && $0 < b.count && a[$0] != b[$0] }
    }

    /// One line per state variable, aggregates written compactly:
    /// `pte = [0: {present: false, frame: ZERO_PAGE, write: false}, 1: {…}]`, and an array
    /// whose elements are all equal as `[all: false]`.
    public func summarize(_ state: [Int64]) -> [(name: String, value: String)] {
        var start = 0
        return variables.map { v in
            let count = v.type.scalarCount
            defer { start += count }
            return (v.name, v.type.format(state[min(start, state.count)..<min(start + count, state.count)]))
        }
    }

    /// The state as `path = value` pairs.
    public func describe(_ state: [Int64]) -> [(path: String, value: String)] {
        layout.describe(state)
    }
}
