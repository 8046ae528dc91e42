import Foundation

/// A value handed to threads that only read it, or touch disjoint parts of it (the
/// portfolio's lanes, `concurrentPerform`'s iterations).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A value that threads share, read and written only under its lock.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T

    init(_ value: T) { self.value = value }

    /// Runs `body` on the value, holding the lock.
    func update<R>(_ body: (inout T) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// Makes the calling thread yield the cores to threads of normal priority: on Linux, where
/// each thread has its own nice value, it raises the thread's own by `amount` (threads it
/// starts inherit it). Elsewhere it does nothing.
func lowerThisThreadsPriority(by amount: Int32) {
    #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let now = getpriority(which, 0)
        if errno == 0 { _ = setpriority(which, 0, min(19, now + amount)) }
    #endif
}
