import PinLang

/// Every scenario run on every variant, as a table: one row per scenario, one column per
/// variant, each cell the model's outcome and whether it is the documented one.
public struct ScenarioTable: Sendable {
    /// The model file as given on the command line (printed in the generated note).
    public let modelPath: String
    public let variants: [String]
    public let rows: [Row]

    /// One scenario: its runs and expectations in variant order.
    public struct Row: Sendable {
        public var scenario: String
        public var doc: String?
        public var cells: [Cell]
        public init(scenario: String, doc: String?, cells: [Cell]) {
            self.scenario = scenario
            self.doc = doc
            self.cells = cells
        }
    }

    /// One run and the expectation that applies to its variant.
    public struct Cell: Sendable {
        public var run: ScenarioRun
        public var expectation: Scenario.Expectation?
        /// The ancestor whose expectation judges a variant the scenario did not know.
        public var inheritedFrom: String?
        public init(run: ScenarioRun, expectation: Scenario.Expectation?, inheritedFrom: String? = nil) {
            self.run = run
            self.expectation = expectation
            self.inheritedFrom = inheritedFrom
        }

        /// A cell passes when it has an expectation and the run matches it.
        public var passes: Bool { expectation.map { run.matches($0.outcome) } ?? false }

        /// `holds ✓`, `holds ✗ (documented: violates i)`, `holds ✗ (undocumented)`; for a
        /// variant judged by its ancestor's expectation, `holds ✓ as v6_2` or
        /// `holds ✗ differs from v6_2 (documented: violates i)`.
        public var verdict: String {
            guard let expectation else { return "\(run.summary) ✗ (undocumented)" }
            let matches = run.matches(expectation.outcome)
            if let base = inheritedFrom {
                return matches
                    ? "\(run.summary) ✓ as \(base)" : "\(run.summary) ✗ differs from \(base) (documented: \(expectation.outcome))"
            }
            return matches ? "\(run.summary) ✓" : "\(run.summary) ✗ (documented: \(expectation.outcome))"
        }
    }

    public init(modelPath: String, variants: [String], rows: [Row]) {
        self.modelPath = modelPath
        self.variants = variants
        self.rows = rows
    }

    /// The table of `runs` (one row per scenario, one run per model, as
    /// `ScenarioRunner.runAll` returns them), each run paired with its variant's expectation.
    public init(modelPath: String, models: [Model], runs: [[ScenarioRun]]) {
        let scenarios = models.first?.scenarios ?? []
        self.init(
            modelPath: modelPath, variants: models.map(\.variant),
            rows: scenarios.indices.map { s in
                Row(
                    scenario: scenarios[s].name, doc: scenarios[s].doc,
                    cells: zip(models, runs[s]).map { model, run in
                        let judged = model.scenarios[s].judgement(of: run.variant)
                        return Cell(run: run, expectation: judged?.expectation, inheritedFrom: judged?.inheritedFrom)
                    })
            })
    }

    /// One cell as JSON: the variant, the run's outcome, the documented outcome that judges it
    /// (and the ancestor it is inherited from) and whether the run matches it.
    static func json(_ cell: Cell, variant: String) -> [String: Any] {
        var o: [String: Any] = [
            "variant": variant, "outcome": cell.run.summary, "exit_status": Int(cell.run.exitStatus.rawValue),
            "passes": cell.passes,
        ]
        if let e = cell.expectation {
            o["documented"] = e.outcome.description
            if let source = e.source { o["source"] = source }
        }
        if let base = cell.inheritedFrom { o["documented_by"] = base }
        return o
    }

    /// The table as JSON: the variants, and per scenario one cell per variant in that order.
    public func json() -> [String: Any] {
        var o = JSONDocument.envelope(verb: "run", exitStatus: exitStatus)
        o["model_file"] = modelPath
        o["variants"] = variants
        o["scenarios"] = rows.map { row -> [String: Any] in
            var r: [String: Any] = [
                "name": row.scenario, "cells": zip(variants, row.cells).map { Self.json($1, variant: $0) },
            ]
            if let doc = row.doc { r["doc"] = doc }
            return r
        }
        return o
    }

