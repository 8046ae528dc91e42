import PinLang
import Z3

/// The re-checks of one run. Every proof counts only once Z3 has found each obligation of
/// its certificate unsat from the SMT-LIB text, whatever prover found it; an obligation's
/// text is checked once per run (certificates that share an inductive invariant share
/// their init, step and `nofault.smt2` obligations), and one found not unsat is remembered
/// too, so that a second certificate with it fails at once.
public final class CertificateChecks: @unchecked Sendable {
    private let known = Locked<(unsat: Set<String>, failed: [String: Z3Result])>(([], [:]))
    let timeout: Duration?
    let workers: Int
    let stop: StopToken

    public init(timeout: Duration? = nil, workers: Int, stop: StopToken = .never) {
        self.timeout = timeout
        self.workers = max(1, workers)
        self.stop = stop
    }

    /// The obligations of `certificate` that are not unsat (empty when it re-checks).
    public func failures(of certificate: Certificate) throws -> [(name: String, result: Z3Result)] {
        let (unsat, failed) = known.update { ($0.unsat, $0.failed) }
        if let old = certificate.obligations.first(where: { failed[$0.script] != nil }) {
            return [(old.name, failed[old.script]!)]
        }
        let open = certificate.obligations.filter { !unsat.contains($0.script) }
        let results = try CertificateChecker.check(scripts: open.map(\.script), timeout: timeout, workers: workers, stop: stop)
        known.update { known in
            for (obligation, result) in zip(open, results) {
                if result == .unsat { known.unsat.insert(obligation.script) } else { known.failed[obligation.script] = result }
            }
        }
        return zip(open, results).compactMap { obligation, result in result == .unsat ? nil : (obligation.name, result) }
    }

    /// Z3's answer for every obligation of `certificate`, in its order.
    public func results(of certificate: Certificate) throws -> [(name: String, result: Z3Result)] {
        let scripts = certificate.obligations.map(\.script)
        let answers = try CertificateChecker.check(scripts: scripts, timeout: timeout, workers: workers, stop: stop)
        return zip(certificate.obligations, answers).map { ($0.name, $1) }
    }

    /// `failures` as a person reads them: `init.smt2: sat, safe.smt2: unknown (timeout)`.
    static func describe(_ failures: [(name: String, result: Z3Result)]) -> String {
        failures.map { "\($0.name): \($0.result)" }.joined(separator: ", ")
    }
}

/// A prover whose proofs count only once their certificates re-check (`CertificateChecks`):
/// the one wrapper every proof goes through. A certificate that does not re-check makes
/// the answer unknown. It reports the prover's answer (`BY INVARIANT: unsat`), unless the
/// prover reports its own, then the re-check.
public final class Rechecked: Prover {
    let inner: any Prover
    let checks: CertificateChecks
    let announces: Bool

    public init(_ inner: any Prover, checks: CertificateChecks, announcing: Bool = true) {
        self.inner = inner
        self.checks = checks
        announces = announcing
    }

    public var name: String { inner.name }

    public func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer {
        let watch = Stopwatch()
        let answer: ProverAnswer
        do {
            answer = try inner.prove(goal, stop: stop, events: events)
        } catch  where stop.isStopped {
            // A prover stopped midway may fail as its Z3 call is cancelled: that is no answer.
            return ProverAnswer(.unknown(stop.reason?.description ?? "stopped"), by: inner.name)
        }
        if announces { events(.query(what: "\(answer.by) \(goal.name)", took: watch.elapsed, answer: answer.summary)) }
        guard case .proved(let certificate) = answer.outcome else { return answer }
        let rechecking = Stopwatch()
        let failed = try checks.failures(of: certificate)
        events(.query(what: "recheck \(goal.name)", took: rechecking.elapsed, answer: failed.isEmpty ? "unsat" : "failed"))
        if failed.isEmpty { return answer }
        let why = "its invariant does not re-check (\(CertificateChecks.describe(failed)))"
        return ProverAnswer(.unknown(why), by: answer.by)
    }
}
