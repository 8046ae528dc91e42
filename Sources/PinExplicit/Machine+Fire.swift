import PinLang

/// Firing an action instance, written once for the explorer, the stepper and the scenario
/// runner: set the parameters, evaluate the guard, run the body. The post-state is left in
/// the registers; a fault of the guard or the body is thrown.
extension Machine {
    /// Sets the parameters of action `action` to `arguments` and evaluates its guard.
    func isEnabled(action: Int, arguments: [Int64]) throws(Fault) -> Bool {
        setArguments(action: action, arguments)
        guard let node = program.actions[action].guardNode else { return true }
        return try eval(node) != 0
    }

    /// Sets the parameters of `action` to `arguments`, as `isEnabled` does.
    @inline(__always)
    func setArguments(action: Int, _ arguments: [Int64]) {
        let compiled = program.actions[action]
        for i in arguments.indices { registers[compiled.parameterRegisters[i]] = arguments[i] }
    }

    /// Runs the body of `action`, whose parameters `isEnabled` set.
    func runBody(of action: Int) throws(Fault) {
        _ = try exec(program.actions[action].body)
    }

    /// Fires the instance if its guard holds: whether it was enabled.
    func fire(_ instance: ActionInstance) throws(Fault) -> Bool {
        guard try isEnabled(action: instance.action, arguments: instance.arguments) else { return false }
        try runBody(of: instance.action)
        return true
    }
}
