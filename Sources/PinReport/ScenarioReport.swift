import PinLang

/// One scenario run on one variant, ready to print: the trace, each invariant's result along
/// the run, how the run ended, and the variant's documented outcome with whether it matches.
public struct ScenarioReport: Sendable {
    public let model: Model
    public let scenario: Scenario
    public let run: ScenarioRun

    public init(model: Model, scenario: Scenario, run: ScenarioRun) {
        self.model = model
        self.scenario = scenario
        self.run = run
    }

    /// The variant's expectation, if the scenario states one (or its ancestor's, for a
    /// variant the scenario did not know).
    public var expectation: Scenario.Expectation? { scenario.expectation(for: run.variant) }

    /// Whether the run shows the documented outcome; nil without an expectation.
    public var matchesExpectation: Bool? { expectation.map { run.matches($0.outcome) } }

    /// The step as written, e.g. `repeat gup_step(p=0)`, for messages about where a run stopped.
    func describe(step number: Int) -> String {
        let step = scenario.steps[number - 1]
        return (step.repeats ? "repeat " : "") + TraceStep(action: step.action, arguments: step.arguments, in: model).call
    }

    /// Where each invariant was first violated, in words.
    func describeViolation(at position: Int) -> String {
        position == 0
            ? "VIOLATED in the initial state" : "VIOLATED at step \(position) (\(run.trace.steps[position - 1].call))"
    }

    /// How far the run got: the number of scenario steps it applied in full.
    var stepsApplied: Int {
        switch run.end {
        case .completed: return scenario.steps.count
        case .blocked(let step), .didNotTerminate(let step), .fault(_, let step): return max(step - 1, 0)
        }
    }

    /// Each assertion's result along the run: holds, fails at a trace position, or not
    /// reached (the run stopped before it).
    var assertionResults: [(number: Int, assertion: Scenario.Assertion, result: AssertionResult)] {
        scenario.assertions.enumerated().map { i, assertion in
            if let failed = run.failedAssertions.first(where: { $0.number == i + 1 }) {
                return (i + 1, assertion, .fails(at: failed.position))
            }
            return (i + 1, assertion, assertion.position <= stepsApplied ? .holds : .notReached)
        }
    }

    enum AssertionResult {
        case holds
        case fails(at: Int)
        case notReached
    }

    /// Human-readable text: the run as a trace, the invariants, the end of the run and the expectation.
    public func text(renderer: TraceRenderer, sources: DiagnosticRenderer?) -> String {
        var out: [String] = []
        out.append(
            "model \(model.name), variant \(run.variant), scenario \(scenario.name)" + (scenario.doc.map { " — \($0)" } ?? ""))
        out.append(renderer.render(run.trace, indent: "  ", calls: true))
        out.append(run.invariants.isEmpty ? "  invariants: none declared" : "  invariants:")
        for (name, first) in run.invariants {
            out.append("    \(name): " + (first.map { describeViolation(at: $0) } ?? "holds along the run"))
        }
        if !scenario.assertions.isEmpty { out.append("  assertions:") }
        for (number, assertion, result) in assertionResults {
            let after = assertion.position == 0 ? "in the initial state" : "after scenario step \(assertion.position)"
            let verdict: String
            switch result {
            case .holds: verdict = "holds \(after)"
            case .fails(let position):
                verdict =
                    "FAILS \(after)"
                    + (position == 0 ? "" : " (trace step \(position), \(run.trace.steps[position - 1].call))")
                    + (assertion.source.map { ": \($0)" } ?? "")
            case .notReached: verdict = "not reached (the run stopped before it)"
            }
            out.append("    assert \(number) (\(assertion.range.start)): \(verdict)")
        }
        switch run.end {
        case .completed:
            let count = run.trace.steps.count
            out.append("  the run applied all \(scenario.steps.count) scenario steps (\(count) action\(count == 1 ? "" : "s"))")
        case .blocked(let step):
            out.append(
                "  BLOCKED at scenario step \(step) (\(scenario.steps[step - 1].range.start)): \(describe(step: step)) is not enabled (its 'requires' is false)"
            )
        case .didNotTerminate(let step):
            out.append(
                "  DID NOT TERMINATE at scenario step \(step) (\(scenario.steps[step - 1].range.start)): \(describe(step: step)) was still enabled after \(ScenarioRun.repeatLimit) applications"
            )
        case .fault(let fault, let step):
            let at = step == 0 ? "building or checking the initial state" : "scenario step \(step)"
            out.append("  model error at \(at): \(fault.range.start): \(fault.message) (in \(fault.action))")
            if let sources {
                out.append(
                    sources.render(.error(fault.message, at: fault.range)).split(separator: "\n").dropFirst()
                        .map { "    " + $0 }.joined(separator: "\n"))
            }
        }
        out.append("  outcome: \(run.summary)")
        if let expectation {
            let inherited = scenario.judgement(of: run.variant)?.inheritedFrom.map { " (as its ancestor \($0))" } ?? ""
            out.append(
                "  documented for \(run.variant)\(inherited): \(expectation.outcome)"
                    + (expectation.source.map { " (\($0))" } ?? ""))
            out.append(
                run.matches(expectation.outcome)
                    ? "  the model matches the documented behaviour"
                    : "  the model DIFFERS from the documented behaviour")
        } else {
            out.append("  documented for \(run.variant): nothing (the scenario has no expectation for this variant)")
        }
        return out.joined(separator: "\n")
    }

