import CZ3
import Dispatch
import Foundation

// Z3 4.8.12 (Debian's libz3) deadlocks inside its own `scoped_timer` whenever a `timeout` parameter actually
// expires, in plain C as well. So this wrapper never hands `timeout` to Z3: it runs a watchdog on a dispatch
// queue that calls `Z3_interrupt`, which Z3 documents as callable from another thread while a check runs.

/// The native context pointer, carried to other threads. `@unchecked Sendable` because the only use made of it
/// there is `Z3_interrupt`, Z3's one entry point meant for other threads, and only by `Z3Interrupter` before its
/// owner retires it, i.e. while the context is alive.
private struct InterruptHandle: @unchecked Sendable {
    let raw: Z3_context
}

/// A Z3 call stopped by its deadline; callers report it as an `unknown` (timeout) answer.
struct Z3Interrupted: Error {}

extension Z3Context {
    /// Runs a blocking Z3 call, interrupting it (`Z3_interrupt`) once `limit` has passed; a
    /// zero or negative limit interrupts it at once.
    ///
    /// Returns the call's result and whether the deadline fired; a fired deadline should be reported as a timeout.
    func withDeadline<T>(_ limit: Duration?, _ body: () throws -> T) throws -> (value: T, timedOut: Bool) {
        guard let limit else { return (try body(), false) }
        let interrupter = Z3Interrupter(self)
        Z3Interrupter.queue.asyncAfter(deadline: .now() + Self.dispatchInterval(limit)) {
            interrupter.interrupt()
        }
        let disarm = {
            interrupter.retire()
            return interrupter.isInterrupted
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

    /// `limit` as a dispatch interval: whole microseconds, rounded up; `.never` past what an
    /// `Int` of microseconds holds. (PinLang's `Duration.dispatchInterval` is the same; the Z3
    /// module depends on nothing of the project's.)
    static func dispatchInterval(_ limit: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = limit.components
        guard seconds >= 0 else { return .microseconds(0) }
        let micros = seconds.multipliedReportingOverflow(by: 1_000_000)
        let total = micros.partialValue.addingReportingOverflow((attoseconds + 999_999_999_999) / 1_000_000_000_000)
        return micros.overflow || total.overflow ? .never : .microseconds(Int(total.partialValue))
    }
}

/// Stops the Z3 calls of one context from another thread (`Z3_interrupt`): for a deadline
/// (`withDeadline`), or for a portfolio, where the first prover to answer stops the others.
/// The owner of the context must call `retire()` before the context goes away; an interrupt
/// after that does nothing. Z3 drops an interrupt that arrives before a call has installed
/// its cancellation hook (a short deadline on a loaded machine), so `interrupt()` repeats
/// every 10 ms until `retire()`.
public final class Z3Interrupter: @unchecked Sendable {
    /// Where interrupts are sent from: a serial queue has a thread of its own, whereas the
    /// global queue's threads may all be busy in the very Z3 calls (or the Swift concurrency
    /// pool) that are to be stopped, which would leave the interrupt waiting forever.
    static let queue = DispatchQueue(label: "pincheck.z3.interrupt")
    private let lock = NSLock()
    private var handle: InterruptHandle?
    private var stopping = false
    private let record: InterruptRecord

    public init(_ context: Z3Context) {
        handle = InterruptHandle(raw: context.raw)
        record = context.interrupts
    }

    /// Interrupts the context's current call, and keeps doing so every 10 ms until retired.
    public func interrupt() {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        stopping = true
        record.mark()
        Z3_interrupt(handle.raw)
        Self.queue.asyncAfter(deadline: .now() + .milliseconds(10)) { [weak self] in
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

/// Whether `Z3_interrupt` ever reached a context. In Z3 4.8.12 `context::interrupt()` also
/// cancels the context's resource limit (`m().limit().cancel()`), which nothing undoes, so
/// every later call that checks the limit fails, some of them inside destructors.
final class InterruptRecord: @unchecked Sendable {
    private let lock = NSLock()
    private var interrupted = false

    func mark() {
        lock.lock()
        interrupted = true
        lock.unlock()
    }

    var happened: Bool {
        lock.lock()
        defer { lock.unlock() }
        return interrupted
    }
}
