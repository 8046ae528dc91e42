import PinLang

/// Variants checked side by side, each patch against its base: the invariants × variants
/// table, the scenarios × variants table, and per patch what changed. Everything printed
/// is in a fixed order and holds no time or memory figure, so two runs diff cleanly.
public struct Comparison {
    /// The model file as given on the command line.
    public let modelPath: String
    public let engine: String
    /// One report per variant, in column order.
    public let reports: [(report: CheckReport, renderer: TraceRenderer)]
    /// Every scenario on every variant (nil when the model declares none).
    public let scenarios: ScenarioTable?
    /// Each patch with the base it is compared against.
    public let pairs: [(patch: String, base: String)]
    /// Per pair, what differs.
    public let differences: [Difference]
    /// Per patch, the coverage of its reachable states (when asked for): an override that
    /// never runs is warned about.
    public var coverage: [String: CoverageReport] = [:]

    /// The figures that do not change from run to run, shown under the invariants.
    static let stableFigures: Set<String> = ["states", "transitions", "depth", "bound", "max k"]
    /// `stableFigures` as JSON names them.
    static let stableMeasures: Set<String> = ["states", "transitions", "depth", "bound", "max_k"]

    public init(
        modelPath: String, engine: String, reports: [(report: CheckReport, renderer: TraceRenderer)],
        scenarios: ScenarioTable?, pairs: [(patch: String, base: String)]
    ) {
        self.modelPath = modelPath
        self.engine = engine
        self.reports = reports
        self.scenarios = scenarios
        self.pairs = pairs
        differences = Self.differences(reports.map(\.report), scenarios, pairs)
    }

    /// What differs between a patch and its base.
    public struct Difference {
        public var patch: String
        public var base: String
        /// Invariants that hold in the base and are violated in the patch, with the length
        /// of the patch's shortest violation.
        public var regressed: [(invariant: String, steps: Int)] = []
        /// Invariants violated in the base that hold in the patch.
        public var fixed: [String] = []
        /// Invariants violated in both, by shortest traces of different lengths.
        public var lengthChanged: [(invariant: String, base: Int, patch: Int)] = []
        /// Invariants without a verdict in one of the two (incomplete or unknown).
        public var undecided: [String] = []
        /// Scenarios whose outcome differs: the base's and the patch's.
        public var scenarios: [(scenario: String, base: String, patch: String)] = []
        /// Of those, the scenarios whose run completes in the base and no longer does in
        /// the patch (a `repeat` that does not terminate, a model fault): a regression that
        /// no invariant can show, e.g. a GUP retry loop that never succeeds.
        public var stuck: [String] = []
        /// Of those, the scenarios whose assertions all hold in the base and not in the
        /// patch: something a correct kernel does (a pin taken, a fault that maps the page)
        /// that the patch no longer does.
        public var failingAssertions: [String] = []
        /// A model fault in the patch or the base, as `variant: message`.
        public var faults: [String] = []
        public var invariantCount = 0
        public var scenarioCount = 0
        /// The explicit engine's reachable state counts, when they differ: the patch
        /// changed behaviour that no invariant or scenario may have noticed.
        public var states: (base: Int, patch: Int)?

        /// Nothing differs, and every verdict was decided.
        public var identical: Bool {
            regressed.isEmpty && fixed.isEmpty && lengthChanged.isEmpty && undecided.isEmpty && scenarios.isEmpty
                && faults.isEmpty
        }

        /// One line: "my_fix vs v6_2: 1 invariant regressed: …; 2 scenarios differ: …", or
        /// "my_fix: identical to v6_2 on every invariant (13) and scenario (18)".
        public var summary: String {
            if identical {
                let scenarioPart = scenarioCount == 0 ? "" : " and scenario (\(scenarioCount))"
                let statesPart =
                    states.map {
                        ", though it reaches other states (\($0.base) → \($0.patch)): nothing checked tells them apart"
                    } ?? ""
                return "\(patch): identical to \(base) on every invariant (\(invariantCount))\(scenarioPart)\(statesPart)"
            }
            func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
            var parts: [String] = []
            if !regressed.isEmpty {
                parts.append(
                    "\(count(regressed.count, "invariant")) regressed: "
                        + regressed.map { "\($0.invariant) (violated in \(count($0.steps, "step")))" }.joined(separator: ", "))
            }
            if !fixed.isEmpty { parts.append("\(count(fixed.count, "invariant")) fixed: " + fixed.joined(separator: ", ")) }
            if !lengthChanged.isEmpty {
                parts.append(
                    "\(count(lengthChanged.count, "invariant")) violated at another depth: "
                        + lengthChanged.map { "\($0.invariant) (\($0.base) → \($0.patch) steps)" }.joined(separator: ", "))
            }
            if !stuck.isEmpty {
                parts.append(
                    "\(stuck.count) scenario\(stuck.count == 1 ? "" : "s") no longer complete\(stuck.count == 1 ? "s" : ""): "
                        + stuck.joined(separator: ", "))
            }
            if !failingAssertions.isEmpty {
                parts.append(
                    "\(count(failingAssertions.count, "scenario")) with an assertion failing that holds in \(base): "
                        + failingAssertions.joined(separator: ", "))
            }
            if !scenarios.isEmpty {
                parts.append(
                    "\(scenarios.count) scenario\(scenarios.count == 1 ? " differs" : "s differ"): "
                        + scenarios.map { "\($0.scenario) (\($0.base) → \($0.patch))" }.joined(separator: ", "))
            }
            if !undecided.isEmpty {
                parts.append("\(count(undecided.count, "invariant")) without a verdict: " + undecided.joined(separator: ", "))
            }
            parts += faults.map { "model error in \($0)" }
            return "\(patch) vs \(base): " + parts.joined(separator: "; ")
        }
    }

