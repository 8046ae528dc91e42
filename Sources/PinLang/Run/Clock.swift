import Dispatch

/// Time in one unit: `Duration`, measured with `ContinuousClock`.
extension Duration {
    /// The duration in seconds, for arithmetic and JSON.
    public var inSeconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }

    /// The duration as a dispatch interval, for timers: whole microseconds rounded up, zero
    /// for a negative duration, `.never` past what an `Int` of microseconds holds.
    public var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return .microseconds(0) }
        let micros = seconds.multipliedReportingOverflow(by: 1_000_000)
        let total = micros.partialValue.addingReportingOverflow((attoseconds + 999_999_999_999) / 1_000_000_000_000)
        return micros.overflow || total.overflow ? .never : .microseconds(Int(total.partialValue))
    }

    /// As reports print it: seconds with two decimals, e.g. `1.25s`.
    public var secondsText: String {
        let hundredths = Int64((inSeconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)s"
    }
}

/// Measures elapsed time from its creation on the continuous clock.
public struct Stopwatch: Sendable {
    public let start = ContinuousClock.now

    public init() {}

    /// The time since the stopwatch was made.
    public var elapsed: Duration { ContinuousClock.now - start }
}
