import PinLang

/// `check --format html`: one self-contained page (no script, no network): the verdicts,
/// and each counterexample as a table, one row per state and one column per process (and
/// one for what no process owns), the cells a step changed highlighted and its call tree
/// folded under the step. Every model string is escaped.
public enum HTMLReport {
    public static func render(_ reports: [(report: CheckReport, renderer: TraceRenderer)], modelPath: String) -> String {
        var body: [String] = ["<h1>pincheck check <code>\(htmlEscaped(modelPath))</code></h1>"]
        for (report, renderer) in reports {
            body.append(
                "<section><h2>variant <code>\(htmlEscaped(report.variant))</code> · engine \(htmlEscaped(report.engine))</h2>")
            body.append("<ul class=\"verdicts\">")
            body += report.verdictLines.map {
                "<li class=\"\($0.verdict)\"><code>\(htmlEscaped($0.invariant))</code>: \(htmlEscaped($0.text))</li>"
            }
            body.append("</ul>")
            for shown in report.shownTraces { body += table(shown, renderer) }
            body.append(
                "<p class=\"figures\">\(htmlEscaped(report.figuresLine))</p>"
            )
            body.append("</section>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>pincheck: \(htmlEscaped(modelPath))</title>
            <style>\(style)</style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>
            """
    }

    static let style = """
        body{font-family:sans-serif;margin:1.5em;color:#111}code,td{font-family:monospace}
        li.violated{color:#b00020;font-weight:bold}li.holds{color:#1b5e20}
        table.trace{border-collapse:collapse;margin:1em 0}table.trace td,table.trace th{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}
        th{background:#eee}.changed{background:#ffe08a;font-weight:bold}.call{color:#333}.decisive{color:#0d47a1}
        details summary{cursor:pointer;color:#555}.why{border-left:4px solid #b00020;padding-left:.8em}
        """

    /// The trace as a table: the slots it changes, placed in their process's column.
    static func table(_ shown: CheckReport.ShownTrace, _ renderer: TraceRenderer) -> [String] {
        let trace = shown.trace
        let slots = renderer.slotsChanged(in: trace)
        let columns = columnsOf(slots, renderer)
        var out = ["<h3>\(htmlEscaped(shown.title))</h3>", "<table class=\"trace\"><thead><tr><th>#</th><th>step</th>"]
        out += columns.map { "<th>\(htmlEscaped($0.title))</th>" }
        out.append("</tr></thead><tbody>")
        let trees = renderer.callTrees?(trace)
        let states = [trace.initial] + trace.steps.map(\.state)
        for (n, state) in states.enumerated() {
            var step = "initial state"
            if n > 0 {
                let call = trace.steps[n - 1].call
                step = "<code>\(htmlEscaped(call))</code>" + (trees.map { calls($0[n - 1], renderer) } ?? "")
            }
            out.append("<tr><td>\(n)</td><td>\(step)</td>")
            for column in columns {
                let cells = column.slots.map { i -> String in
                    let changed = n > 0 && states[n - 1][i] != state[i]
                    let text = htmlEscaped("\(renderer.layout.slots[i].path) = \(renderer.value(of: i, in: state))")
                    return changed ? "<div class=\"changed\">\(text)</div>" : "<div>\(text)</div>"
                }
                out.append("<td>\(cells.joined())</td>")
            }
            out.append("</tr>")
        }
        out.append("</tbody></table>")
        if let invariant = shown.invariant, let why = renderer.explain?(invariant, trace.final) {
            out.append(
                "<div class=\"why\"><p>Why <code>\(htmlEscaped(invariant))</code> (\(htmlEscaped("\(why.range.start)"))) is false in the last state:</p><ul>"
            )
            out += why.lines.map { "<li><code>\(htmlEscaped($0))</code></li>" }
            out.append("</ul></div>")
        }
        return out
    }

    /// The calls of overridden rules shown under the step, and every call folded beneath.
    static func calls(_ records: [CallRecord], _ renderer: TraceRenderer) -> String {
        guard !records.isEmpty else { return "" }
        let line = { (nesting: Int, call: CallRecord, kind: String) in
            "<div class=\"\(kind)\" style=\"padding-left:\(nesting + 1)em\">↳ \(htmlEscaped(call.call)) "
                + "<small>\(htmlEscaped(call.origin))</small></div>"
        }
        let decisive = renderer.nested(records).map { line($0.nesting, $0.call, "decisive") }
        let every = records.map { line($0.depth, $0, "call") }
        return decisive.joined() + "<details><summary>every call (\(records.count))</summary>\(every.joined())</details>"
    }

    /// One column per index of a state variable indexed by a range (a process), titled by the
    /// index's declared name (`Proc 0`), and one column, first, for every other slot.
    static func columnsOf(_ slots: [Int], _ renderer: TraceRenderer) -> [(title: String, slots: [Int])] {
        var columns: [(title: String, slots: [Int])] = [("shared", [])]
        for i in slots {
            let slot = renderer.layout.slots[i]
            let variable = renderer.variables[slot.variable]
            guard case .array(.range, _) = variable.type,
                let index = slot.path.dropFirst(variable.name.count).split(separator: "]").first?.dropFirst()
            else {
                columns[0].slots.append(i)
                continue
            }
            let declared = renderer.declaredTypes[variable.name] ?? ""
            let name = declared.hasPrefix("[") ? String(declared.dropFirst().prefix { $0 != "]" }) : "index"
            let title = "\(name) \(index)"
            if let k = columns.firstIndex(where: { $0.title == title }) {
                columns[k].slots.append(i)
            } else {
                columns.append((title, [i]))
            }
        }
        return columns.filter { !$0.slots.isEmpty }
    }
}
