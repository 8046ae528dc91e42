import PinExplicit
import PinLang
import PinReport

/// `check --emit scenario`: every counterexample of the reports as a scenario block, its
/// expectations the outcomes the model gives its steps in each variant of the program.
enum ScenarioEmission {
    static func blocks(for reports: [CheckReport], in loaded: LoadedProgram) throws -> [EmittedScenario] {
        let program = loaded.program
        var models: [String: Model] = [:]
        func model(_ variant: String) throws -> Model {
            if let cached = models[variant] { return cached }
            let resolved = try program.model(variant: variant)
            models[variant] = resolved
            return resolved
        }
        var taken = Set(program.scenarios.map(\.name.name))
        var blocks: [EmittedScenario] = []
        for report in reports {
            var emitted: [[String]] = []
            for (invariant, verdict) in report.verdicts {
                guard case .violated(let trace) = verdict else { continue }
                // Invariants violated by one trace share one block, which expects them all.
                let calls = trace.steps.map(\.call)
                if emitted.contains(calls) { continue }
                emitted.append(calls)
                var name = "\(invariant)_\(report.variant)"
                var n = 2
                while taken.contains(name) {
                    name = "\(invariant)_\(report.variant)_\(n)"
                    n += 1
                }
                taken.insert(name)
                let steps = "\(trace.steps.count) step\(trace.steps.count == 1 ? "" : "s")"
                var comment = [
                    "\(invariant) violated in \(report.variant) (engine \(report.engine), \(steps)), as a scenario.",
                    "The expectations are the model's own outcomes in each variant: compare them with the kernel.",
                ]
                var runs: [ScenarioRun] = []
                let order = [report.variant] + program.variantNames.filter { $0 != report.variant }
                for variant in order {
                    let resolved = try model(variant)
                    guard let scenario = Scenario(replaying: trace, in: resolved, name: name) else {
                        comment.append("\(variant) has no expectation: a step is not one of its action instances.")
                        continue
                    }
                    runs.append(ScenarioRunner(model: resolved).run(scenario))
                }
                blocks.append(
                    EmittedScenario(
                        name: name, doc: "a counterexample of \(invariant) in \(report.variant)", comment: comment,
                        steps: trace.steps, runs: runs))
            }
        }
        return blocks
    }
}
