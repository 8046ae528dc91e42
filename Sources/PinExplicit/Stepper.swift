import PinLang

/// The explicit engine's step function, from any state given as slot values, reachable or
/// not: for a symbolic engine that has a state in hand (a counterexample to induction,
/// say) and wants its successors, or the model's invariants there, without Z3. One thread
/// at a time: each thread makes its own.
public final class Stepper {
    private let machine: Machine
    private let saved: UnsafeMutablePointer<Int64>

    public init(model: Model) {
        machine = Machine(Compiler.compile(model))
        saved = .allocate(capacity: max(machine.slotCount, 1))
    }

    deinit { saved.deallocate() }

    /// The successor of `state` by each enabled action instance that does not fault, with
    /// the instance's index (in `Model.actionInstances()` order). A guard or body that
    /// faults, or a successor with a slot outside its domain, gives no successor: the
    /// caller learns only of steps the explicit engine would take.
    public func successors(of state: [Int64]) -> [(instance: Int, state: [Int64])] {
        let program = machine.program
        let slots = program.layout.slots
        machine.setState(state)
        saved.update(from: machine.registers, count: machine.slotCount)
        var found: [(Int, [Int64])] = []
        for (n, instance) in program.instances.enumerated() {
            defer { machine.registers.update(from: saved, count: machine.slotCount) }
            guard (try? machine.fire(instance)) == true else { continue }
            let next = machine.stateValues()
            if zip(slots, next).allSatisfy({ $0.domain.contains($1) }) { found.append((n, next)) }
        }
        return found
    }

    /// Whether the model's invariant `j` holds in `state`; nil when evaluating it faults.
    public func holds(invariant j: Int, in state: [Int64]) -> Bool? {
        machine.setState(state)
        return try? machine.eval(machine.program.invariants[j]) != 0
    }
}
