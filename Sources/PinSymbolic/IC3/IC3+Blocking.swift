import Foundation
import PinLang
import Z3

extension IC3 {
    package enum Relative {
        case blocked(Cube)
        case predecessor(Cube)
    }

    /// Is `cube` unreachable in one step from frame i-1 outside it (F(i-1) ∧ ¬cube ∧ T ∧ cube′
    /// unsat)? Then a sub-cube that the refutation used; else a predecessor cube (lifted).
    package func relative(_ cube: Cube, _ i: Int) throws -> Relative {
        var assumptions = cube.map { term($0, next) } + [stepLiteral]
        var retire: Z3Term?
        if i == 1 {
            assumptions += initialAssumptions
        } else {
            let literal = try freshLiteral("not")
            try solver.assert(literal.implies(clause(cube)))
            retire = literal
            assumptions += frame(i - 1) + [literal]
        }
        defer { if let retire { try? solver.assert(retire.not()) } }
        if try check(solver, assumptions) == .unsat {
            var core = Set(try solver.unsatCore().compactMap { nextLiteral[$0.id] })
            if containsInitial(cube.filter { core.contains($0) }) {
                // Keep the sub-cube away from the initial state: put back a literal it breaks.
                if let l = cube.first(where: { system.initial[$0.variable] != $0.polarity }) { core.insert(l) }
            }
            return .blocked(cube.filter { core.contains($0) })
        }
        // Every state of the lifted cube takes the same action instance into `cube`.
        let m = try solver.model()
        let state = try currentState(m)
        guard let step = picks[try path.instance(at: 0, m)] else { throw EncodingError("IC3: no such instance") }
        let literal = try freshLiteral("lands")
        try lifter.assert(literal.implies(context.or([try step.enabled.not()] + cube.map { term(!$0, liftedNext) })))
        defer { try? lifter.assert(literal.not()) }
        return .predecessor(try lift(state, assuming: [step.pick, literal]))
    }

    /// Adds `cube`'s clause to frames 1…level.
    package func addClause(_ cube: Cube, level: Int) throws {
        // Drop the clauses it subsumes from the levels it covers.
        for j in 1...level {
            levels[j].removeAll { old in
                let literals = Set(old)
                return cube.allSatisfy { literals.contains($0) }
            }
        }
        levels[level].append(cube)
        try solver.assert(activations[level].implies(clause(cube)))
    }

    /// Blocks a bad cube at frame k, recursively blocking its predecessors; nil when it is
    /// blocked, else the length of a predecessor chain from the initial state to it.
    package func block(_ bad: Cube, _ k: Int) throws -> Int? {
        // Obligations: (cube, level, steps to a bad state).
        var queue: [(cube: Cube, level: Int, depth: Int)] = [(bad, k, 0)]
        while !queue.isEmpty {
            // The lowest level first, the deepest among them.
            let pick = queue.indices.min {
                (queue[$0].level, -queue[$0].depth) < (queue[$1].level, -queue[$1].depth)
            }!
            let (cube, i, depth) = queue[pick]
            if containsInitial(cube) { return depth }
            switch try relative(cube, i) {
            case .blocked(let core):
                let g = try generalize(core, i)
                var level = i
                while level < k, case .blocked = try relative(g, level + 1) { level += 1 }
                try addClause(g, level: level)
                if level < k {
                    queue[pick].level = level + 1
                } else {
                    queue.remove(at: pick)
                }
            case .predecessor(let p):
                if i == 1 { return depth + 1 }
                queue.append((p, i - 1, depth + 1))
            }
        }
        return nil
    }
}
