import Foundation
import PinLang
import Z3

extension IC3 {
    /// Moves each clause of levels 1…k-1 to the next level when that frame keeps it; the
    /// clauses above an emptied level are an inductive invariant.
    package func propagate(_ k: Int) throws -> [Cube]? {
        for i in 1..<k {
            for cube in levels[i] {
                let result = try check(solver, frame(i) + cube.map { term($0, next) } + [stepLiteral])
                if result == .unsat {
                    levels[i].removeAll { $0 == cube }
                    try addClause(cube, level: i + 1)
                }
            }
            if levels[i].isEmpty { return Array(levels[(i + 1)...].joined()) }
        }
        return nil
    }

    package func addLevel() throws {
        levels.append([])
        activations.append(try context.boolConst("ic3.F\(activations.count)"))
    }
}
