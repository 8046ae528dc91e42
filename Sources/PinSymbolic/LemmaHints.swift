import Foundation
import PinLang
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
        let slots = system.layout.slots
        let slotNamed = Dictionary(slots.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
        let invariantNamed = Dictionary(
            system.model.invariants.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var valuesOf: [Int: [String: Int64]] = [:]
        /// The value `text` names for slot `s`: one of its domain's, as `format` writes it.
        func value(_ text: String, of s: Int) -> Int64? {
            if valuesOf[s] == nil {
                let domain = slots[s].domain
                // Domains are small (they are packed into bits); enumerate at most 2^16.
                guard domain.upperBound - domain.lowerBound < 1 << 16 else { return nil }
                valuesOf[s] = Dictionary(
                    (domain.lowerBound...domain.upperBound).map { (slots[s].type.format($0), $0) },
                    uniquingKeysWith: { a, _ in a })
            }
            return valuesOf[s]?[text]
        }
        var lemmas: [MinedLemmas.Lemma] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func unfit(_ why: String) -> Result<[MinedLemmas.Lemma], HintError> {
                .failure(HintError(line: n + 1, text: line, reason: why))
            }
            if line.hasPrefix("invariant ") {
                let name = String(line.dropFirst("invariant ".count))
                guard let j = invariantNamed[name] else { return unfit("no invariant \(name)") }
                lemmas.append(.invariant(j))
            } else if line.hasPrefix("!("), line.hasSuffix(")") {
                var literals: [MinedLemmas.SlotBit] = []
                for term in line.dropFirst(2).dropLast().components(separatedBy: " && ") {
                    let sides = term.components(separatedBy: " == ")
                    guard sides.count == 2 else { return unfit("expected 'slot == value' in '\(term)'") }
                    let (left, right) = (sides[0], sides[1])
                    if let hash = left.lastIndex(of: "#"), let s = slotNamed[String(left[..<hash])],
                        let bit = Int(left[left.index(after: hash)...])
                    {
                        guard bit >= 0, bit < system.slotBits[s].count, right == "0" || right == "1" else {
                            return unfit("no bit \(left) == \(right)")
                        }
                        literals.append(.init(slot: s, bit: bit, value: right == "1"))
                    } else if let s = slotNamed[left] {
                        guard let v = value(right, of: s) else { return unfit("\(left) has no value \(right)") }
                        for bit in 0..<system.slotBits[s].count {
                            literals.append(.init(slot: s, bit: bit, value: (v >> Int64(bit)) & 1 == 1))
                        }
                    } else {
                        return unfit("no slot \(left)")
                    }
                }
                var cube: IC3.Cube = []
                for l in literals {
                    let b = system.slotBits[l.slot].lowerBound + l.bit
                    cube.append(2 * b + (l.value ? 0 : 1))
                }
                cube.sort()
                guard Set(cube.map { $0 >> 1 }).count == cube.count else { return unfit("a bit named twice") }
                lemmas.append(.clause(cube, literals: literals))
            } else if let brace = line.range(of: " in {"), line.hasSuffix("}") {
                let path = String(line[..<brace.lowerBound])
                guard let s = slotNamed[path] else { return unfit("no slot \(path)") }
                var allowed: [Int64] = []
                for text in line[brace.upperBound...].dropLast().components(separatedBy: ", ") {
                    guard let v = value(text, of: s) else { return unfit("\(path) has no value \(text)") }
                    allowed.append(v)
                }
                lemmas.append(.values(slot: s, allowed: allowed.sorted()))
            } else {
                return unfit("expected 'invariant NAME', 'slot in {…}' or '!(…)'")
            }
        }
        return .success(lemmas)
    }

    struct HintError: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }
}

/// A hint's inductive invariant, made once per run for every invariant it is tried for:
/// the lemmas, their Z3 context and the obligations that every invariant it proves shares
/// (init, the step parts, `nofault.smt2`), or why it cannot prove any.
final class HintProof {
    /// The lemmas of the hint that the others do not imply: the invariant.
    let lemmas: [MinedLemmas.Lemma]
    /// How many of the hint's lemmas the others imply (left out: the conjunction is the same).
    let implied: Int
    /// The lemmas as `invariant.txt` writes them, one a line.
    let readable: [String]
    let frame: CertificateFrame
    let invariant: Z3Term
    let shared: [(name: String, script: String)]
    /// Set once a shared obligation was found not unsat: then the hint proves nothing.
    var failure: String?

    init(lemmas: [MinedLemmas.Lemma], in system: TransitionSystem, timeout: UInt32?) throws {
        let context = try Z3Context(timeoutMilliseconds: timeout)
        let frame = try CertificateFrame(system: system, context: context)
        let all = try lemmas.map { try MinedLemmas.formula($0, over: frame.s, frame.now, in: system, context) }
        let kept = try Self.independent(all, within: frame.domain, context)
        self.lemmas = kept.map { lemmas[$0] }
        readable = self.lemmas.map { MinedLemmas.describe($0, in: system) }
        self.implied = lemmas.count - kept.count
        let formulas = kept.map { all[$0] }
        let invariant = try context.and(formulas)
        (self.frame, self.invariant) = (frame, invariant)
        shared = try frame.sharedObligations(invariant)
    }

