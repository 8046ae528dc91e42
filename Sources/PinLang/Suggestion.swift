/// "Did you mean …?" for a name that is not found: the closest known name by edit
/// distance, when it is close enough to be a likely typo.
public enum Suggestion {
    /// The candidate nearest `name` (letters compared without case; a swap of two
    /// neighbours is one edit), if its distance is at most a third of the name's length
    /// (so a one- or two-letter name gets only a difference of case); the first declared
    /// wins a tie.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        let allowed = target.count / 3
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let d = distance(target, Array(candidate.lowercased().unicodeScalars), atMost: allowed)
            if d <= allowed, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// `; did you mean 'NAME'?` for the closest candidate, or nothing.
    public static func hint(for name: String, among candidates: [String]) -> String {
        closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The edit distance of `a` and `b` (insertions, deletions, substitutions and swaps of
    /// neighbours: the optimal string alignment distance), or more than `limit` as soon as
    /// it must be (names differing in length by more than the limit are not compared).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], before[j - 2] + 1) }
            }
            if row.min()! > limit { return limit + 1 }
            (before, previous) = (previous, row)
        }
        return previous[b.count]
    }
}
