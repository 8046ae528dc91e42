import Foundation
import PinLang
import Z3

extension IC3 {
    /// Drops literals from a blocked cube while it stays blocked relative to frame i-1.
    package func generalize(_ cube: Cube, _ i: Int) throws -> Cube {
        var cube = cube
        for l in cube {
            guard cube.count > 1, let index = cube.firstIndex(of: l) else { continue }
            var smaller = cube
            smaller.remove(at: index)
            if containsInitial(smaller) { continue }
            if case .blocked(let core) = try relative(smaller, i) { cube = core }
        }
        return cube
    }
}
