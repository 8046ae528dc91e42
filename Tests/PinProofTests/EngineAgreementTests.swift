import Foundation
import PinExplicit
import PinLang
import PinProof
import PinSymbolic
import Testing

/// Small models covering the language: each engine must give the explicit engine's verdicts.
let agreementModels: [(name: String, text: String)] = [
    (
        "counter",
        """
        model counter
        var x: 0..5 = 0
        var y: bool
        action inc() requires x < 5 { x := x + 1; }
        action flip(b: bool) { y := b; }
        invariant small: x < 3
        invariant bounded: x <= 5
        invariant yx: y ==> x != 4
        """
    ),
    (
        "records",
        """
        model records
        record P { a: bool, n: 0..2 }
        var p, q: P
        action copy() { q := p; }
        action bump() requires p.n < 2 { p.n := p.n + 1; p.a := !p.a; }
        invariant behind: q.n <= p.n
        invariant equal_or_behind: q == p || q.n < p.n
        invariant never_both: !(q.a && q.n == 2)
        """
    ),
    (
        "arrays",
        """
        model arrays
        type Slot = 0..2
        var seen: [Slot] bool = false
        var last: Slot
        fn count() -> int { let a = seen[0] ? 1 : 0; let b = seen[1] ? 1 : 0; return a + b + (seen[2] ? 1 : 0); }
        proc mark(i: Slot) { seen[i] := true; last := i; }
        action touch(i: Slot) requires !seen[i] { mark(i); }
        action reset() requires forall i: Slot :: seen[i] { for i in Slot { seen[i] := false; } }
        invariant last_seen: count() == 0 || seen[last]
        invariant not_full: exists i: Slot :: !seen[i]
        """
    ),
    (
        "arithmetic",
        """
        model arithmetic
        var x: -4..4
        action set(v: -4..4) { x := v; }
        invariant division: x / 3 * 3 + x % 3 == x
        invariant truncates: x >= 0 || x / 2 <= 0
        invariant parity: ((x & 1) == 0) == (x % 2 == 0)
        invariant shift: (x << 2) == x * 4 && (x >> 1) <= x - x / 2
        invariant negative_odd: !(x < 0 && (x | 1) == x && x != -1 && x != -3)
        """
    ),
    (
        "variants",
        """
        model variants
        variant small "two steps"
        variant big extends small "four steps"
        const LIMIT = 2
        variant big const LIMIT = 4
        var x: 0..7 = 0
        action inc() requires x < LIMIT { x := x + 1; }
        invariant below_three: x < 3
        """
    ),
]

func loadModel(_ text: String, variant: String? = nil) throws -> Model {
    let loaded = try LoadedProgram.load(text: text, path: "agreement.pin")
    return try loaded.program.model(variant: variant ?? loaded.program.variantNames[0])
}

func summary(_ v: Verdict) -> String {
    switch v {
    case .holds: return "holds"
    case .violated(let t): return "violated in \(t.steps.count)"
    case .incomplete(let r): return "incomplete: \(r)"
    case .unknown(let r): return "unknown: \(r)"
    }
}

@Suite struct EngineAgreementTests {
    @Test(arguments: agreementModels.map(\.name))
    func everyEngineAgreesWithTheExplicitOne(_ name: String) throws {
        let text = try #require(agreementModels.first { $0.name == name }).text
        try expectAgreement(try LoadedProgram.load(text: text, path: "\(name).pin").program, name)
    }

