import CZ3
import Dispatch
import Foundation

// Z3 4.8.12 (Debian's libz3) deadlocks inside its own `scoped_timer` whenever a `timeout` parameter actually
// expires, in plain C as well. So this wrapper never hands `timeout` to Z3: it runs a watchdog on a dispatch
// queue that calls `Z3_interrupt`, which Z3 documents as callable from another thread while a check runs.

/// The native context pointer, carried to the watchdog queue. `@unchecked Sendable` because the only use made of
/// it there is `Z3_interrupt`, Z3's one entry point meant for other threads, and only while the owner is blocked
/// in a check that keeps the context alive.
private struct InterruptHandle: @unchecked Sendable {
    let raw: Z3_context
}

/// Watchdog state shared with the queue. `@unchecked Sendable` because every access goes through `queue`,
/// a serial dispatch queue that acts as its lock.
private final class WatchdogState: @unchecked Sendable {
    let queue = DispatchQueue(label: "pincheck.z3.watchdog")
    var active = true
    var fired = false
}

/// A Z3 call stopped by its deadline; callers report it as an `unknown` (timeout) answer.
struct Z3Interrupted: Error {}

extension Z3Context {
    /// Runs a blocking Z3 call, interrupting it (`Z3_interrupt`) once `milliseconds` have passed.
    ///
    /// Returns the call's result and whether the deadline fired; a fired deadline should be reported as a timeout.
    func withDeadline<T>(_ milliseconds: UInt32?, _ body: () throws -> T) throws -> (value: T, timedOut: Bool) {
        guard let milliseconds, milliseconds > 0 else { return (try body(), false) }
        let state = WatchdogState()
        let handle = InterruptHandle(raw: raw)
        // Z3 drops an interrupt that arrives before the call has installed its cancellation hook
        // (a short deadline on a loaded machine), so the alarm repeats every 10 ms until disarmed.
        @Sendable func alarm() {
            guard state.active else { return }
            state.fired = true
            Z3_interrupt(handle.raw)
            state.queue.asyncAfter(deadline: .now() + .milliseconds(10), execute: alarm)
        }
        state.queue.asyncAfter(deadline: .now() + .milliseconds(Int(milliseconds)), execute: alarm)
        let disarm = {
            state.queue.sync {
                state.active = false
                return state.fired
            }
        }
        let value: T
        do {
            value = try body()
        } catch {
            // Some calls (a fixedpoint query) report the interrupt as a "canceled" error.
            if disarm() { throw Z3Interrupted() }
            throw error
        }
        return (value, disarm())
    }
}

/// Stops the Z3 calls of one context from another thread (`Z3_interrupt`): for a portfolio,
/// where the first prover to answer stops the others. The owner of the context must call
/// `retire()` before the context goes away; an interrupt after that does nothing, and one
/// that races with a starting call is repeated by `interrupt()` until `retire()`.
public final class Z3Interrupter: @unchecked Sendable {
    private let lock = NSLock()
    private var handle: InterruptHandle?
    private var stopping = false

    public init(_ context: Z3Context) {
        handle = InterruptHandle(raw: context.raw)
    }

    /// Interrupts the context's current call, and keeps doing so every 10 ms until retired.
    public func interrupt() {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        stopping = true
        Z3_interrupt(handle.raw)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(10)) { [weak self] in
            self?.repeatInterrupt()
        }
    }

    private func repeatInterrupt() {
        lock.lock()
        let active = handle != nil && stopping
        lock.unlock()
        if active { interrupt() }
    }

    /// Whether `interrupt()` was called.
    public var isInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    /// The context is done with: no interrupt reaches it any more.
    public func retire() {
        lock.lock()
        handle = nil
        lock.unlock()
    }
}