    /// Per pair, what differs between the reports and the scenario runs of its two variants.
    static func differences(_ reports: [CheckReport], _ scenarios: ScenarioTable?, _ pairs: [(patch: String, base: String)])
        -> [Difference]
    {
        pairs.map { pair in
            var d = Difference(patch: pair.patch, base: pair.base)
            guard let base = reports.first(where: { $0.variant == pair.base }),
                let patch = reports.first(where: { $0.variant == pair.patch })
            else { return d }
            d.invariantCount = patch.verdicts.count
            for (name, verdict) in patch.verdicts {
                guard let before = base.verdicts.first(where: { $0.invariant == name })?.verdict else { continue }
                switch (before, verdict) {
                case (.holds, .violated(let t)): d.regressed.append((name, t.steps.count))
                case (.violated, .holds): d.fixed.append(name)
                case (.violated(let a), .violated(let b)) where a.steps.count != b.steps.count:
                    d.lengthChanged.append((name, a.steps.count, b.steps.count))
                case (.holds, .holds), (.violated, .violated): break
                default: d.undecided.append(name)
                }
            }
            if let a = base.figures.first(where: { $0.name == "states" }).flatMap({ Int($0.value) }),
                let b = patch.figures.first(where: { $0.name == "states" }).flatMap({ Int($0.value) }), a != b
            {
                d.states = (a, b)
            }
            for (variant, r) in [(pair.base, base), (pair.patch, patch)] {
                if let f = r.fault { d.faults.append("\(variant): \(f.range.start): \(f.message)") }
            }
            if let table = scenarios, let b = table.variants.firstIndex(of: pair.base),
                let p = table.variants.firstIndex(of: pair.patch)
            {
                d.scenarioCount = table.rows.count
                for row in table.rows where row.cells[b].run.summary != row.cells[p].run.summary {
                    let (before, after) = (row.cells[b].run, row.cells[p].run)
                    d.scenarios.append((row.scenario, before.summary, after.summary))
                    switch after.end {
                    case .didNotTerminate, .fault: if before.completed { d.stuck.append(row.scenario) }
                    case .completed, .blocked: break
                    }
                    if before.failedAssertions.isEmpty && !after.failedAssertions.isEmpty {
                        d.failingAssertions.append(row.scenario)
                    }
                }
            }
            return d
        }
    }

    /// 1 when a patch regresses an invariant, a scenario no longer completes or fails an
    /// assertion that holds in the base, else 3 when a verdict is missing, else 0.
    public var exitStatus: ExitStatus {
        if differences.contains(where: { !$0.regressed.isEmpty || !$0.stuck.isEmpty || !$0.failingAssertions.isEmpty }) {
            return .violated
        }
        if differences.contains(where: { !$0.undecided.isEmpty || !$0.faults.isEmpty }) { return .noVerdict }
        if reports.contains(where: { $0.report.exitStatus == .noVerdict || $0.report.fault != nil }) { return .noVerdict }
        return .success
    }

    /// A verdict in a table cell: `holds`, `holds (proved)` (an unbounded proof, pdr),
    /// `VIOLATED in 5`, `incomplete`, `unknown`.
    static func cell(_ verdict: Verdict, proved: Bool) -> String {
        switch verdict {
        case .holds: return proved ? "holds (proved)" : "holds"
        case .violated(let t): return "VIOLATED in \(t.steps.count)"
        case .incomplete: return "incomplete"
        case .unknown: return "unknown"
        }
    }

    /// The invariant rows: name, then one cell per variant; then the stable figures.
    func invariantGrid() -> [[String]] {
        let names = reports.first?.report.verdicts.map(\.invariant) ?? []
        var grid = names.map { name in
            [name]
                + reports.map { r in
                    r.report.verdicts.first { $0.invariant == name }.map {
                        Self.cell($0.verdict, proved: r.report.provedBy[name] != nil)
                    } ?? "—"
                }
        }
        let figureNames = (reports.first?.report.figures.map(\.name) ?? []).filter { Self.stableFigures.contains($0) }
        for figure in figureNames {
            grid.append([figure] + reports.map { r in r.report.figures.first { $0.name == figure }?.value ?? "—" })
        }
        if reports.contains(where: { $0.report.fault != nil }) {
            grid.append(["model error"] + reports.map { r in r.report.fault.map { "\($0.range.start)" } ?? "none" })
        }
        return grid
    }

