import Foundation
import PinLang
import PinSymbolic
import Z3

/// The inductive invariant of an earlier proof, read back from its certificate's
/// `invariant.txt`, as lemmas to try first: a run that finds them still inductive (every
/// obligation of the certificate they make is unsat) needs no search. They are only a
/// guess: whatever the file says, the obligations decide, and a file that no longer fits
/// the model (a slot, value or invariant it names is gone, or an obligation is not unsat)
/// is set aside and the invariant proved afresh.
enum LemmaHints {
    /// The lemmas of `text` (an `invariant.txt`) for `system`, or the first line that does
    /// not fit it.
    static func parse(_ text: String, for system: TransitionSystem) -> Result<[MinedLemmas.Lemma], HintError> {
        var reader = LineReader(system: system)
        var lemmas: [MinedLemmas.Lemma] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            switch reader.lemma(line) {
            case .success(let lemma): lemmas.append(lemma)
            case .failure(let why): return .failure(HintError(line: n + 1, text: line, reason: why.reason))
            }
        }
        return .success(lemmas)
    }

    /// Why a line does not fit the model.
    struct Unfit: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Reads lines as lemmas of one system: slots by path, invariants by name, values as
    /// the slots' types format them.
    struct LineReader {
        let system: TransitionSystem
        let slotNamed: [String: Int]
        let invariantNamed: [String: Int]
        private var valuesOf: [Int: [String: Int64]] = [:]

        init(system: TransitionSystem) {
            self.system = system
            slotNamed = Dictionary(system.layout.slots.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
            invariantNamed = Dictionary(
                system.model.invariants.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        }

        /// The value `text` names for slot `s`: one of its domain's, as `literal` writes it,
        /// or as a plain integer (how files written before flag sets name flag values).
        mutating func value(_ text: String, of s: Int) -> Int64? {
            let slot = system.layout.slots[s]
            if valuesOf[s] == nil {
                // Domains are small (they are packed into bits); enumerate at most 2^16.
                guard slot.domain.upperBound - slot.domain.lowerBound < 1 << 16 else { return nil }
                valuesOf[s] = Dictionary(
                    (slot.domain.lowerBound...slot.domain.upperBound).map { (slot.type.literal($0), $0) },
                    uniquingKeysWith: { a, _ in a })
            }
            if let v = valuesOf[s]?[text] { return v }
            guard case .flags = slot.type, let v = Int64(text), slot.domain.contains(v) else { return nil }
            return v
        }

        /// The lemma one line says: `invariant NAME`, `!(…)` or `slot in {…}`.
        mutating func lemma(_ line: String) -> Result<MinedLemmas.Lemma, Unfit> {
            if line.hasPrefix("invariant ") {
                let name = String(line.dropFirst("invariant ".count))
                guard let j = invariantNamed[name] else { return .failure(Unfit("no invariant \(name)")) }
                return .success(.invariant(j))
            } else if line.hasPrefix("!("), line.hasSuffix(")") {
                return clause(line.dropFirst(2).dropLast())
            } else if let brace = line.range(of: " in {"), line.hasSuffix("}") {
                let path = String(line[..<brace.lowerBound])
                guard let s = slotNamed[path] else { return .failure(Unfit("no slot \(path)")) }
                var allowed: [Int64] = []
                for text in line[brace.upperBound...].dropLast().components(separatedBy: ", ") {
                    guard let v = value(text, of: s) else { return .failure(Unfit("\(path) has no value \(text)")) }
                    allowed.append(v)
                }
                return .success(.values(slot: s, allowed: allowed.sorted()))
            }
            return .failure(Unfit("expected 'invariant NAME', 'slot in {…}' or '!(…)'"))
        }

        /// The clause `!(a == v && b#3 == 1 && …)`, given what is inside the parentheses.
        mutating func clause(_ inside: Substring) -> Result<MinedLemmas.Lemma, Unfit> {
            var literals: [MinedLemmas.SlotBit] = []
            for term in inside.components(separatedBy: " && ") {
                let sides = term.components(separatedBy: " == ")
                guard sides.count == 2 else { return .failure(Unfit("expected 'slot == value' in '\(term)'")) }
                let (left, right) = (sides[0], sides[1])
                if let hash = left.lastIndex(of: "#"), let s = slotNamed[String(left[..<hash])],
                    let bit = Int(left[left.index(after: hash)...])
                {
                    guard bit >= 0, bit < system.slotBits[s].count, right == "0" || right == "1" else {
                        return .failure(Unfit("no bit \(left) == \(right)"))
                    }
                    literals.append(.init(slot: s, bit: bit, value: right == "1"))
                } else if let s = slotNamed[left] {
                    guard let v = value(right, of: s) else { return .failure(Unfit("\(left) has no value \(right)")) }
                    for bit in 0..<system.slotBits[s].count {
                        literals.append(.init(slot: s, bit: bit, value: (v >> Int64(bit)) & 1 == 1))
                    }
                } else {
                    return .failure(Unfit("no slot \(left)"))
                }
            }
            var cube: IC3.Cube = []
            for l in literals {
                let b = system.slotBits[l.slot].lowerBound + l.bit
                cube.append(Literal(variable: b, negated: !l.value))
            }
            cube.sort()
            guard Set(cube.map(\.variable)).count == cube.count else { return .failure(Unfit("a bit named twice")) }
            return .success(.clause(cube, literals: literals))
        }
    }

    struct HintError: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }
}