    /// The same for each bundled example model (`models/examples/`; the kernel model, whose
    /// space is far larger, is `BundledModelSymbolicTests`').
    @Test func everyEngineAgreesOnTheBundledExamples() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent("models/examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pin") }
        #expect(!files.isEmpty)
        for file in files.sorted() {
            try expectAgreement(try LoadedProgram.load(path: folder.appendingPathComponent(file).path).program, file)
        }
    }

    /// Every variant of `program`: BMC to the reachable diameter, k-induction and each PDR
    /// prover give the explicit engine's verdicts and trace lengths.
    func expectAgreement(_ program: Program, _ name: String) throws {
        for variant in program.variantNames {
            let model = try program.model(variant: variant)
            let explicit = Explorer(model: model).run()
            #expect(explicit.fault == nil)
            let diameter = explicit.statistics.maxDepth
            let expected = explicit.verdicts.map { summary($0.verdict) }

            // BMC to the reachable diameter: violations with the same (shortest) length, and no
            // violation of the invariants that hold.
            let bmc = try BoundedModelChecker(model: model).run(depth: diameter)
            for (e, b) in zip(expected, bmc.verdicts.map { summary($0.verdict) }) {
                if e == "holds" {
                    #expect(b.hasPrefix("incomplete: bounded"), "\(name)/\(variant): \(b)")
                } else {
                    #expect(b == e)
                }
            }
            // k-induction with simple paths is complete once k reaches the longest loop-free
            // path, which is below the number of states of the whole (not just reachable) space.
            let space = StateLayout(model).slots.reduce(1) { $0 * Int($1.domain.count) }
            let kind = try KInduction(model: model).run(maxK: min(space, 40))
            #expect(kind.verdicts.map { summary($0.verdict) } == expected, "\(name)/\(variant) k-induction")
            // Each PDR prover alone, and both racing.
            for prover in PropertyDirectedReachability.ProverName.allCases {
                let engine = try PropertyDirectedReachability(model: model)
                engine.prover = prover
                let pdr = try engine.run()
                #expect(pdr.result.verdicts.map { summary($0.verdict) } == expected, "\(name)/\(variant) pdr \(prover)")
                #expect(pdr.certificates.count == expected.filter { $0 == "holds" }.count)
            }
        }
    }

    @Test func faultsAreFoundAtTheSameDepthByEveryEngine() throws {
        let model = try loadModel(
            """
            model overflow
            var x: 0..3 = 0
            action inc() { x := x + 1; }
            invariant fine: true
            """)
        let explicit = Explorer(model: model).run()
        let fault = try #require(explicit.fault)
        #expect(fault.trace.steps.count == 3)
        let bmc = try BoundedModelChecker(model: model).run(depth: 10)
        #expect(bmc.fault?.trace.steps.count == 3)
        #expect(bmc.fault?.action == "inc()")
        let kind = try KInduction(model: model).run(maxK: 5)
        #expect(kind.fault?.trace.steps.count == 3)
    }

    @Test func certificatesRecheckAndATamperedOneFails() throws {
        let model = try loadModel(agreementModels[0].text)
        let engine = try PropertyDirectedReachability(model: model)
        engine.prover = .spacer  // its certificate has no invariant.txt
        let pdr = try engine.run(invariants: ["bounded"])
        let certificate = try #require(pdr.certificates.first)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-cert-\(UUID().uuidString)")
        let files = try certificate.write(to: folder, binding: .forTests)
        #expect(
            files.map(\.lastPathComponent) == [
                "init.smt2", "step-1-of-3-inc.smt2", "step-2-of-3-flip-false.smt2", "step-3-of-3-flip-true.smt2",
                "nofault.smt2", "safe.smt2",
            ])
        for r in try CertificateChecker.check(files: files) {
            #expect(r.result == .unsat, "\(r.file.lastPathComponent)")
        }
        // Weakening the safety obligation's assertion to "true or ..." must make it satisfiable.
        let safe = folder.appendingPathComponent("safe.smt2")
        let text = try String(contentsOf: safe, encoding: .utf8)
        #expect(text.contains("(assert\n"))
        let tampered = text.replacingOccurrences(of: "(assert\n", with: "(assert (or true\n")
            .replacingOccurrences(of: "(check-sat)", with: ")\n(check-sat)")
        try tampered.write(to: safe, atomically: true, encoding: .utf8)
        #expect(try CertificateChecker.check(files: [safe]).first?.result == .sat)
    }

    /// The step obligation comes in one part per action instance, so a folder that lacks a
    /// part, or mixes parts of two certificates, is refused rather than re-checked with the
    /// rest; writing a certificate again removes an earlier one's parts.
    @Test func aCertificateFolderMustHoldEveryStepPart() throws {
        let model = try loadModel(agreementModels[0].text)
        let engine = try PropertyDirectedReachability(model: model)
        engine.prover = .ic3
        let certificate = try #require(try engine.run(invariants: ["bounded"]).certificates.first)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-parts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for stale in ["step.smt2", "step-1-of-5-old.smt2"] {
            try "(check-sat)\n".write(to: folder.appendingPathComponent(stale), atomically: true, encoding: .utf8)
        }
        try certificate.write(to: folder, binding: .forTests)
        let files = try CertificateFolder.obligationFiles(in: folder).map(\.lastPathComponent)
        #expect(
            files == [
                "init.smt2", "nofault.smt2", "safe.smt2", "step-1-of-3-inc.smt2", "step-2-of-3-flip-false.smt2",
                "step-3-of-3-flip-true.smt2",
            ])
        let part = folder.appendingPathComponent("step-2-of-3-flip-false.smt2")
        let text = try String(contentsOf: part, encoding: .utf8)
        #expect(text.contains("; step obligation 2 of 3: Inv ∧ flip(b=false) ∧ ¬Inv′"))
        try FileManager.default.removeItem(at: part)
        let missing = #expect(throws: CertificateFolder.Incomplete.self) { try CertificateFolder.obligationFiles(in: folder) }
        #expect(missing?.description.hasSuffix("is not a complete certificate: it lacks step part 2 of 3") == true)
        try text.write(to: folder.appendingPathComponent("step-2-of-4-flip-false.smt2"), atomically: true, encoding: .utf8)
        let mixed = #expect(throws: CertificateFolder.Incomplete.self) { try CertificateFolder.obligationFiles(in: folder) }
        #expect(mixed?.description.hasSuffix("step parts of two certificates (of 3 and 4 parts) are mixed") == true)
    }
}

