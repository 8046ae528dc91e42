/// Time in one unit: `Duration`, measured with `ContinuousClock`.
extension Duration {
    /// The duration in seconds, for arithmetic and JSON.
    public var inSeconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }

    /// The duration in whole nanoseconds (saturating).
    public var inNanoseconds: Int64 {
        let (s, attoseconds) = components
        let (product, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return s < 0 ? Int64.min : Int64.max }
        return product &+ attoseconds / 1_000_000_000
    }

    /// The duration in whole milliseconds, rounded up and clamped to `UInt32` (Z3's unit).
    public var inMilliseconds: UInt32 {
        let ns = inNanoseconds
        if ns <= 0 { return 0 }
        return UInt32(min(Int64(UInt32.max), (ns + 999_999) / 1_000_000))
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
