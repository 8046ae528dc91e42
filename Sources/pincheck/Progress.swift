import Dispatch
import Foundation
import PinLang

/// Progress on standard error while an engine runs: the explicit search's levels as they
/// finish (after 2 s), and for every engine a line every `interval` saying what it is doing
/// (the last level, query or prover step it reported) when nothing else was printed.
/// Standard output is left alone, so `--json` stays JSON.
final class Progress: @unchecked Sendable {
    private let label: String
    private let interval: Duration
    private let lock = NSLock()
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastPrinted: ContinuousClock.Instant
    private var activity = "starting"
    private var timer: DispatchSourceTimer?
    /// Where the heartbeat runs: a serial queue has a thread of its own, whereas the global
    /// queue's threads may all be busy in the engine being reported on.
    private static let queue = DispatchQueue(label: "pincheck.progress")

    /// Starts the heartbeat; `interval` zero prints nothing at all.
    init(label: String, interval: Duration) {
        self.label = label
        self.interval = interval
        start = clock.now
        lastPrinted = start
        guard interval > .zero else { return }
        let timer = DispatchSource.makeTimerSource(queue: Self.queue)
        let tick = min(interval, .seconds(1))
        timer.schedule(deadline: .now() + tick.dispatchInterval, repeating: tick.dispatchInterval)
        timer.setEventHandler { [weak self] in self?.beat() }
        timer.resume()
        self.timer = timer
    }

    deinit { timer?.cancel() }

    /// Stops the heartbeat.
    func finish() {
        timer?.cancel()
        timer = nil
    }

    /// Records what an event says the engine is doing; prints an explicit level at once.
    func note(_ event: RunEvent) {
        guard interval > .zero else { return }
        switch event {
        case .level(let depth, let states, let took):
            update("explicit search: depth \(depth), \(states) states")
            if took > .seconds(2) {
                emit(String(format: "  … depth %d, %d states, %.1fs", depth, states, took.inSeconds))
            }
        case .query(let what, _, let answer): update("\(what): \(answer)")
        case .phase(let name, _): update(name)
        }
    }

    private func update(_ text: String) {
        lock.lock()
        activity = text
        lock.unlock()
    }

    private func emit(_ line: String) {
        lock.lock()
        lastPrinted = clock.now
        lock.unlock()
        Output.error(line)
    }

    private func beat() {
        lock.lock()
        let now = clock.now
        guard now - lastPrinted >= interval else {
            lock.unlock()
            return
        }
        lastPrinted = now
        let line = String(format: "  … %@: %@ (%.1fs)", label, activity, (now - start).inSeconds)
        lock.unlock()
        Output.error(line)
    }
}