    /// Each assertion's result, as JSON objects.
    var assertionsJSON: [[String: Any]] {
        assertionResults.map { number, assertion, result -> [String: Any] in
            var o: [String: Any] = [
                "number": number, "location": assertion.range.start.json, "after_scenario_step": assertion.position,
            ]
            switch result {
            case .holds: o["verdict"] = "holds"
            case .fails(let position):
                o["verdict"] = "fails"
                o["trace_position"] = position
            case .notReached: o["verdict"] = "not_reached"
            }
            if let source = assertion.source { o["source"] = source }
            return o
        }
    }

    /// A JSON object describing the run: its trace (each step with the scenario step it
    /// came from), each invariant's first violation, the assertions and the documented outcome.
    public func json(renderer: TraceRenderer) -> [String: Any] {
        var trace = renderer.json(run.trace)
        if var steps = trace["steps"] as? [[String: Any]] {
            for n in steps.indices { steps[n]["scenario_step"] = run.scenarioSteps[n] }
            trace["steps"] = steps
        }
        var result: [String: Any] = [
            "model": model.name, "variant": run.variant, "scenario": scenario.name, "trace": trace,
            "invariants": run.invariants.map { name, first -> [String: Any] in
                var o: [String: Any] = ["name": name, "verdict": first == nil ? "holds" : "violated"]
                if let first { o["first_violation_step"] = first }
                return o
            },
            "assertions": assertionsJSON,
            "outcome": run.summary,
            "exit_status": Int(run.exitStatus.rawValue),
        ]
        if let doc = scenario.doc { result["doc"] = doc }
        switch run.end {
        case .completed: result["end"] = ["kind": "completed"]
        case .blocked(let step): result["end"] = ["kind": "blocked", "scenario_step": step]
        case .didNotTerminate(let step): result["end"] = ["kind": "did_not_terminate", "scenario_step": step]
        case .fault(let fault, let step):
            result["end"] = [
                "kind": "fault", "scenario_step": step, "message": fault.message, "location": fault.range.start.json,
                "action": fault.action,
            ]
        }
        if let expectation {
            var documented: [String: Any] = [
                "outcome": expectation.outcome.description, "matches": run.matches(expectation.outcome),
            ]
            if let source = expectation.source { documented["source"] = source }
            result["documented"] = documented
        }
        return result
    }
}