    /// The indices of `formulas` left once each that the others still kept imply (within
    /// the slots' domains) is dropped, the last first: their conjunction is the same, so it
    /// is inductive and proves exactly what the whole did, and its obligations are smaller
    /// (mined lemmas are many, and most follow from a few). One solver asks each question under assumptions; a lemma is dropped
    /// only on unsat, so an unknown keeps it. Whatever is dropped, the certificate's
    /// obligations decide the proof.
    static func independent(_ formulas: [Z3Term], within domain: Z3Term, _ context: Z3Context) throws -> [Int] {
        let solver = try Z3Solver(context: context)
        try solver.assert(domain)
        var holds: [Z3Term] = []
        var fails: [Z3Term] = []
        for (i, formula) in formulas.enumerated() {
            let (h, f) = (try context.boolConst("lemma.\(i).holds"), try context.boolConst("lemma.\(i).fails"))
            try solver.assert(h.implies(formula))
            try solver.assert(f.implies(formula.not()))
            holds.append(h)
            fails.append(f)
        }
        var kept = Array(repeating: true, count: formulas.count)
        for i in formulas.indices.reversed() {
            let others = formulas.indices.filter { $0 != i && kept[$0] }.map { holds[$0] }
            if try solver.check(assuming: others + [fails[i]]) == .unsat { kept[i] = false }
        }
        return formulas.indices.filter { kept[$0] }
    }
}

extension PropertyDirectedReachability {
    /// The certificate for invariant `j` whose inductive invariant is the lemmas of `text`
    /// (an earlier proof's `invariant.txt`), when each of its obligations is unsat (checked
    /// here, and added to `unsat`); else nil with the reason. The obligations that do not
    /// depend on `j` are made and checked once per text in a run: for a second invariant
    /// only its `safe.smt2` is new.
    func proveByHints(_ j: Int, _ text: String, unsat known: inout Set<String>) throws -> (Certificate?, String) {
        let proof: HintProof
        if let made = hintProofs[text] {
            proof = made
        } else {
            switch LemmaHints.parse(text, for: system) {
            case .failure(let error): return (nil, "it does not fit the model (\(error))")
            case .success(let lemmas): proof = try HintProof(lemmas: lemmas, in: system, timeout: timeout)
            }
            hintProofs[text] = proof
        }
        if let failure = proof.failure { return (nil, failure) }
        var certificate = try proof.frame.certificate(
            invariant: proof.invariant, shared: proof.shared, invariant: j,
            summary: "\(proof.lemmas.count) lemmas of an earlier proof")
        certificate.readable = proof.readable
        let failed = try CertificateChecker.check(certificate, timeoutMilliseconds: timeout, unsat: &known)
        guard failed.isEmpty else {
            let why = "not all its obligations are unsat (\(failed.map { "\($0.name): \($0.result)" }.joined(separator: ", ")))"
            let sharedNames = Set(proof.shared.map(\.name))
            if failed.contains(where: { sharedNames.contains($0.name) }) { proof.failure = why }
            return (nil, why)
        }
        let kept = proof.lemmas.count
        return (certificate, proof.implied > 0 ? "\(kept) of its \(kept + proof.implied) lemmas" : "\(kept) lemmas")
    }
}

extension PropertyDirectedReachability {
    /// The committed inductive invariant of a model's variant under `folder` (the project's
    /// is `proofs/invariants`): `MODEL/VARIANT.txt`, whose lemmas prove every invariant of
    /// the variant that holds.
    public static func committedInvariant(in folder: URL, model: String, variant: String) -> URL {
        folder.appendingPathComponent(model).appendingPathComponent("\(variant).txt")
    }

    /// Gives each invariant named (every one when nil) the hint `check` and `prove` try
    /// first: the `invariant.txt` of its earlier certificate in `certificates` (the folder a
    /// run writes, `MODEL/VARIANT/INVARIANT/`), else the variant's committed invariant under
    /// `committed`. An invariant with neither file readable gets none, and its provers run
    /// as usual. Returns the number of invariants given a hint.
    @discardableResult
    public func loadHints(certificates: URL?, committed: URL?, invariants names: [String]? = nil) -> Int {
        let shared = committed.map { Self.committedInvariant(in: $0, model: model.name, variant: model.variant) }
        let sharedText = shared.flatMap { try? String(contentsOf: $0, encoding: .utf8) }
        var given = 0
        for invariant in model.invariants where names?.contains(invariant.name) ?? true {
            let own = certificates?.appendingPathComponent(model.name).appendingPathComponent(model.variant)
                .appendingPathComponent(invariant.name).appendingPathComponent("invariant.txt")
            if let own, let text = try? String(contentsOf: own, encoding: .utf8) {
                (hints[invariant.name], hintSources[invariant.name]) = (text, own.path)
            } else if let shared, let sharedText {
                (hints[invariant.name], hintSources[invariant.name]) = (sharedText, shared.path)
            } else {
                continue
            }
            given += 1
        }
        return given
    }
}