    /// For each regressed invariant, the patch's shortest violation as `check` prints it.
    func regressionTraces(indent: String) -> [(title: String, trace: String)] {
        differences.flatMap { d in
            d.regressed.compactMap { item -> (String, String)? in
                guard let r = reports.first(where: { $0.report.variant == d.patch }),
                    case .violated(let t)? = r.report.verdicts.first(where: { $0.invariant == item.invariant })?.verdict
                else { return nil }
                let text =
                    ([r.renderer.render(t, indent: indent, calls: true)]
                    + r.renderer.explanation(of: item.invariant, in: t, indent: indent)).joined(separator: "\n")
                return ("\(d.patch): \(item.invariant), regressed against \(d.base), violated in \(t.steps.count) steps:", text)
            }
        }
    }

    /// Plain text for a terminal.
    public func text() -> String {
        var out = ["compare \(modelPath), engine \(engine)", ""]
        out += aligned([["invariant"] + reports.map(\.report.variant)] + invariantGrid())
        if let scenarios {
            out.append("")
            out += aligned(
                [["scenario"] + scenarios.variants] + scenarios.rows.map { [$0.scenario] + $0.cells.map(\.verdict) })
        }
        out.append("")
        out += differences.map(\.summary)
        out += warnings()
        for (title, trace) in regressionTraces(indent: "    ") {
            out += ["", title, trace]
        }
        return out.joined(separator: "\n")
    }

    /// Markdown for a patch mail: the summary first, then the tables and the traces.
    public func markdown() -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
        }
        func table(_ header: [String], _ rows: [[String]]) -> [String] {
            ["| " + header.map(escape).joined(separator: " | ") + " |", "|" + header.map { _ in "---|" }.joined()]
                + rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
        }
        var out = ["# `pincheck compare \(modelPath)` (engine \(engine))", ""]
        out += differences.map { "- " + escape($0.summary) }
        out += warnings().map { "- " + escape($0) }
        out.append("")
        out += table(["invariant"] + reports.map { "`\($0.report.variant)`" }, invariantGrid())
        if let scenarios {
            out.append("")
            out += table(
                ["scenario"] + scenarios.variants.map { "`\($0)`" },
                scenarios.rows.map { ["`\($0.scenario)`"] + $0.cells.map(\.verdict) })
        }
        for (title, trace) in regressionTraces(indent: "") {
            out += ["", title, "", "```", trace, "```"]
        }
        return out.joined(separator: "\n")
    }

    /// The comparison as one JSON object: each variant's check report, the scenario
    /// outcomes, and per patch what differs.
    public func json() -> [String: Any] {
        var object = JSONDocument.envelope(verb: "compare", exitStatus: exitStatus)
        object["model_file"] = modelPath
        object["engine"] = engine
        object["variants"] = reports.map { r -> [String: Any] in
            var o = r.report.json(renderer: r.renderer)
            // Only the figures that are the same on any number of cores.
            o["statistics"] = r.report.measures.filter { Self.stableMeasures.contains($0.key) }.mapValues(\.json)
            return o
        }
        if let scenarios {
            object["scenarios"] = scenarios.rows.map { row -> [String: Any] in
                [
                    "name": row.scenario,
                    "cells": zip(scenarios.variants, row.cells).map { ScenarioTable.json($1, variant: $0) },
                ]
            }
        }
        object["warnings"] = warnings()
        object["comparisons"] = differences.map { d -> [String: Any] in
            var o: [String: Any] = [
                "variant": d.patch, "base": d.base, "identical": d.identical, "summary": d.summary,
                "regressed": d.regressed.map { ["invariant": $0.invariant, "steps": $0.steps] },
                "fixed": d.fixed, "undecided": d.undecided,
                "length_changed": d.lengthChanged.map { ["invariant": $0.invariant, "base": $0.base, "patch": $0.patch] },
                "scenarios_differing": d.scenarios.map { ["scenario": $0.scenario, "base": $0.base, "patch": $0.patch] },
                "scenarios_no_longer_completing": d.stuck,
                "scenarios_failing_assertions": d.failingAssertions,
                "faults": d.faults,
            ]
            if let states = d.states { o["states"] = ["base": states.base, "patch": states.patch] }
            return o
        }
        return object
    }

    /// Per patch, each of its own overrides that never runs in its reachable states: the
    /// patch changes nothing the model reaches there, so its verdicts say nothing of it.
    public func warnings() -> [String] {
        pairs.flatMap { pair in
            (coverage[pair.patch]?.overridesNeverRun(of: pair.patch) ?? []).map {
                "warning: \(pair.patch)'s override \($0.what) (\($0.range.start)) never runs in its reachable states; "
                    + "nothing checked exercises it"
            }
        }
    }

    /// Rows with columns padded to one width each.
    func aligned(_ grid: [[String]]) -> [String] {
        let columns = grid.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in grid.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return grid.map { row in
            row.enumerated().map { c, text in
                c == row.count - 1 ? text : text + String(repeating: " ", count: widths[c] - text.count)
            }.joined(separator: "   ")
        }
    }
}
