import Dispatch
import Foundation
import PinLang

/// Runs scenarios with the explicit engine's compiled guards and effects, so a run applies
/// exactly the transitions `check` explores.
public struct ScenarioRunner: Sendable {
    public let program: CompiledModel

    public init(model: Model) {
        program = Compiler.compile(model)
    }

    /// Runs `scenario` (one of `program.model.scenarios`) from the model's initial state,
    /// checking every invariant in every state along the way, and each assertion where it
    /// is written.
    public func run(_ scenario: Scenario) -> ScenarioRun {
        var run = Recording(program: program, scenario: scenario)
        if let failed = run.start() { return failed }
        if let ended = run.checkAssertions(after: 0) { return ended }
        for (index, step) in scenario.steps.enumerated() {
            if let ended = run.apply(step, number: index + 1) { return ended }
            if let ended = run.checkAssertions(after: index + 1) { return ended }
        }
        return run.finish(.completed)
    }
}

/// One scenario run in progress: the machine and the trace so far.
private struct Recording {
    let program: CompiledModel
    let scenario: Scenario
    let machine: Machine
    var initial: [Int64] = []
    var steps: [TraceStep] = []
    var origins: [Int] = []
    var firstViolation: [Int?]
    /// The compiled conditions of the scenario's assertions.
    let assertions: [NodeRef]
    var failedAssertions: [FailedAssertion] = []

    init(program: CompiledModel, scenario: Scenario) {
        self.program = program
        self.scenario = scenario
        machine = Machine(program)
        firstViolation = Array(repeating: nil, count: program.model.invariants.count)
        // A scenario built elsewhere (a replayed counterexample) has no assertions.
        let index = program.model.scenarios.firstIndex { $0.name == scenario.name }
        let compiled = index.map { program.assertions[$0] } ?? []
        assertions = compiled.count == scenario.assertions.count ? compiled : []
    }

    func finish(_ end: ScenarioEnd) -> ScenarioRun {
        let model = program.model
        return ScenarioRun(
            scenario: scenario.name, variant: model.variant, trace: Trace(initial: initial, steps: steps),
            scenarioSteps: origins, invariants: zip(model.invariants, firstViolation).map { ($0.name, $1) },
            failedAssertions: failedAssertions, end: end)
    }

    func fault(_ message: String, _ range: SourceRange, in action: String, step: Int) -> ScenarioRun {
        let fault = ModelFault(message: message, range: range, action: action, trace: Trace(initial: initial, steps: steps))
        return finish(.fault(fault, step: step))
    }

    func fault(_ error: Fault, in action: String, step: Int) -> ScenarioRun {
        fault(error.message, program.sites[error.site], in: action, step: step)
    }

    /// Records the invariants the current state breaks, at trace position `position`.
    mutating func checkInvariants(at position: Int) throws(Fault) {
        for (i, node) in program.invariants.enumerated() where firstViolation[i] == nil {
            if try machine.eval(node) == 0 { firstViolation[i] = position }
        }
    }

    /// Checks the assertions written after scenario step `position` in the current state;
    /// the run's end if evaluating one faults.
    mutating func checkAssertions(after position: Int) -> ScenarioRun? {
        for (i, assertion) in scenario.assertions.enumerated() where assertion.position == position && i < assertions.count {
            do {
                if try machine.eval(assertions[i]) == 0 {
                    failedAssertions.append(
                        FailedAssertion(
                            number: i + 1, range: assertion.range, source: assertion.source, position: steps.count))
                }
            } catch {
                return fault(error, in: "assertion evaluation", step: position)
            }
        }
        return nil
    }

    /// Sets up the initial state; the run's end if that fails.
    mutating func start() -> ScenarioRun? {
        let model = program.model
        machine.setState(program.layout.initialSlots(of: model))
        do {
            _ = try machine.exec(program.initBody)
        } catch {
            initial = machine.stateValues()
            return fault(error, in: "init", step: 0)
        }
        initial = machine.stateValues()
        if let bad = Explorer.outOfDomainSlot(machine) {
            return fault(bad, model.variables.first?.range ?? scenario.range, in: "init", step: 0)
        }
        do {
            try checkInvariants(at: 0)
        } catch {
            return fault(error, in: "invariant evaluation", step: 0)
        }
        return nil
    }

    /// Applies scenario step `number` (once, or while enabled when it repeats); the run's
    /// end if it blocks, faults or does not terminate.
    mutating func apply(_ step: Scenario.Step, number: Int) -> ScenarioRun? {
        let call = Explorer.call(ActionInstance(action: step.action, arguments: step.arguments), in: program.model)
        var applied = 0
        while true {
            let enabled: Bool
            do {
                enabled = try machine.isEnabled(action: step.action, arguments: step.arguments)
            } catch {
                return fault(error, in: call.call, step: number)
            }
            if !enabled {
                if step.repeats { return nil }
                return finish(.blocked(step: number))
            }
            if step.repeats && applied == ScenarioRun.repeatLimit { return finish(.didNotTerminate(step: number)) }
            do {
                try machine.runBody(of: step.action)
            } catch {
                return fault(error, in: call.call, step: number)
            }
            applied += 1
            var taken = call
            taken.state = machine.stateValues()
            steps.append(taken)
            origins.append(number)
            do {
                try checkInvariants(at: steps.count)
            } catch {
                return fault(error, in: "invariant evaluation", step: number)
            }
            if !step.repeats { return nil }
        }
    }
}

extension ScenarioRunner {
    /// Runs every scenario on every model (one model per variant, each holding the same
    /// scenarios) on all cores. The result has one row per scenario and one run per model.
    public static func runAll(_ models: [Model]) -> [[ScenarioRun]] {
        let runners = models.map { ScenarioRunner(model: $0) }
        let scenarioCount = models.first?.scenarios.count ?? 0
        let results = Slots<ScenarioRun>(count: scenarioCount * models.count)
        DispatchQueue.concurrentPerform(iterations: scenarioCount * models.count) { job in
            let (scenario, column) = job.quotientAndRemainder(dividingBy: models.count)
            let runner = runners[column]
            results.store(runner.run(runner.program.model.scenarios[scenario]), at: job)
        }
        return (0..<scenarioCount).map { row in
            (0..<models.count).map { column in results.values[row * models.count + column]! }
        }
    }
}
