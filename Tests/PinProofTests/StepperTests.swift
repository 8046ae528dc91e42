import Foundation
import PinExplicit
import PinLang
import PinProof
import PinSymbolic
import Testing

/// The explicit engine's step function from states no search reaches (Houdini runs it from
/// counterexamples to induction) against the symbolic encoding of the same step.
@Suite struct StepperTests {
    /// From pseudo-random states of the bundled model (each slot any value of its domain),
    /// every action instance: the explicit engine steps exactly when the circuit says the
    /// instance is enabled and does not fault, and to the state the circuit computes.
    @Test(arguments: ["v5_8", "v6_2"])
    func explicitAndSymbolicStepsAgreeOffTheReachableStates(variant: String) throws {
        let model = try LoadedProgram.load(path: BundledModelSymbolicTests.modelPath).program.model(variant: variant)
        let system = try TransitionSystem(model: model)
        let stepper = Stepper(model: model)
        let slots = system.layout.slots
        var seed: UInt64 = 0x5DEE_CE66
        func next(_ range: ClosedRange<Int64>) -> Int64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int64((seed >> 33) % UInt64(range.upperBound - range.lowerBound + 1))
        }
        var (stepped, blocked) = (0, 0)
        for _ in 0..<200 {
            let state = slots.map { next($0.domain) }
            let bits = system.bits(state)
            let explicit = Dictionary(uniqueKeysWithValues: stepper.successors(of: state).map { ($0.instance, $0.state) })
            for (i, step) in system.steps.enumerated() {
                let outputs = system.circuit.evaluate([step.enabled, step.fault] + step.post, inputs: bits)
                let steps = outputs[0] && !outputs[1]
                #expect((explicit[i] != nil) == steps, "instance \(i) from \(state)")
                if let after = explicit[i], steps {
                    #expect(after == system.values(Array(outputs[2...])), "instance \(i) from \(state)")
                    stepped += 1
                } else {
                    blocked += 1
                }
            }
        }
        // Both kinds of instance are met, so the comparison says something either way.
        #expect(stepped > 100 && blocked > 100, "\(stepped) steps, \(blocked) disabled or faulting")
    }
}
