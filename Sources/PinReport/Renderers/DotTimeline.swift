import PinLang

/// `check --format dot`: each counterexample as a Graphviz timeline, left to right: the
/// initial values of what the trace changes (its PTEs, pages and pins), then one node per
/// step with the calls of overridden rules and the values it changed, and the violated
/// values at the end. Labels are Graphviz HTML-like labels, every model string escaped.
public enum DotTimeline {
    public static func render(_ reports: [(report: CheckReport, renderer: TraceRenderer)], modelPath: String) -> String {
        var out = [
            "digraph pincheck {", "  rankdir=LR;", "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];",
            "  label=<\(htmlEscaped("pincheck check \(modelPath)"))>; labelloc=t;",
        ]
        var number = 0
        for (report, renderer) in reports {
            for shown in report.shownTraces {
                number += 1
                out += cluster(shown, report.variant, renderer, prefix: "t\(number)_")
            }
        }
        if number == 0 { out.append("  none [label=<no counterexample: no invariant checked is violated>];") }
        out.append("}")
        return out.joined(separator: "\n")
    }

    /// One counterexample as a cluster of nodes `PREFIX0…PREFIXn`, chained by edges.
    static func cluster(_ shown: CheckReport.ShownTrace, _ variant: String, _ renderer: TraceRenderer, prefix: String)
        -> [String]
    {
        let trace = shown.trace
        let slots = renderer.slotsChanged(in: trace)
        var out = [
            "  subgraph cluster_\(prefix.dropLast()) {",
            "    label=<\(htmlEscaped("\(variant): \(shown.title)"))>;",
        ]
        let initial = slots.map { row("\(renderer.layout.slots[$0].path) = \(renderer.value(of: $0, in: trace.initial))") }
        out.append("    \(prefix)0 [label=<\(node(header: "initial state", rows: initial))>];")
        let trees = renderer.callTrees?(trace)
        var previous = trace.initial
        for (n, step) in trace.steps.enumerated() {
            var rows = (trees.map { renderer.nested($0[n]) } ?? []).map {
                row(String(repeating: "  ", count: $0.nesting) + "↳ \($0.call.call)", italic: true)
            }
            let changes = renderer.changes(from: previous, to: step.state)
            rows +=
                changes.isEmpty
                ? [row("(no state change)")] : changes.map { row("\($0.path): \($0.old) → \($0.new)", bold: true) }
            out.append("    \(prefix)\(n + 1) [label=<\(node(header: "\(n + 1). \(step.call)", rows: rows))>];")
            out.append("    \(prefix)\(n) -> \(prefix)\(n + 1);")
            previous = step.state
        }
        if let invariant = shown.invariant, let why = renderer.explain?(invariant, trace.final) {
            let rows = why.lines.map { row($0) }
            out.append(
                "    \(prefix)why [label=<\(node(header: "\(invariant) is false", rows: rows, color: "#f8d7da"))>];")
            out.append("    \(prefix)\(trace.steps.count) -> \(prefix)why [style=dashed];")
        }
        out.append("  }")
        return out
    }

    static func row(_ text: String, italic: Bool = false, bold: Bool = false) -> String {
        var cell = htmlEscaped(text)
        if italic { cell = "<i>\(cell)</i>" }
        if bold { cell = "<b>\(cell)</b>" }
        return "<tr><td align=\"left\">\(cell)</td></tr>"
    }

    static func node(header: String, rows: [String], color: String = "#e8eaf6") -> String {
        "<table border=\"0\" cellborder=\"1\" cellspacing=\"0\"><tr><td bgcolor=\"\(color)\"><b>\(htmlEscaped(header))</b></td></tr>"
            + rows.joined() + "</table>"
    }
}