    /// 0 when every cell has an expectation and matches it, else 1.
    public var exitStatus: ExitStatus { rows.allSatisfy { $0.cells.allSatisfy(\.passes) } ? .success : .violated }

    /// The distinct sources in order of first use, and each cell's footnote number (1-based).
    func footnotes() -> (sources: [String], numbers: [[Int?]]) {
        var sources: [String] = []
        let numbers = rows.map { row in
            row.cells.map { cell -> Int? in
                guard let source = cell.expectation?.source else { return nil }
                if let i = sources.firstIndex(of: source) { return i + 1 }
                sources.append(source)
                return sources.count
            }
        }
        return (sources, numbers)
    }

    /// A Markdown page: title, how it was generated, the table, the numbered sources. It holds
    /// nothing that changes from run to run (no times, no absolute paths).
    public func markdown() -> String {
        // A cell is one line: a `|` would end it, and a line break (a `\n` in a scenario's
        // doc string) would end the row.
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: "<br>")
                .replacingOccurrences(of: "\n", with: "<br>").replacingOccurrences(of: "\r", with: "<br>")
        }
        let (sources, numbers) = footnotes()
        var out: [String] = []
        out.append("# Scenarios of `\(modelPath)`")
        out.append("")
        out.append(
            "Generated by `pincheck run \(modelPath) --table --format markdown` (`scripts/scenario-table.sh`); do not edit by hand."
        )
        out.append("")
        out.append("| scenario | " + variants.map { "`\($0)`" }.joined(separator: " | ") + " |")
        out.append("|---|" + variants.map { _ in "---|" }.joined())
        for (r, row) in rows.enumerated() {
            var cells = ["`\(row.scenario)`" + (row.doc.map { ": " + escape($0) } ?? "")]
            for (c, cell) in row.cells.enumerated() {
                cells.append(escape(cell.verdict) + (numbers[r][c].map { " [\($0)]" } ?? ""))
            }
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        out.append("")
        out.append(
            "Each cell is the model's outcome (the number after `@` is the scenario step), then ✓ if it is the documented behaviour or ✗ if not."
        )
        if !sources.isEmpty {
            out.append("")
            out.append("Sources of the documented behaviour:")
            out.append("")
            for (i, source) in sources.enumerated() {
                out.append("\(i + 1). " + source.split(whereSeparator: \.isNewline).joined(separator: " "))
            }
        }
        return out.joined(separator: "\n")
    }

    /// Plain text for a terminal: aligned columns, then the numbered sources.
    public func text() -> String {
        let (sources, numbers) = footnotes()
        var grid: [[String]] = [["scenario"] + variants]
        for (r, row) in rows.enumerated() {
            grid.append(
                [row.scenario]
                    + row.cells.enumerated().map { c, cell in
                        cell.verdict + (numbers[r][c].map { " [\($0)]" } ?? "")
                    })
        }
        let widths = (0..<(variants.count + 1)).map { column in grid.map { $0[column].count }.max() ?? 0 }
        var out = grid.map { line in
            line.enumerated().map { column, text in
                column == line.count - 1 ? text : text + String(repeating: " ", count: widths[column] - text.count)
            }.joined(separator: "   ")
        }
        if !sources.isEmpty {
            out.append("")
            out.append("sources:")
            for (i, source) in sources.enumerated() { out.append("  [\(i + 1)] \(source)") }
        }
        let failures = rows.reduce(0) { $0 + $1.cells.filter { !$0.passes }.count }
        out.append("")
        out.append(
            failures == 0
                ? "every run matches the documented behaviour"
                : "\(failures) of \(rows.count * variants.count) runs differ from the documented behaviour or are undocumented")
        return out.joined(separator: "\n")
    }
}
