import Foundation
import PinLang

/// Several provers racing on one goal, each on a thread of its own with its own Z3
/// contexts: the first definite answer (proved or violated) stops the others, through a
/// child of the caller's stop token. Nothing in the race knows which lane is which; a
/// lane only says whether it yields the cores to the others.
public final class Portfolio: Prover {
    /// One prover of the race.
    public struct Lane {
        public let prover: any Prover
        /// The lane runs at a lower priority (nice +10 on Linux): it still runs, and wins
        /// wherever the others cannot answer, but does not slow a lane that answers first.
        public let yieldsCores: Bool

        public init(_ prover: any Prover, yieldsCores: Bool = false) {
            self.prover = prover
            self.yieldsCores = yieldsCores
        }
    }

    public let lanes: [Lane]
    public let name = "portfolio"

    public init(_ lanes: [Lane]) { self.lanes = lanes }

    /// The first definite answer; unknown when none answered (with each one's reason) or
    /// when two answered differently. An error of a lane stopped midway is ignored when
    /// another answered.
    public func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer {
        let (race, registration) = stop.child()
        defer { registration.cancel() }
        let outcomes = Locked([Result<ProverAnswer, Error>?](repeating: nil, count: lanes.count))
        let done = DispatchGroup()
        // A thread per lane: `concurrentPerform` would run no more lanes at once than there
        // are cores, and a lane that waits for another to finish might wait forever.
        for (index, lane) in lanes.enumerated() {
            done.enter()
            let work = UncheckedSendable((lane, goal))
            let thread = Thread {
                let (lane, goal) = work.value
                if lane.yieldsCores { lowerThisThreadsPriority(by: 10) }
                let outcome = Result { try lane.prover.prove(goal, stop: race, events: events) }.flatMapError {
                    // A lane stopped midway may fail as its Z3 call is cancelled: that is no answer.
                    error -> Result<ProverAnswer, Error> in
                    guard let reason = race.reason else { return .failure(error) }
                    return .success(ProverAnswer(.unknown(reason.description), by: lane.prover.name))
                }
                outcomes.update { $0[index] = outcome }
                if (try? outcome.get())?.isDefinite == true { race.stop(.superseded) }
                done.leave()
            }
            thread.stackSize = 64 << 20
            thread.start()
        }
        done.wait()
        return try verdict(outcomes.update { $0.map { $0! } })
    }

    private func verdict(_ outcomes: [Result<ProverAnswer, Error>]) throws -> ProverAnswer {
        let answers = outcomes.compactMap { try? $0.get() }
        let definite = answers.filter(\.isDefinite)
        if let first = definite.first {
            if let other = definite.first(where: { $0.summary != first.summary }) {
                let why = "the provers disagree (\(first.by): \(first.summary), \(other.by): \(other.summary))"
                return ProverAnswer(.unknown(why), by: "pdr")
            }
            return first
        }
        for outcome in outcomes { if case .failure(let error) = outcome { throw error } }
        let reasons = answers.compactMap { answer -> String? in
            guard case .unknown(let reason) = answer.outcome else { return nil }
            return "\(answer.by): \(reason)"
        }
        return ProverAnswer(.unknown(reasons.joined(separator: "; ")), by: Self.list(lanes.map(\.prover.name)))
    }

    /// `a, b and c`.
    static func list(_ names: [String]) -> String {
        names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