@Suite struct ExplicitTraceReplayTests {
    /// The `mined` and `reachable` provers report the explicit search's violation trace only
    /// once the circuit takes it step for step to a state that breaks the invariant.
    @Test func theCircuitReplaysTheExplicitTraceAndRefusesAChangedOne() throws {
        let model = try loadModel(agreementModels[0].text)
        let system = try TransitionSystem(model: model)
        let j = try #require(model.invariants.firstIndex { $0.name == "small" })
        let property = system.safety(j)
        let verdict = try #require(Explorer(model: model).run().verdicts.first { $0.invariant == "small" }).verdict
        guard case .violated(let trace) = verdict else {
            Issue.record("small must be violated, got \(summary(verdict))")
            return
        }
        #expect(trace.steps.map(\.call) == ["inc()", "inc()", "inc()"])
        #expect(system.replay(trace, breaking: property) == nil)

        var shorter = trace
        shorter.steps.removeLast()
        #expect(system.replay(shorter, breaking: property) == "the last state keeps the property")
        var wrong = trace
        wrong.steps[1].state[0] = 1
        #expect(system.replay(wrong, breaking: property) == "step 2: inc() leads to another state")
        var unknown = trace
        unknown.steps[0].action = "dec"
        #expect(system.replay(unknown, breaking: property) == "step 1: no action instance dec()")
        var elsewhere = trace
        elsewhere.initial[0] = 1
        #expect(system.replay(elsewhere, breaking: property) == "the trace does not start in the initial state")

        for prover in [PropertyDirectedReachability.ProverName.mined, .reachable] {
            let engine = try PropertyDirectedReachability(model: model)
            engine.prover = prover
            let pdr = try engine.run(invariants: ["small"])
            guard case .violated(let found) = pdr.result.verdicts[0].verdict else {
                Issue.record("\(prover): \(summary(pdr.result.verdicts[0].verdict))")
                continue
            }
            #expect(found.steps.map(\.call) == trace.steps.map(\.call), "\(prover)")
            #expect(found.steps.map(\.state) == trace.steps.map(\.state), "\(prover): the explicit search's trace")
            #expect(pdr.result.queries.allSatisfy { !$0.what.contains("at depth") }, "\(prover): no BMC query")
        }
    }
}

@Suite struct SymbolicTimeoutTests {
    /// A timeout must give `unknown`, never `holds` and never a crash: 1 ms is far too
    /// little for either prover to prove anything about the bundled model.
    @Test(arguments: PropertyDirectedReachability.ProverName.allCases)
    func pdrTimeoutIsUnknown(_ prover: PropertyDirectedReachability.ProverName) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/gup_cow.pin").path
        let model = try LoadedProgram.load(path: path).program.model(variant: "v6_2")
        let engine = try PropertyDirectedReachability(model: model, timeout: .milliseconds(1))
        engine.prover = prover
        let result = try engine.run(invariants: ["pinned_page_stays_mapped"])
        guard case .unknown(let reason) = result.result.verdicts[0].verdict else {
            Issue.record("expected unknown, got \(summary(result.result.verdicts[0].verdict))")
            return
        }
        #expect(reason.contains("timeout"))
        #expect(result.certificates.isEmpty)
    }
}

