import PinLang

/// A model encoded once as a propositional transition system that every symbolic engine
/// shares: the state as bits (each slot in the fewest bits its domain needs, two's
/// complement when it has negative values), the initial state, and, as literals of one
/// circuit over the current-state bits, the domain constraint, each action instance's
/// guard, successor state and fault condition, and each invariant with its fault condition.
///
/// Action arguments are constants of their instance, so they fold away; functions and
/// procedures are inlined; arrays are indexed by case split over the index's values.
public final class TransitionSystem {
    public let model: Model
    public let layout: StateLayout
    public let circuit: Circuit
    /// Every action instance, in the explicit engine's order.
    public let instances: [(action: Int, arguments: [Int64])]
    /// The current-state bits, slot by slot (the circuit's inputs, in this order).
    public let stateBits: [Literal]
    /// Per slot: the range of `stateBits` that stores it.
    public let slotBits: [Range<Int>]
    /// A person's name for each state bit: the slot's path, with `#i` for bit i of a
    /// slot that takes more than one.
    public let bitNames: [String]
    /// The initial state's bits.
    public let initial: [Bool]
    /// Whether the initial state (the `init` block or an initialiser) faults.
    public let initialFault: Bool
    /// Every slot holds a value of its domain.
    public let domain: Literal
    /// Per state bit: the literal the steps read for it (the slot's bits clamped into its
    /// domain, the bit itself when the domain fills the bits). A step that leaves a slot as
    /// it is has these as the slot's successor bits, so, within the domain, it keeps the slot.
    public let readBits: [Literal]

    /// One action instance.
    public struct Step {
        /// The guard.
        public var enabled: Literal
        /// The successor state's bits (meaningful when `enabled`).
        public var post: [Literal]
        /// Evaluating the guard, or the body when enabled, faults.
        public var fault: Literal
    }

    public let steps: [Step]
    /// Per invariant: it holds, and evaluating it faults.
    public let invariants: [(holds: Literal, fault: Literal)]
    /// Per invariant: it holds and its evaluation does not fault.
    public let holdsWithoutFault: [Literal]
    /// No action instance faults (in its guard, or in its body when enabled).
    public let noStepFault: Literal

    /// Encodes `model`; throws only on an internal inconsistency of the encoder.
    public init(model: Model) throws {
        self.model = model
        let layout = StateLayout(model)
        self.layout = layout
        let circuit = Circuit()
        self.circuit = circuit
        instances = model.actionInstances()
        let encoder = CircuitEncoder(model: model, layout: layout, circuit: circuit)

        var bits: [Literal] = []
        var ranges: [Range<Int>] = []
        var names: [String] = []
        var words: [Word] = []
        var inDomain: [Literal] = []
        for slot in layout.slots {
            let width = Word.width(of: slot.domain)
            let slotInputs = (0..<width).map { _ in circuit.input() }
            ranges.append(bits.count..<bits.count + width)
            bits += slotInputs
            names += (0..<width).map { width == 1 ? slot.path : "\(slot.path)#\($0)" }
            // Every value the bits can hold, of which the domain constraint keeps the slot's.
            let signed = slot.domain.lowerBound < 0
            let top = width == 0 ? 0 : (Int64(1) << Int64(signed ? width - 1 : width)) - 1
            let raw = Word(bits: slotInputs, range: (signed ? -top - 1 : 0)...top, signed: signed)
            inDomain.append(circuit.inRange(raw, slot.domain))
            words.append(circuit.clamp(raw, to: slot.domain))
        }
        stateBits = bits
        slotBits = ranges
        bitNames = names
        domain = circuit.and(inDomain)

        func stored(_ state: [Word]) -> [Literal] {
            zip(layout.slots, state).flatMap { slot, word in word.extended(to: Word.width(of: slot.domain)) }
        }
        readBits = stored(words)

        let start = layout.initialSlots(of: model).map { Word(constant: $0) }
        let (initialState, initialFault) = try encoder.initialize(start)
        let initialBits = stored(initialState)
        // The init block runs on constants, so its result is constant unless it faults.
        self.initial = initialBits.map { $0.constantValue ?? false }
        var fault = initialFault.constantValue ?? true
        for (slot, word) in zip(layout.slots, initialState) where circuit.inRange(word, slot.domain) != .true {
            fault = true
        }
        self.initialFault = fault

        steps = try instances.map { instance in
            let s = try encoder.step(action: instance.action, arguments: instance.arguments, from: words)
            return Step(enabled: s.enabled, post: stored(s.post), fault: s.fault)
        }
        invariants = try model.invariants.indices.map { try encoder.invariant($0, in: words) }
        holdsWithoutFault = invariants.map { circuit.and($0.holds, !$0.fault) }
        noStepFault = !circuit.or(steps.map(\.fault))
    }

    /// What the symbolic engines prove for the invariant at index `invariant` of the
    /// model's list: it holds, and neither it nor any action instance faults in the state.
    public func safety(_ invariant: Int) -> Literal {
        circuit.and(holdsWithoutFault[invariant], noStepFault)
    }

    /// Some invariant among `checked`, or some action instance, faults in the state.
    public func anyFault(invariants checked: [Int]) -> Literal {
        circuit.or(checked.map { invariants[$0].fault } + steps.map(\.fault))
    }

    /// Action instance `i` as a trace step (without its state), e.g. `gup_step(p=1)` as
    /// its `call`.
    public func call(_ i: Int) -> TraceStep {
        TraceStep(action: instances[i].action, arguments: instances[i].arguments, in: model)
    }

    /// Whether the circuit takes `trace` (the explicit engine's, say) step for step: it
    /// starts in the initial state, each step's instance is enabled, does not fault and
    /// leads to the next state, and the last state breaks `property`. Nil when it does,
    /// else the first difference.
    public func replay(_ trace: Trace, breaking property: Literal) -> String? {
        var state = bits(trace.initial)
        guard state == initial else { return "the trace does not start in the initial state" }
        for (n, step) in trace.steps.enumerated() {
            guard let i = instances.indices.first(where: { call($0).call == step.call }) else {
                return "step \(n + 1): no action instance \(step.call)"
            }
            let checked = circuit.evaluate([steps[i].enabled, steps[i].fault] + steps[i].post, inputs: state)
            guard checked[0], !checked[1] else { return "step \(n + 1): \(step.call) is not enabled or faults" }
            let next = Array(checked[2...])
            guard next == bits(step.state) else { return "step \(n + 1): \(step.call) leads to another state" }
            state = next
        }
        if circuit.evaluate([property], inputs: state)[0] { return "the last state keeps the property" }
        return nil
    }

    /// The slot values of a state given as its bits.
    public func values(_ bits: [Bool]) -> [Int64] {
        zip(layout.slots, slotBits).map { slot, range in
            var v: Int64 = 0
            for (i, b) in bits[range].enumerated() where b { v |= 1 << Int64(i) }
            if slot.domain.lowerBound < 0, let sign = bits[range].last, sign { v -= 1 << Int64(range.count) }
            return v
        }
    }

    /// The bits of a state given as slot values.
    public func bits(_ values: [Int64]) -> [Bool] {
        zip(values, slotBits).flatMap { v, range in (0..<range.count).map { (v >> Int64($0)) & 1 == 1 } }
    }
}
