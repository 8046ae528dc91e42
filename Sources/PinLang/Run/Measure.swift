/// A run's statistic as a number, for JSON: a count, a quantity in the unit its key names
/// (`elapsed_seconds`), or counts by name (`inductive_at_k`).
public enum Measure: Sendable, Equatable {
    case count(Int)
    case quantity(Double)
    case counts([String: Int])

    /// As JSONSerialization takes it.
    public var json: Any {
        switch self {
        case .count(let n): return n
        case .quantity(let x): return x
        case .counts(let byName): return byName
        }
    }
}
