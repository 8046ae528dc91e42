import Foundation
import PinLang
import Z3

extension IC3 {
    // MARK: - Queries

    struct OutOfTime: Error {}

    func check(_ s: Z3Solver, _ assumptions: [Z3Term]) throws -> Z3Result {
        if cancelled() { throw OutOfTime() }
        if let deadline {
            let remaining = deadline - .now
            guard remaining > .zero else { throw OutOfTime() }
            s.setTimeout(remaining)
        }
        statistics.queries += 1
        let start = ContinuousClock.now
        let result = try s.check(assuming: assumptions)
        statistics.solverSeconds += (ContinuousClock.now - start).inSeconds
        if case .unknown(let reason) = result {
            if ["timeout", "canceled", "interrupted"].contains(reason) { throw OutOfTime() }
            throw EncodingError("Z3 answered unknown in an IC3 query: \(reason)")
        }
        return result
    }
}
