import Foundation
import PinLang
import Z3

extension IC3 {
    /// A state of frame k that breaks the property, as a cube widened by lifting.
    package func badState(_ k: Int) throws -> Cube? {
        guard try check(solver, frame(k) + [badLiteral]) == .sat else { return nil }
        let m = try solver.model()
        let state = try currentState(m)
        return try lift(state, assuming: [liftSafe])
    }

    /// The bits of `state` that alone contradict `assumptions` in the lifting solver: an
    /// unsat core of the state's literals.
    package func lift(_ state: [Bool], assuming assumptions: [Z3Term]) throws -> Cube {
        let full = cube(of: state)
        let result = try check(lifter, full.map { term($0, lifted) } + assumptions)
        guard result == .unsat else { return full }
        return try lifter.unsatCore().compactMap { liftLiteral[$0.id] }.sorted()
    }
}
