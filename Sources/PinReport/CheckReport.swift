import Foundation
import PinLang

/// The result of checking one variant with one engine, ready to print as text or JSON.
public struct CheckReport: Sendable {
    public var model: String
    public var variant: String
    public var engine: String
    public var verdicts: [(invariant: String, verdict: Verdict)]
    public var deadlock: Trace?
    public var fault: ModelFault?
    /// Named figures, e.g. ("states", "1234"), in display order.
    public var figures: [(name: String, value: String)]
    /// The figures as numbers, for JSON (keys with units: `elapsed_seconds`, `peak_memory_bytes`).
    public var measures: [String: Measure] = [:]
    /// k-induction: per invariant it could not prove, the counterexample to induction.
    public var inductionCounterexamples: [String: InductionCounterexample] = [:]
    /// pdr: per invariant proved, how (the prover and its figures), for the verdict line.
    public var provedBy: [String: String] = [:]
    /// `--coverage`: what the variant's reachable states never exercised.
    public var coverage: CoverageReport?

    public init(
        model: String, variant: String, engine: String, verdicts: [(invariant: String, verdict: Verdict)],
        deadlock: Trace? = nil, fault: ModelFault? = nil, figures: [(name: String, value: String)]
    ) {
        self.model = model
        self.variant = variant
        self.engine = engine
        self.verdicts = verdicts
        self.deadlock = deadlock
        self.fault = fault
        self.figures = figures
    }

    /// The process exit status this report calls for: the worst of an error for a model
    /// fault, violated for a deadlock, and each verdict's.
    public var exitStatus: ExitStatus {
        let each = verdicts.map { ExitStatus(for: $0.verdict) }
        return ExitStatus.worst(of: each + (fault == nil ? [] : [.error]) + (deadlock == nil ? [] : [.violated]))
    }

    /// The figures on one line: `states: 5142, transitions: 80575, …`.
    public var figuresLine: String { figures.map { "\($0.name): \($0.value)" }.joined(separator: ", ") }

    /// One line per invariant: `name: holds`, `name: VIOLATED after 5 steps`, `name: incomplete (why)`.
    public var verdictLines: [(invariant: String, verdict: String, text: String)] {
        verdicts.map { name, verdict in
            switch verdict {
            case .holds: (name, "holds", "holds" + (provedBy[name].map { " (unbounded proof by \($0))" } ?? ""))
            case .violated(let t): (name, "violated", "VIOLATED after \(t.steps.count) step\(t.steps.count == 1 ? "" : "s")")
            case .incomplete(let why): (name, "incomplete", "incomplete (\(why)); no verdict")
            case .unknown(let why): (name, "unknown", "unknown (\(why)); no verdict")
            }
        }
    }

    /// Human-readable text: one line per invariant, its trace when violated, then the figures.
    public func text(renderer: TraceRenderer, sources: DiagnosticRenderer?) -> String {
        var out: [String] = []
        out.append("model \(model), variant \(variant), engine \(engine)")
        for ((name, verdict), line) in zip(verdicts, verdictLines) {
            out.append("  invariant \(name): \(line.text)")
            switch verdict {
            case .holds, .incomplete: break
            case .violated(let trace):
                out.append(renderer.render(trace, indent: "    ", calls: true))
                out += renderer.explanation(of: name, in: trace, indent: "    ")
            case .unknown:
                guard let cti = inductionCounterexamples[name] else { break }
                // Invariants proved jointly share one counterexample: shown once, at the first.
                let sharing = verdicts.map(\.invariant).filter {
                    inductionCounterexamples[$0].map { same($0.trace, cti.trace) } ?? false
                }
                if sharing.first != name {
                    out.append("    (counterexample to induction: the one shown for \(sharing[0]))")
                    break
                }
                let whose = sharing.count > 1 ? " of the \(sharing.count) invariants checked jointly" : ""
                out.append(
                    "    counterexample to induction\(whose) (the first state keeps the invariants but need not be "
                        + "reachable; an invariant that rules it out may let the proof through):")
                out.append(renderer.render(cti.trace, indent: "    ", start: "first state"))
                let what = cti.broken + (cti.faults ? ["an evaluation fault"] : [])
                out.append("    the last state breaks: \(what.joined(separator: ", "))")
            }
        }
        if let deadlock {
            out.append("  deadlock: a state with no enabled action is reachable in \(deadlock.steps.count) steps")
            out.append(renderer.render(deadlock, indent: "    "))
        }
        if let fault {
            let place = "\(fault.range.start)"
            out.append("  model error: \(place): \(fault.message) (in \(fault.action))")
            if let sources {
                out.append(
                    sources.render(.error(fault.message, at: fault.range)).split(separator: "\n").dropFirst()
                        .map { "    " + $0 }.joined(separator: "\n"))
            }
            out.append("    reached by:")
            out.append(renderer.render(fault.trace, indent: "    ", calls: true))
        }
        out.append("  " + figuresLine)
        if let coverage { out += Self.lines(coverage) }
        return out.joined(separator: "\n")
    }

