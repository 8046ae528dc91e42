import PinLang

/// Renders traces as text a kernel developer reads like a reproducer: each step is the
/// action with its arguments, then the state variables it changed.
public struct TraceRenderer {
    public let layout: StateLayout

    public init(model: Model) {
        layout = StateLayout(model)
    }

    /// The initial state in full, then one numbered block per step.
    public func render(_ trace: Trace, indent: String = "  ") -> String {
        var lines: [String] = []
        lines.append("\(indent)initial state:")
        for (path, value) in layout.describe(trace.initial) {
            lines.append("\(indent)    \(path) = \(value)")
        }
        var previous = trace.initial
        let width = String(trace.steps.count).count
        for (n, step) in trace.steps.enumerated() {
            let number = String(n + 1)
            let padded = String(repeating: " ", count: width - number.count) + number
            lines.append("\(indent)\(padded). \(step.call)")
            let changes = self.changes(from: previous, to: step.state)
            if changes.isEmpty {
                lines.append("\(indent)\(String(repeating: " ", count: width + 2))(no state change)")
            }
            for c in changes {
                lines.append("\(indent)\(String(repeating: " ", count: width + 2))\(c.path): \(c.old) -> \(c.new)")
            }
            previous = step.state
        }
        return lines.joined(separator: "\n")
    }

    /// The slots whose values differ between two states, in layout order.
    public func changes(from a: [Int64], to b: [Int64]) -> [(path: String, old: String, new: String)] {
        var result: [(path: String, old: String, new: String)] = []
        for (i, slot) in layout.slots.enumerated() where i < a.count && i < b.count && a[i] != b[i] {
            result.append((slot.path, slot.type.format(a[i]), slot.type.format(b[i])))
        }
        return result
    }

    /// The state as `path = value` pairs.
    public func describe(_ state: [Int64]) -> [(path: String, value: String)] {
        layout.describe(state)
    }
}
