import Foundation
import PinLang
import Z3

extension IC3 {
    // MARK: - Queries

    struct OutOfTime: Error {}

    func check(_ s: Z3Solver, _ assumptions: [Z3Term]) throws -> Z3Result {
        if cancelled() { throw OutOfTime() }
        if let deadline {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw OutOfTime() }
            s.setTimeout(UInt32(min(UInt64(UInt32.max), (deadline - now) / 1_000_000 + 1)))
        }
        statistics.queries += 1
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try s.check(assuming: assumptions)
        statistics.solverSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if case .unknown(let reason) = result {
            if ["timeout", "canceled", "interrupted"].contains(reason) { throw OutOfTime() }
            throw EncodingError("Z3 answered unknown in an IC3 query: \(reason)")
        }
        return result
    }
}
