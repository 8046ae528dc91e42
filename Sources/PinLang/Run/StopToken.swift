import Foundation

/// Why a run was stopped before it finished.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// The user pressed Ctrl-C (SIGINT) or the caller asked it to stop.
    case interrupted
    /// Its time limit ran out.
    case timeLimit(Duration)
    /// Another prover of a portfolio answered first.
    case superseded
    /// The process's resident memory passed this many bytes (`--max-memory`).
    case memoryLimit(bytes: Int)

    public var description: String {
        switch self {
        case .interrupted: "interrupted"
        case .timeLimit(let limit): "time limit of \(limit.secondsText) reached"
        case .superseded: "another prover answered first"
        case .memoryLimit(let bytes): "memory limit of \(Memory.format(bytes: bytes)) reached"
        }
    }
}

/// The one way to stop a running engine or prover: every long loop polls `isStopped`, and
/// whatever cannot poll (a Z3 call, say) registers a handler that `stop` runs. A token may
/// have children (a portfolio's race, a prover's time limit): stopping a token stops its
/// children, never its parent. Thread-safe.
public final class StopToken: @unchecked Sendable {
    private let lock = NSLock()
    private var stoppedBy: StopReason?
    private var handlers: [Int: @Sendable (StopReason) -> Void] = [:]
    private var nextHandler = 0

    public init() {}

    /// A token that is never stopped, for callers that do not need one.
    public static var never: StopToken { StopToken() }

    /// Whether `stop` was called on this token or an ancestor.
    public var isStopped: Bool { reason != nil }

    /// Thrown by work that polls the token from deep inside a computation with no answer of
    /// its own to give; the caller that catches it answers as stopped.
    public struct Stopped: Error {
        public init() {}
    }

    /// Why the token was stopped, or nil while it runs.
    public var reason: StopReason? {
        lock.lock()
        defer { lock.unlock() }
        return stoppedBy
    }

    /// Stops the token (the first reason given wins) and runs every handler once.
    public func stop(_ reason: StopReason) {
        lock.lock()
        guard stoppedBy == nil else {
            lock.unlock()
            return
        }
        stoppedBy = reason
        let toRun = handlers.sorted { $0.key < $1.key }.map(\.value)
        handlers = [:]
        lock.unlock()
        for handler in toRun { handler(reason) }
    }

    /// Runs `handler` when the token stops (at once, on this thread, if it has stopped
    /// already). Cancel the registration once the work it guards is done.
    @discardableResult
    public func onStop(_ handler: @escaping @Sendable (StopReason) -> Void) -> Registration {
        lock.lock()
        if let stoppedBy {
            lock.unlock()
            handler(stoppedBy)
            return Registration(token: nil, key: 0, then: nil)
        }
        let key = nextHandler
        nextHandler += 1
        handlers[key] = handler
        lock.unlock()
        return Registration(token: self, key: key, then: nil)
    }

    /// A token stopped when this one is (with the same reason), which can also be stopped
    /// on its own; `limit`, when given, stops it with `.timeLimit` once that much time has
    /// passed. Cancel the returned registration when the child is done with.
    public func child(limit: Duration? = nil) -> (token: StopToken, registration: Registration) {
        let child = StopToken()
        let registration = onStop { [weak child] reason in child?.stop(reason) }
        if let limit {
            Self.timers.asyncAfter(deadline: .now() + limit.dispatchInterval) {
                [weak child] in child?.stop(.timeLimit(limit))
            }
        }
        return (child, registration)
    }

    /// The time limits' timers: one serial queue of their own, so that a busy global queue
    /// (the engines' workers) never delays a limit, and the timers never compete for it.
    private static let timers = DispatchQueue(label: "pincheck.stop-token.time-limits")

    fileprivate func remove(_ key: Int) {
        lock.lock()
        handlers[key] = nil
        lock.unlock()
    }

    /// A handler registered with `onStop`; `cancel()` removes it.
    public struct Registration: Sendable {
        fileprivate let token: StopToken?
        fileprivate let key: Int
        fileprivate var then: (@Sendable () -> Void)? = nil

        /// Removes the handler, if it has not run yet (and runs the clean-up it was combined with).
        public func cancel() {
            token?.remove(key)
            then?()
        }

        /// `registration`, whose `cancel()` also runs `cleanUp` afterwards.
        public static func combined(_ registration: Registration, _ cleanUp: @escaping @Sendable () -> Void) -> Registration {
            Registration(token: registration.token, key: registration.key, then: cleanUp)
        }
    }
}
