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
        let callee: (name: String, variant: String?, range: SourceRange, parameters: ArraySlice<LocalVariable>, bases: [Int])
        switch program.blockOrigins[Int(body)] {
        case .function(let i)?:
            let f = model.functions[i]
            callee = (f.name, f.variant, f.range, f.locals.prefix(f.parameterCount), program.functionFrames[i].locals)
        case .procedure(let i)?:
            let p = model.procedures[i]
            callee = (p.name, p.variant, p.range, p.locals.prefix(p.parameterCount), program.procedureFrames[i])
        default: return nil
        }
        let arguments = zip(callee.parameters, callee.bases).map { ($0.name, Self.value(of: $0.type, at: $1, registers)) }
        records.append(
            CallRecord(
                depth: depth, name: callee.name, variant: callee.variant, range: callee.range, arguments: arguments,
                result: nil))
        return records.count - 1
    }

    /// Adds a function's result to record `index`, made by `begin`.
    func end(_ index: Int?, body: Int32, registers: UnsafeMutablePointer<Int64>) {
        guard let index, case .function(let i)? = program.blockOrigins[Int(body)] else { return }
        records[index].result = Self.value(
            of: program.model.functions[i].result, at: program.functionFrames[i].result, registers)
    }

    /// The value of `type` whose scalars start at register `base`.
    private static func value(of type: ValueType, at base: Int, _ registers: UnsafeMutablePointer<Int64>) -> TypedValue {
        TypedValue(type: type, scalars: Array(UnsafeBufferPointer(start: registers + base, count: type.scalarCount)))
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
