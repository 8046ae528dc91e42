import PinLang

/// What a machine records of the calls it makes (`check`'s call trees); nil in a search.
final class CallRecorder {
    let program: CompiledModel
    var records: [CallRecord] = []
    var depth = 0

    init(program: CompiledModel) {
        self.program = program
    }

    /// Records a call of the callable whose body is block `body`, with the arguments now in
    /// its parameter registers; its index, to add the result when it returns.
    func begin(body: Int32, registers: UnsafeMutablePointer<Int64>) -> Int? {
        let model = program.model
        let arguments: [(name: String, value: String)]
        let record: CallRecord
        switch program.blockOrigins[Int(body)] {
        case .function(let i)?:
            let f = model.functions[i]
            arguments = Self.values(f.locals.prefix(f.parameterCount), program.functionFrames[i].locals, registers)
            record = CallRecord(
                depth: depth, name: f.name, variant: f.variant, range: f.range, arguments: arguments, result: nil)
        case .procedure(let i)?:
            let p = model.procedures[i]
            arguments = Self.values(p.locals.prefix(p.parameterCount), program.procedureFrames[i], registers)
            record = CallRecord(
                depth: depth, name: p.name, variant: p.variant, range: p.range, arguments: arguments, result: nil)
        default: return nil
        }
        records.append(record)
        return records.count - 1
    }

    /// Adds a function's result to record `index`, made by `begin`.
    func end(_ index: Int?, body: Int32, registers: UnsafeMutablePointer<Int64>) {
        guard let index, case .function(let i)? = program.blockOrigins[Int(body)] else { return }
        let type = program.model.functions[i].result
        let base = program.functionFrames[i].result
        records[index].result = type.format(Array(UnsafeBufferPointer(start: registers + base, count: type.scalarCount))[...])
    }

    private static func values(
        _ parameters: ArraySlice<LocalVariable>, _ bases: [Int], _ registers: UnsafeMutablePointer<Int64>
    ) -> [(name: String, value: String)] {
        zip(parameters, bases).map { parameter, base in
            let count = parameter.type.scalarCount
            return (parameter.name, parameter.type.format(Array(UnsafeBufferPointer(start: registers + base, count: count))[...]))
        }
    }
}

/// The calls each step of a trace made, found by replaying it.
public enum CallTrees {
    /// Per step of `trace`, the `fn` and `proc` calls its action's guard and body made, in
    /// order, or nil when the trace does not replay in `model` (a step that is not one of its
    /// action instances, is not enabled, faults, or reaches another state).
    public static func record(_ trace: Trace, in model: Model) -> [[CallRecord]]? {
        guard let scenario = Scenario(replaying: trace, in: model, name: "trace") else { return nil }
        let program = Compiler.compile(model)
        let machine = Machine(program)
        let recorder = CallRecorder(program: program)
        machine.callRecorder = recorder
        var trees: [[CallRecord]] = []
        var state = trace.initial
        for (step, expected) in zip(scenario.steps, trace.steps) {
            machine.setState(state)
            recorder.records = []
            do {
                guard try machine.isEnabled(action: step.action, arguments: step.arguments) else { return nil }
                try machine.runBody(of: step.action)
            } catch {
                return nil
            }
            guard machine.stateValues() == expected.state else { return nil }
            trees.append(recorder.records)
            state = expected.state
        }
        return trees
    }
}
