import Foundation
import PinLang
import PinProof
import PinSymbolic
import Testing

/// The `mined` prover: lemmas from the reachable states, the inductive ones among them, and
/// IC3 on top.
@Suite struct MinedLemmaTests {
    /// The mined prover's proof of the model's one invariant: its certificate, which must
    /// re-check, and its lines in the modelling language.
    func provedByMinedLemmas(_ model: Model) throws -> (Certificate, [String]) {
        let engine = try PropertyDirectedReachability(model: model)
        engine.prover = .mined
        let result = try engine.run()
        #expect(result.result.verdicts.map { summary($0.verdict) } == ["holds"])
        let certificate = try #require(result.certificates.first)
        #expect(try CertificateChecker.check(certificate).isEmpty)
        return (certificate, try #require(certificate.readable))
    }

    /// A token passed round three flags: the reachable states never set two flags at once,
    /// and those three pair lemmas, with the model's invariant, are inductive, so they are
    /// all kept and the certificate says them.
    @Test func inductiveLemmasAreKeptInTheCertificate() throws {
        let model = try loadModel(
            """
            model token
            var a: bool = true
            var b: bool
            var c: bool
            action pass() { let na = c; c := b; b := a; a := na; }
            invariant someone: a || b || c
            """)
        let (certificate, readable) = try provedByMinedLemmas(model)
        for lemma in [
            "!(a == true && b == true)", "!(a == true && c == true)", "!(b == true && c == true)", "invariant someone",
        ] {
            #expect(readable.contains(lemma), "\(lemma) in \(readable)")
        }
        #expect(certificate.inductiveInvariant.hasPrefix("4 lemmas mined from the 3 reachable states"))
    }

    /// Flips keep the parity of a, b, c even, and `mark` (odd parity only) never runs. No
    /// pair of a, b, c is excluded, so the lemmas cannot say so; "d stays false" is true of
    /// every reachable state but not inductive (an odd state marks), so it is dropped, and
    /// IC3 must find the parity clauses itself.
    @Test func trueButNotInductiveLemmasAreDropped() throws {
        let model = try loadModel(
            """
            model parity
            var a: bool
            var b: bool
            var c: bool
            var d: bool
            action flip_ab() { a := !a; b := !b; }
            action flip_bc() { b := !b; c := !c; }
            action mark() requires (a != b) != c { d := true; }
            invariant unmarked: !d
            """)
        let (certificate, readable) = try provedByMinedLemmas(model)
        #expect(!readable.contains("d in {false}"))
        #expect(!readable.contains("invariant unmarked"))
        // IC3's clauses exclude the odd-parity states of a, b, c (with d clear).
        #expect(readable.count >= 4, "\(readable)")
        #expect(certificate.inductiveInvariant.hasPrefix("0 lemmas mined from the 4 reachable states"))
    }

    /// Invariants the inductive lemmas imply need no IC3, and their certificates share the
    /// lemmas' init, step and nofault obligations (which the run re-checks once); only
    /// `safe.smt2` differs. An invariant that needs IC3 gets its own.
    @Test func invariantsTheLemmasImplyShareTheirObligations() throws {
        let model = try loadModel(
            """
            model parity_and_flags
            var a: bool
            var b: bool
            var c: bool
            var d: bool
            var e: bool
            action flip_ab() { a := !a; b := !b; }
            action flip_bc() { b := !b; c := !c; }
            action mark() requires (a != b) != c { d := true; }
            invariant unmarked: !d
            invariant no_e: !e
            invariant no_e_or_d: !e || !d
            """)
        let engine = try PropertyDirectedReachability(model: model)
        engine.prover = .mined
        let result = try engine.run()
        #expect(result.result.verdicts.map { summary($0.verdict) } == ["holds", "holds", "holds"])
        let by = result.result.queries.map(\.what)
        #expect(by.contains { $0.hasPrefix("mined (") && $0.contains("then ic3") && $0.hasSuffix(" unmarked") }, "\(by)")
        for name in ["no_e", "no_e_or_d"] {
            #expect(by.contains { $0.hasPrefix("mined (") && $0.hasSuffix("which imply it) \(name)") }, "\(by)")
        }
        #expect(result.certificates.count == 3)
        let (ic3, first, second) = (result.certificates[0], result.certificates[1], result.certificates[2])
        func scripts(_ c: Certificate, _ keep: (String) -> Bool) -> [String] {
            c.obligations.filter { keep($0.name) }.map(\.script)
        }
        let shared: (String) -> Bool = { $0 != "safe.smt2" }
        #expect(scripts(first, shared) == scripts(second, shared))
        #expect(scripts(first, { $0 == "safe.smt2" }) != scripts(second, { $0 == "safe.smt2" }))
        #expect(scripts(ic3, shared) != scripts(first, shared), "IC3's clauses are part of its invariant")
        for certificate in result.certificates {
            #expect(try CertificateChecker.check(certificate).isEmpty, "\(certificate.invariant)")
        }
    }

    /// A violation found by the explicit search is reported with its (shortest) trace.
    @Test func aViolationGetsAShortestTrace() throws {
        let model = try loadModel(agreementModels[0].text)
        let engine = try PropertyDirectedReachability(model: model)
        engine.prover = .mined
        let result = try engine.run(invariants: ["small"])
        guard case .violated(let trace) = result.result.verdicts[0].verdict else {
            Issue.record("expected a violation, got \(summary(result.result.verdicts[0].verdict))")
            return
        }
        #expect(trace.steps.map(\.action) == ["inc", "inc", "inc"])
        #expect(result.certificates.isEmpty)
    }
}