/// k-induction's joint mode (mutual induction) and its counterexamples to induction.
@Suite struct KInductionTests {
    /// Three flags that rotate: each "flag is clear" is 2-inductive alone, but 0-inductive
    /// together with the other two.
    static let rotation = """
        model rotation
        var a: bool
        var b: bool
        var c: bool
        action rotate() { let na = b; b := c; c := a; a := na; }
        invariant A: !a
        invariant B: !b
        invariant C: !c
        """

    @Test func jointlyProvesWhatNoInvariantProvesAlone() throws {
        let model = try loadModel(Self.rotation)
        let alone = try KInduction(model: model).run(maxK: 0)
        #expect(alone.verdicts.map { summary($0.verdict) }.allSatisfy { $0.hasPrefix("unknown: no violation within 0 steps") })
        let together = try KInduction(model: model).run(maxK: 0, jointly: true)
        #expect(together.verdicts.map { summary($0.verdict) } == ["holds", "holds", "holds"])
        #expect(together.provenAt == ["A": 0, "B": 0, "C": 0])
        let deeper = try KInduction(model: model).run(maxK: 3)
        #expect(deeper.provenAt == ["A": 2, "B": 2, "C": 2])
    }

    /// The counterexample to 0-induction for A: a state with a clear but b set, whose
    /// rotation sets a. It keeps A first and breaks it last, and is a real step.
    @Test func anUnprovedInvariantComesWithItsCounterexampleToInduction() throws {
        let model = try loadModel(Self.rotation)
        let result = try KInduction(model: model).run(invariants: ["A"], maxK: 0)
        let counterexample = try #require(result.counterexamplesToInduction["A"])
        #expect(counterexample.broken == ["A"])
        #expect(!counterexample.faults)
        let cti = counterexample.trace
        #expect(cti.steps.count == 1)
        #expect(cti.steps[0].call == "rotate()")
        #expect(cti.initial[0] == 0 && cti.initial[1] == 1, "a clear, b set: \(cti.initial)")
        #expect(cti.steps[0].state[0] == 1, "the rotation sets a")
        #expect(result.counterexamplesToInduction.count == 1)
        #expect(try KInduction(model: model).run(maxK: 0, jointly: true).counterexamplesToInduction.isEmpty)
    }

    /// IC3 proves A although it is not inductive alone: its invariant must also speak of b
    /// and c (A's predecessors in the rotation), and the certificate re-checks.
    @Test func ic3StrengthensAnInvariantThatIsNotInductive() throws {
        let model = try loadModel(Self.rotation)
        let engine = try PropertyDirectedReachability(model: model)
        engine.prover = .ic3
        let result = try engine.run(invariants: ["A"])
        #expect(result.result.verdicts.map { summary($0.verdict) } == ["holds"])
        let certificate = try #require(result.certificates.first)
        for bit in ["s.a", "s.b", "s.c"] {
            #expect(certificate.inductiveInvariant.contains(bit), "\(bit) in \(certificate.inductiveInvariant)")
        }
        #expect(try CertificateChecker.check(certificate).isEmpty)
        #expect(result.result.queries.first?.what.hasPrefix("ic3 (") == true)
        // The clauses as the modelling language says them: each excludes flags that are set.
        let readable = try #require(certificate.readable)
        #expect(!readable.isEmpty)
        for line in readable {
            let literals = line.dropFirst(2).dropLast().components(separatedBy: " && ")
            #expect(line.hasPrefix("!(") && line.hasSuffix(")"), "\(line)")
            #expect(
                literals.allSatisfy { ["a", "b", "c"].contains($0.prefix(1)) && $0.dropFirst(1).hasPrefix(" == ") }, "\(line)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-ic3-\(UUID().uuidString)")
        let files = try certificate.write(to: folder, binding: .forTests)
        #expect(
            files.map(\.lastPathComponent) == [
                "init.smt2", "step-1-of-1-rotate.smt2", "nofault.smt2", "safe.smt2", "invariant.txt",
            ])
        let text = try String(contentsOf: folder.appendingPathComponent("invariant.txt"), encoding: .utf8)
        #expect(readable.allSatisfy { text.contains($0) })
    }
}

extension CertificateBinding {
    /// A binding to no real model file, for tests that write a certificate and read its files.
    static let forTests = CertificateBinding(modelPath: "/nonexistent/model.pin", sourceHash: "-", variantHash: "-")
}
