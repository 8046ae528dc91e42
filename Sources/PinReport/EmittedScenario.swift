import PinLang

/// A counterexample written as a scenario block to paste into a model (`check --emit
/// scenario`): its steps as plain action calls, and one expectation per outcome the model
/// gives the steps, each listing the variants that give it.
public struct EmittedScenario {
    public var name: String
    public var doc: String
    /// Comment lines printed above the block.
    public var comment: [String]
    public var steps: [TraceStep]
    /// Every variant's run of the steps, the counterexample's own variant first.
    public var runs: [ScenarioRun]

    public init(name: String, doc: String, comment: [String], steps: [TraceStep], runs: [ScenarioRun]) {
        self.name = name
        self.doc = doc
        self.comment = comment
        self.steps = steps
        self.runs = runs
    }

    /// What a run's outcome is as an expectation; nil for one no expectation can state (a
    /// fault).
    static func expectation(of run: ScenarioRun) -> ExpectedOutcome? {
        switch run.end {
        case .completed: return run.violated.isEmpty ? .holds : .violates(run.violated)
        case .blocked: return .blocked
        case .fault, .didNotTerminate: return nil
        }
    }

    /// The block: `// comment`, `scenario NAME "doc" { step; … expect V, W: outcome; … }`.
    public var text: String {
        var lines = comment.map { "// \($0)" }
        lines.append("scenario \(name) \(quoted(doc)) {")
        for step in steps {
            lines.append("    \(step.action)(\(step.arguments.map(\.value).joined(separator: ", ")));")
        }
        var groups: [(outcome: ExpectedOutcome, variants: [String])] = []
        var unstated: [String] = []
        for run in runs {
            guard let outcome = Self.expectation(of: run) else {
                unstated.append("\(run.variant): \(run.summary)")
                continue
            }
            if let i = groups.firstIndex(where: { $0.outcome == outcome }) {
                groups[i].variants.append(run.variant)
            } else {
                groups.append((outcome, [run.variant]))
            }
        }
        for group in groups {
            lines.append("    expect \(group.variants.joined(separator: ", ")): \(group.outcome);")
        }
        for line in unstated {
            lines.append("    // no expectation can state \(line)")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
