import Foundation
import PinLang
import PinProof
import PinSymbolic
import Testing

/// An earlier proof's inductive invariant (its certificate's `invariant.txt`), tried first:
/// it proves the invariant again when its obligations are still unsat, and is set aside
/// otherwise, never deciding a verdict by itself.
@Suite struct LemmaHintTests {
    /// Parity of a, b, c stays even (IC3 clauses over single bits), `mode` an enum and
    /// `level` a range below zero: every kind of line `invariant.txt` has.
    static let model = """
        model hinted
        enum Mode { IDLE, BUSY, DONE }
        var a: bool
        var b: bool
        var c: bool
        var d: bool
        var mode: Mode
        var level: -2..1 = -1
        action flip_ab() { a := !a; b := !b; }
        action flip_bc() { b := !b; c := !c; }
        action mark() requires (a != b) != c { d := true; }
        action work() requires mode == IDLE { mode := BUSY; level := 0; }
        action finish() requires mode == BUSY { mode := DONE; }
        invariant unmarked: !d
        invariant settled: mode == IDLE || level == 0
        """

    /// The PDR engine's run with `hints`, by the mined prover.
    func run(_ text: String, hints: [String: String] = [:], invariants: [String]? = nil) throws -> (
        result: SymbolicResult, certificates: [Certificate]
    ) {
        let engine = try PropertyDirectedReachability(model: loadModel(text))
        engine.prover = .mined
        engine.hints = hints.mapValues { HintProver.Hint(text: $0) }
        return try engine.run(invariants: invariants)
    }

    /// The `invariant.txt` that `certificate` writes.
    func invariantFile(of certificate: Certificate) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-hints-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try certificate.write(to: folder, binding: .forTests)
        return try String(contentsOf: folder.appendingPathComponent("invariant.txt"), encoding: .utf8)
    }

    @Test func anEarlierProofsInvariantProvesItAgain() throws {
        let first = try run(Self.model)
        #expect(first.result.verdicts.map { summary($0.verdict) } == ["holds", "holds"])
        var hints: [String: String] = [:]
        for certificate in first.certificates { hints[certificate.invariant] = try invariantFile(of: certificate) }
        let again = try run(Self.model, hints: hints)
        #expect(again.result.verdicts.map { summary($0.verdict) } == ["holds", "holds"])
        let asked = again.result.queries.map(\.what)
        #expect(!asked.contains { $0.hasPrefix("mined (") }, "\(asked)")
        for (old, new) in zip(first.certificates, again.certificates) {
            let (lemmas, kept) = (try #require(old.readable).count, try #require(new.readable).count)
            let count = kept < lemmas ? "\(kept) of its \(lemmas)" : "\(lemmas)"
            #expect(
                again.result.queries.contains {
                    $0.what == "hints (an earlier proof's invariant: \(count) lemmas) \(old.invariant)" && $0.answer == "unsat"
                }, "\(again.result.queries)")
            // Each line reads back as the lemma it says: the new certificate says the same,
            // less the lines the others imply.
            #expect(Set(try #require(new.readable)).isSubset(of: try #require(old.readable)))
            #expect(try CertificateChecker.check(new).isEmpty)
        }
        #expect(try #require(first.certificates.first?.readable).contains { $0.contains("!(a == ") })
    }

    /// A hint's lemmas that the others imply are left out of the invariant it makes (the
    /// conjunction is the same): here `settled` implies the pair line, so the proof keeps
    /// one lemma of two, whichever order the lines come in.
    @Test func linesTheOthersImplyAreLeftOut() throws {
        let hint = "invariant settled\n!(mode == DONE && level == -1)\n"
        let r = try run(Self.model, hints: ["settled": hint], invariants: ["settled"])
        #expect(r.result.verdicts.map { summary($0.verdict) } == ["holds"])
        #expect(
            r.result.queries.contains {
                $0.what == "hints (an earlier proof's invariant: 1 of its 2 lemmas) settled" && $0.answer == "unsat"
            }, "\(r.result.queries)")
        #expect(r.certificates.first?.readable == ["invariant settled"])
        let weaker = try run(Self.model, hints: ["settled": "!(mode == DONE && level == -1)\ninvariant settled\n"])
        #expect(weaker.certificates.first { $0.invariant == "settled" }?.readable?.count == 1)
    }

    /// Hints that name what the model lacks, or say what its initial state breaks, are set
    /// aside with the reason, and the prover proves the invariant as without them.
    @Test func hintsThatNoLongerFitAreSetAside() throws {
        for (hint, reason) in [
            ("x in {1}", "it does not fit the model (line 1: no slot x)"),
            ("invariant nope", "it does not fit the model (line 1: no invariant nope)"),
            ("mode in {IDLE, WAITING}", "it does not fit the model (line 1: mode has no value WAITING)"),
            ("# a comment\n!(level == 0 && a)", "it does not fit the model (line 2: expected 'slot == value' in 'a')"),
            ("level == 3", "it does not fit the model (line 1: expected 'invariant NAME', 'slot in {…}' or '!(…)')"),
            ("level in {0}", "not all its obligations are unsat (init.smt2: sat)"),
        ] {
            let r = try run(Self.model, hints: ["settled": hint], invariants: ["settled"])
            #expect(r.result.verdicts.map { summary($0.verdict) } == ["holds"], "\(hint)")
            let queries = r.result.queries
            #expect(
                queries.contains {
                    $0.what == "hints (an earlier proof's invariant: \(reason)) settled" && $0.answer == "set aside"
                },
                "\(queries)")
            #expect(queries.contains { $0.what.hasPrefix("mined (") }, "\(hint)")
        }
    }

    /// A hint for a violated invariant cannot make it hold: its step obligation is sat, and
    /// the violation is found with its shortest trace.
    @Test func hintsNeverMakeAViolatedInvariantHold() throws {
        let counter = agreementModels[0].text
        for hint in ["invariant small", "x in {0, 1, 2}\ninvariant small", ""] {
            let r = try run(counter, hints: ["small": hint], invariants: ["small"])
            guard case .violated(let trace) = r.result.verdicts[0].verdict else {
                Issue.record("\(hint): expected a violation, got \(summary(r.result.verdicts[0].verdict))")
                continue
            }
            #expect(trace.steps.count == 3)
            #expect(r.result.queries.contains { $0.what.hasPrefix("hints (") && $0.answer == "set aside" })
            #expect(r.certificates.isEmpty)
        }
    }
}
