import Foundation
import PinLang
import PinSymbolic
import Z3

/// Re-checks certificate obligations with the built-in Z3: each must be unsat. The
/// obligations are checked in parallel, each in a Z3 context of its own.
public enum CertificateChecker {
    /// Per file: Z3's answer (`unsat` means the obligation holds), in the order given.
    public static func check(files: [URL], timeout: Duration? = nil, workers: Int = defaultWorkers) throws -> [(
        file: URL, result: Z3Result
    )] {
        let scripts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        return zip(files, try check(scripts: scripts, timeout: timeout, workers: workers)).map { ($0, $1) }
    }

    /// The obligations of `certificate` that are not unsat (empty when it re-checks).
    public static func check(_ certificate: Certificate, timeout: Duration? = nil) throws -> [(
        name: String, result: Z3Result
    )] {
        try CertificateChecks(timeout: timeout, workers: defaultWorkers).failures(of: certificate)
    }

    /// Every core.
    public static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Z3's answer for each script, on `workers` threads, the longest scripts first.
    static func check(scripts: [String], timeout: Duration?, workers: Int, stop: StopToken = .never) throws -> [Z3Result] {
        let order = scripts.indices.sorted { scripts[$0].utf8.count > scripts[$1].utf8.count }
        let results = Locked([Result<Z3Result, Error>?](repeating: nil, count: scripts.count))
        let next = Locked(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(scripts.count, workers))) { _ in
            while true {
                let k = next.update { n -> Int in
                    n += 1
                    return n - 1
                }
                guard k < order.count else { return }
                let i = order[k]
                let answer = Result { try check(script: scripts[i], timeout: timeout, stop: stop) }
                results.update { $0[i] = answer }
            }
        }
        return try results.update { $0 }.map { try $0!.get() }
    }

    /// Z3's answer for one SMT-LIB obligation script, parsed from its text.
    static func check(script: String, timeout: Duration?, stop: StopToken) throws -> Z3Result {
        if let reason = stop.reason { return .unknown(reason: reason.description) }
        let context = try Z3Context(timeout: timeout)
        let stopping = stop.interrupting(context)
        defer { stopping.cancel() }
        let formula = try context.parseSMTLIB(script)
        let solver = try Z3Solver(context: context)
        try solver.assert(formula)
        return try solver.check()
    }
}
