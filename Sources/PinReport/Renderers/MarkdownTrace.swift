import PinLang

/// `check --format markdown`: the verdicts and each counterexample as a numbered list, to
/// paste into a patch mail or a review (it reads as plain text too).
public enum MarkdownReport {
    public static func render(_ reports: [(report: CheckReport, renderer: TraceRenderer)], modelPath: String) -> String {
        var out: [String] = []
        for (report, renderer) in reports {
            if !out.isEmpty { out.append("") }
            out.append("## `\(modelPath)`: variant `\(report.variant)` (engine \(report.engine))")
            out.append("")
            out += report.verdictLines.map {
                "- `\($0.invariant)`: " + ($0.verdict == "holds" ? $0.text : "**\(escaped($0.text))**")
            }
            for shown in report.shownTraces {
                out += ["", "### \(escaped(shown.title))", ""] + trace(shown, renderer)
            }
            out += ["", escaped(report.figuresLine)]
        }
        return out.joined(separator: "\n")
    }

    /// The trace as a numbered list: the initial values of what it changes, each step's call
    /// with the calls of overridden rules and the changes, then why the invariant is false.
    static func trace(_ shown: CheckReport.ShownTrace, _ renderer: TraceRenderer) -> [String] {
        let trace = shown.trace
        let changed = renderer.slotsChanged(in: trace)
        var out = [
            "Initial state (what the trace changes): "
                + changed.map { "`\(renderer.layout.slots[$0].path) = \(renderer.value(of: $0, in: trace.initial))`" }
                .joined(separator: ", "),
            "",
        ]
        let trees = renderer.callTrees?(trace)
        var previous = trace.initial
        for (n, step) in trace.steps.enumerated() {
            out.append("\(n + 1). `\(step.call)`")
            let changes = renderer.changes(from: previous, to: step.state)
            // A step that changes nothing is explained by what it read: every call it made.
            let calls: [(nesting: Int, call: CallRecord)] = trees.map { renderer.nested($0[n], all: changes.isEmpty) } ?? []
            for c in calls {
                out.append("   " + String(repeating: "  ", count: c.nesting) + "- ↳ `\(c.call.call)` \(escaped(c.call.origin))")
            }
            if changes.isEmpty { out.append("   - (no state change)") }
            out += changes.map { "   - `\($0.path)`: \($0.old) → \($0.new)" }
            previous = step.state
        }
        if let invariant = shown.invariant, let why = renderer.explain?(invariant, trace.final) {
            out += ["", "Why `\(invariant)` (\(why.range.start)) is false in the last state:", ""]
            out += why.lines.map { "- `\($0)`" }
        }
        return out
    }

    /// Text with markdown's emphasis, table and link characters escaped.
    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]|<>#".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