    /// The coverage section: each kind of thing never exercised, one per line.
    static func lines(_ c: CoverageReport) -> [String] {
        var out = [
            "  coverage over \(c.states) reachable states" + (c.incomplete.map { " (not all of them: \($0))" } ?? "") + ":"
        ]
        func item(_ i: CoverageReport.Item) -> String {
            "\(i.what)" + (i.variant.map { " [\($0)]" } ?? "") + " (\(i.range.start))"
        }
        func section(_ title: String, _ entries: [String]) {
            out.append("    \(title):" + (entries.isEmpty ? " none" : ""))
            out += entries.map { "      " + $0 }
        }
        section("action instances never enabled", c.instancesNeverEnabled)
        section("never run", c.neverRun.map(item))
        section("branches never taken", c.branchesNeverTaken.map(item))
        section("implications whose premise never holds (vacuous)", c.vacuous.map(item))
        return out
    }

    /// The coverage as JSON.
    static func json(_ c: CoverageReport) -> [String: Any] {
        func item(_ i: CoverageReport.Item) -> [String: Any] {
            var o: [String: Any] = ["what": i.what, "location": i.range.start.json]
            if let v = i.variant { o["variant"] = v }
            return o
        }
        var o: [String: Any] = [
            "states": c.states, "instances_never_enabled": c.instancesNeverEnabled, "never_run": c.neverRun.map(item),
            "branches_never_taken": c.branchesNeverTaken.map(item), "vacuous": c.vacuous.map(item),
        ]
        if let why = c.incomplete { o["incomplete"] = why }
        return o
    }

    /// Whether two traces are the same path (the same states and calls).
    func same(_ a: Trace, _ b: Trace) -> Bool {
        a.initial == b.initial && a.steps.map(\.call) == b.steps.map(\.call) && a.steps.map(\.state) == b.steps.map(\.state)
    }

    /// The report as JSON (one element of `check --json`'s `variants`): each invariant's
    /// verdict with its trace and explanation, and the statistics as numbers.
    public func json(renderer: TraceRenderer) -> [String: Any] {
        var result: [String: Any] = ["model": model, "variant": variant, "engine": engine]
        result["invariants"] = verdicts.map { name, verdict -> [String: Any] in
            var o: [String: Any] = ["name": name, "verdict": verdict.name]
            if let how = provedBy[name] { o["proved_by"] = how }
            switch verdict {
            case .violated(let t):
                o["trace"] = renderer.json(t)
                if let why = renderer.explanationJSON(of: name, in: t) { o["explanation"] = why }
            case .incomplete(let r): o["reason"] = r
            case .unknown(let r):
                o["reason"] = r
                if let cti = inductionCounterexamples[name] {
                    o["counterexample_to_induction"] = [
                        "trace": renderer.json(cti.trace), "broken": cti.broken, "faults": cti.faults,
                    ]
                }
            case .holds: break
            }
            return o
        }
        if let deadlock { result["deadlock"] = renderer.json(deadlock) }
        if let fault {
            result["fault"] = [
                "message": fault.message, "location": fault.range.start.json, "action": fault.action,
                "trace": renderer.json(fault.trace),
            ]
        }
        if let coverage { result["coverage"] = Self.json(coverage) }
        result["statistics"] = measures.mapValues(\.json)
        result["exit_status"] = Int(exitStatus.rawValue)
        return result
    }
}
