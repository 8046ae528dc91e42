import Dispatch
import Foundation
import PinLang

/// Ctrl-C: the first SIGINT stops every engine and prover of the run through one token
/// (each leaves what it has not decided incomplete or unknown, and the command prints
/// what it covered); a second one ends the process at once.
enum Interrupts {
    /// The token every command hands its engines.
    static let stop = StopToken()
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Routes SIGINT and SIGTERM to `stop` (call once, before the command runs): the run
    /// stops at its next poll, and what it was writing (a certificate, say) is finished or
    /// removed, never left half-written. A second signal ends the process at once.
    static func install() {
        let queue = DispatchQueue(label: "pincheck.signals")
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if stop.isStopped { _exit(128 + number) }
                let name = number == SIGINT ? "interrupted" : "terminated"
                Output.error("\(name): stopping (send it again to quit at once)")
                stop.stop(.interrupted)
            }
            source.resume()
            sources.append(source)
        }
    }

    nonisolated(unsafe) private static var memoryWatch: DispatchSourceTimer?

    /// Stops the run, as Ctrl-C does, once the process's resident memory passes `limit`
    /// bytes: checked every 50 ms, for every engine (Z3's memory included), so that a model
    /// too big for the machine ends with what was covered instead of being killed.
    static func watchMemory(limit: Int) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "pincheck.memory"))
        timer.schedule(deadline: .now(), repeating: .milliseconds(50))
        timer.setEventHandler {
            guard !stop.isStopped, Memory.residentBytes() > limit else { return }
            Output.error("memory limit of \(Memory.format(bytes: limit)) reached: stopping (--max-memory)")
            stop.stop(.memoryLimit(bytes: limit))
        }
        timer.resume()
        memoryWatch = timer
    }

    /// After a run's results are printed: when it was interrupted (or stopped by the memory
    /// limit), says so, and the command ends with no verdict (status 3).
    /// `status`, or no verdict when the run was stopped: what a JSON document's
    /// `exit_status` says before `finish` ends the run.
    static func status(_ status: ExitStatus) -> ExitStatus {
        stop.reason == nil ? status : ExitStatus.worst(of: [status, .noVerdict])
    }

    static func finish(checked: Int, of total: Int, _ what: String) throws {
        guard let reason = stop.reason else { return }
        let covered = "\(checked) of \(total) \(what)\(total == 1 ? "" : "s") begun"
        let cause = reason == .interrupted ? "interrupted" : "stopped, \(reason)"
        throw CommandError(
            message: "\(cause): incomplete (\(covered); the results above are what was decided before it stopped)",
            status: .noVerdict)
    }
}
