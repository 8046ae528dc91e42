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
    /// checking every invariant in every state along the way.
    public func run(_ scenario: Scenario) -> ScenarioRun {
        let model = program.model
        let machine = Machine(program)
        var initial: [Int64] = []
        var steps: [TraceStep] = []
        var origins: [Int] = []
        var firstViolation = [Int?](repeating: nil, count: model.invariants.count)

        func finish(_ end: ScenarioEnd) -> ScenarioRun {
            ScenarioRun(
                scenario: scenario.name, variant: model.variant, trace: Trace(initial: initial, steps: steps),
                scenarioSteps: origins, invariants: zip(model.invariants, firstViolation).map { ($0.name, $1) }, end: end)
        }
        func fault(_ message: String, _ range: SourceRange, in action: String, step: Int) -> ScenarioRun {
            let fault = ModelFault(
                message: message, range: range, action: action, trace: Trace(initial: initial, steps: steps))
            return finish(.fault(fault, step: step))
        }
        /// Records the invariants the current state breaks, at trace position `position`.
        func checkInvariants(at position: Int) throws(Fault) {
            for (i, node) in program.invariants.enumerated() where firstViolation[i] == nil {
                if try machine.eval(node) == 0 { firstViolation[i] = position }
            }
        }

        machine.setState(program.layout.initialSlots(of: model))
        do {
            _ = try machine.exec(program.initBody)
        } catch {
            initial = machine.stateValues()
            return fault(error.message, program.sites[error.site], in: "init", step: 0)
        }
        initial = machine.stateValues()
        if let bad = Explorer.outOfDomainSlot(machine) {
            return fault(
                bad, model.variables.first?.range ?? scenario.range, in: "init", step: 0)
        }
        do {
            try checkInvariants(at: 0)
        } catch {
            return fault(error.message, program.sites[error.site], in: "invariant evaluation", step: 0)
        }

        for (index, step) in scenario.steps.enumerated() {
            let number = index + 1
            let action = program.actions[step.action]
            var applied = 0
            while true {
                for (i, value) in step.arguments.enumerated() { machine.registers[action.parameterRegisters[i]] = value }
                let call = Explorer.call(ActionInstance(action: step.action, arguments: step.arguments), in: model)
                let enabled: Bool
                do {
                    enabled = try action.guardNode.map { node throws(Fault) in try machine.eval(node) != 0 } ?? true
                } catch {
                    return fault(error.message, program.sites[error.site], in: call.call, step: number)
                }
                if !enabled {
                    if step.repeats { break }
                    return finish(.blocked(step: number))
                }
                if step.repeats && applied == ScenarioRun.repeatLimit {
                    return finish(.didNotTerminate(step: number))
                }
                do {
                    _ = try machine.exec(action.body)
                } catch {
                    return fault(error.message, program.sites[error.site], in: call.call, step: number)
                }
                applied += 1
                steps.append(TraceStep(action: call.action, arguments: call.arguments, state: machine.stateValues()))
                origins.append(number)
                do {
                    try checkInvariants(at: steps.count)
                } catch {
                    return fault(error.message, program.sites[error.site], in: "invariant evaluation", step: number)
                }
                if !step.repeats { break }
            }
        }
        return finish(.completed)
    }
}

extension ScenarioRunner {
    /// Runs every scenario on every model (one model per variant, each holding the same
    /// scenarios) on all cores. The result has one row per scenario and one run per model.
    public static func runAll(_ models: [Model]) -> [[ScenarioRun]] {
        let runners = models.map { ScenarioRunner(model: $0) }
        let scenarioCount = models.first?.scenarios.count ?? 0
        let results = RunResults(count: scenarioCount * models.count)
        DispatchQueue.concurrentPerform(iterations: scenarioCount * models.count) { job in
            let (scenario, column) = job.quotientAndRemainder(dividingBy: models.count)
            let runner = runners[column]
            results.store(runner.run(runner.program.model.scenarios[scenario]), at: job)
        }
        return (0..<scenarioCount).map { row in
            (0..<models.count).map { column in results.runs[row * models.count + column]! }
        }
    }

    /// The runs of `runAll`, each slot written by exactly one job.
    private final class RunResults: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var runs: [ScenarioRun?]
        init(count: Int) { runs = Array(repeating: nil, count: count) }
        func store(_ run: ScenarioRun, at index: Int) {
            lock.lock()
            defer { lock.unlock() }
            runs[index] = run
        }
    }
}
