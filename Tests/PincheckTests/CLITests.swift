import Foundation
import Testing

/// End-to-end tests of the built `pincheck` executable on small models.
@Suite struct CLITests {
    static let counter = """
        model counter
        var x: 0..5 = 0
        action inc() requires x < 5 { x := x + 1; }
        invariant small: x < 3
        invariant bounded: x <= 5
        """

    @Test func violatedInvariantExitsOneWithATrace() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let r = try CLIRunner.run(["check", path, "--invariant", "small"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("invariant small: VIOLATED after 3 steps"))
        // Each step names the action, then the variables it changed.
        #expect(r.stdout.contains("1. inc()"))
        #expect(r.stdout.contains("x: 2 -> 3"))
        #expect(!r.stdout.contains("bounded"))
    }

    @Test func holdingInvariantExitsZeroWithCounts() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let r = try CLIRunner.run(["check", path, "--invariant", "bounded"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("invariant bounded: holds"))
        #expect(r.stdout.contains("states: 6"))
        #expect(r.stdout.contains("transitions: 5"))
        #expect(r.stdout.contains("depth: 5"))
    }

    @Test func searchLimitExitsThreeAndNeverSaysHolds() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let r = try CLIRunner.run(["check", path, "--invariant", "bounded", "--max-states", "2"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("incomplete"))
        #expect(!r.stdout.contains("holds"))
    }

    @Test func syntaxErrorExitsTwoNamingFileLineAndColumn() throws {
        let path = try CLIRunner.temporaryModel("model bad\nvar x: bool\naction a() { x := ; }\n")
        let r = try CLIRunner.run(["check", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):3:19: error: expected expression"))
        #expect(r.stdout.isEmpty)
    }

    @Test func typeErrorsAreAllReported() throws {
        let path = try CLIRunner.temporaryModel(
            """
            model bad
            var x: bool
            var n: 0..3
            action a() { x := 1; n := true; }
            """)
        let r = try CLIRunner.run(["check", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):4:19: error: cannot assign a value of type int to a target of type bool"))
        #expect(r.stderr.contains("\(path):4:27: error: cannot assign a value of type bool to a target of type 0..3"))
        #expect(r.stderr.contains("2 errors"))
    }

    @Test func modelFaultExitsTwoWithTheTraceThatReachesIt() throws {
        let path = try CLIRunner.temporaryModel("model f\nvar x: 0..1\naction inc() { x := x + 1; }\n")
        let r = try CLIRunner.run(["check", path])
        #expect(r.status == 2)
        #expect(r.stdout.contains("model error: \(path):3:21: value 2 is outside the range 0..1 (in inc())"))
    }

    @Test func unknownVariantAndInvariantAreUsageErrors() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let v = try CLIRunner.run(["check", path, "--variant", "v9"])
        #expect(v.status == 2)
        #expect(v.stderr.contains("unknown variant 'v9'"))
        let i = try CLIRunner.run(["check", path, "--invariant", "nope"])
        #expect(i.status == 2)
        #expect(i.stderr.contains("unknown invariant 'nope'"))
    }

    @Test func missingFileAndBadFlagsExitTwo() throws {
        let missing = try CLIRunner.run(["check", "/nonexistent/model.pin"])
        #expect(missing.status == 2)
        // The file as a whole: no invented line and column.
        #expect(
            missing.stderr.hasPrefix(
                "/nonexistent/model.pin: error: no such model file '/nonexistent/model.pin' (no folder /nonexistent)\n"))
        // The folder searched, and the model file in it with the closest name.
        let typo = try CLIRunner.run(["list", "models/gup_cw.pin"])
        let folder = CLIRunner.packageRoot.appendingPathComponent("models").standardizedFileURL.path
        #expect(
            typo.stderr.hasPrefix(
                "models/gup_cw.pin: error: no such model file 'models/gup_cw.pin' (looked in \(folder); "
                    + "did you mean 'gup_cow.pin'?)\n"), "\(typo.stderr)")
        let flag = try CLIRunner.run(["check", "--no-such-flag"])
        #expect(flag.status == 2)
        let workers = try CLIRunner.run(["check", "x.pin", "--workers", "0"])
        #expect(workers.status == 2)
        #expect(workers.stderr.contains("--workers must be at least 1"))
    }

    @Test(arguments: [["--help"], ["check", "--help"], ["list", "--help"]])
    func everyVerbHasHelp(arguments: [String]) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE:"))
    }

    @Test func kInductionPrintsTheCounterexampleToInductionAndJointlyProves() throws {
        let path = try CLIRunner.temporaryModel(
            """
            model rotation
            var a: bool
            var b: bool
            action rotate() { let na = b; b := a; a := na; }
            invariant A: !a
            invariant B: !b
            """)
        let alone = try CLIRunner.run(["check", path, "--engine", "kind", "--depth", "0"])
        #expect(alone.status == 3)
        #expect(alone.stdout.contains("invariant A: unknown (no violation within 0 steps, but not 0-inductive"))
        #expect(alone.stdout.contains("counterexample to induction"))
        #expect(alone.stdout.contains("first state:"))
        #expect(alone.stdout.contains("1. rotate()"))
        #expect(alone.stdout.contains("the last state breaks: A"))
        let together = try CLIRunner.run(["check", path, "--engine", "kind", "--depth", "0", "--jointly"])
        #expect(together.status == 0, "\(together.stdout)")
        #expect(together.stdout.contains("inductive: A at k=0; B at k=0"))
        let misuse = try CLIRunner.run(["check", path, "--jointly"])
        #expect(misuse.status == 2)
        #expect(misuse.stderr.contains("--jointly applies to --engine kind only"))
    }

    /// `--prover ic3` proves with a certificate that re-checks and reads in the modelling
    /// language, finds the violation with BMC's shortest trace, and `--prover` is refused
    /// with another engine.
    @Test func pdrWithIC3WritesACertificateAndTracesAViolation() throws {
        let (path, r, certificate) = try pdrOnTheCounter(prover: "ic3")
        #expect(r.stderr.contains("ic3 ("), "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: certificate.path).sorted()
        #expect(
            files == [
                "certificate.txt", "inductive.smt2", "init.smt2", "invariant.txt", "nofault.smt2", "safe.smt2",
                "step-1-of-1-inc.smt2",
            ])
        try expectRecheck(certificate)
        let misuse = try CLIRunner.run(["check", path, "--engine", "bmc", "--prover", "ic3"])
        #expect(misuse.status == 2)
        #expect(misuse.stderr.contains("--prover applies to --engine pdr only"))
    }

    /// `recheck` of a folder without its step obligation says what is missing and fails,
    /// though the obligations it rebuilds from the model are all unsat.
    @Test func recheckRefusesAnIncompleteCertificate() throws {
        let (_, _, certificate) = try pdrOnTheCounter(prover: "ic3")
        try FileManager.default.removeItem(at: certificate.appendingPathComponent("step-1-of-1-inc.smt2"))
        let r = try CLIRunner.run(["recheck", certificate.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("step-1-of-1-inc.smt2: unsat"), "\(r.stdout)")
        #expect(r.stdout.contains("step-1-of-1-inc.smt2: missing (the model has this obligation)"), "\(r.stdout)")
    }

    /// The reachable-states prover: its certificate's invariant is the explicit engine's
    /// state set (named in the header, with no invariant.txt), and it re-checks.
    @Test func pdrWithTheReachableStatesWritesACertificateThatRechecks() throws {
        let (path, _, certificate) = try pdrOnTheCounter(prover: "reachable")
        let files = try FileManager.default.contentsOfDirectory(atPath: certificate.path).sorted()
        #expect(
            files == ["certificate.txt", "inductive.smt2", "init.smt2", "nofault.smt2", "safe.smt2", "step-1-of-1-inc.smt2"])
        let step = try String(contentsOf: certificate.appendingPathComponent("step-1-of-1-inc.smt2"), encoding: .utf8)
        let explicit = try CLIRunner.run(["check", path])
        let states = try #require(explicit.stdout.firstMatch(of: /states: (\d+),/)?.1)
        #expect(step.contains("; the \(states) states the explicit engine reaches, as a decision diagram"))
        try expectRecheck(certificate)
    }

    /// `check --engine pdr --prover P` on the counter: `small` is violated in 3 steps and
    /// `bounded` holds. Returns the model's path, the run, and `bounded`'s certificate folder.
    func pdrOnTheCounter(prover: String) throws -> (String, CLIRunner.Result, URL) {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-cli-\(UUID().uuidString)")
        let r = try CLIRunner.run([
            "check", path, "--engine", "pdr", "--prover", prover, "--certificates", folder.path, "--stats",
        ])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("invariant small: VIOLATED after 3 steps"))
        #expect(r.stdout.contains("invariant bounded: holds"))
        return (path, r, folder.appendingPathComponent("counter/base/bounded"))
    }

    /// A second `check --engine pdr` into the same folder tries the first one's invariant
    /// (its `invariant.txt`) first and proves `bounded` by it; `--no-hints` and `--prover`
    /// do not.
    @Test func pdrTriesTheEarlierCertificatesInvariantFirst() throws {
        let (path, _, certificate) = try pdrOnTheCounter(prover: "mined")
        let folder = certificate.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["check", path, "--engine", "pdr", "--certificates", folder.path, "--stats"]
        let again = try CLIRunner.run(arguments)
        #expect(again.status == 1, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("invariant bounded: holds"))
        let source = certificate.appendingPathComponent("invariant.txt").path
        #expect(again.stderr.contains("hints (an earlier proof's invariant, \(source): "), "\(again.stderr)")
        #expect(again.stderr.contains(" lemmas) bounded: unsat"), "\(again.stderr)")
        try expectRecheck(certificate)
        // Without hints, and with a prover asked for by name, the prover proves it.
        for extra in [["--no-hints"], ["--prover", "ic3"]] {
            let fresh = try CLIRunner.run(arguments + extra)
            #expect(fresh.stdout.contains("invariant bounded: holds"))
            #expect(!fresh.stderr.contains("hints ("), "\(extra): \(fresh.stderr)")
        }
    }

    /// `pincheck recheck` finds each of the certificate's four obligation files (init, the
    /// one step part, safe and nofault) unsat.
    func expectRecheck(_ certificate: URL) throws {
        let recheck = try CLIRunner.run(["recheck", certificate.path])
        #expect(recheck.status == 0, "\(recheck.stdout)\(recheck.stderr)")
        #expect(recheck.stdout.components(separatedBy: ": unsat").count == 5)
    }

    @Test func jsonOutputIsMachineReadable() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let r = try CLIRunner.run(["check", path, "--json"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let variant = try #require((object["variants"] as? [[String: Any]])?.first)
        let invariants = try #require(variant["invariants"] as? [[String: Any]])
        #expect(invariants.count == 2)
        #expect(invariants[0]["verdict"] as? String == "violated")
        #expect(invariants[1]["verdict"] as? String == "holds")
        let steps = try #require((invariants[0]["trace"] as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps.count == 3)
        #expect(object["exit_status"] as? Int == 1)
    }

    @Test func listShowsVariantsActionsAndInvariants() throws {
        let path = try CLIRunner.temporaryModel(
            """
            model m
            variant old "the old way"
            variant new extends old "the new way"
            var x: 0..1
            action go(p: bool) { x := 1; }
            variant new action go(p: bool) { x := 0; }
            invariant fine: true
            """)
        let r = try CLIRunner.run(["list", path, "--variant", "new"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("old  — the old way"))
        #expect(r.stdout.contains("new extends old  — the new way"))
        #expect(r.stdout.contains("go(p: bool)  [overridden in new]"))
        #expect(r.stdout.contains("fine"))
    }

    @Test func patchFileImportsTheBaseModel() throws {
        let base = try CLIRunner.temporaryModel(
            """
            model base
            variant v1 "one"
            fn limit() -> int { return 1; }
            var x: 0..3
            action inc() requires x < limit() { x := x + 1; }
            invariant low: x <= 1
            """, name: "base.pin")
        let folder = URL(fileURLWithPath: base).deletingLastPathComponent()
        let patch = folder.appendingPathComponent("patch.pin")
        try """
        model patch
        import "base.pin"
        variant v2 extends v1 "raise the limit"
        variant v2 fn limit() -> int { return 3; }
        """.write(to: patch, atomically: true, encoding: .utf8)
        let r1 = try CLIRunner.run(["check", patch.path, "--variant", "v1"])
        #expect(r1.status == 0)
        let r2 = try CLIRunner.run(["check", patch.path, "--variant", "v2"])
        #expect(r2.status == 1)
        #expect(r2.stdout.contains("invariant low: VIOLATED after 2 steps"))
    }
}

/// Options that would crash, be ignored or run something twice are refused or folded.
@Suite struct OptionValidationTests {
    static let model = CLIRunner.packageRoot.appendingPathComponent("models/examples/counter.pin").path

    @Test(arguments: [
        (["list", model, "--variant", "nope"], "unknown variant 'nope'"),
        (["check", model, "--workers", "1000000"], "--workers must be at most 1024"),
        (["check", model, "--time-limit", "nan"], "--time-limit must be a positive number of seconds, not nan"),
        (["check", model, "--time-limit=-1"], "--time-limit must be a positive number of seconds, not -1.0"),
        (["check", model, "--engine", "bmc", "--time-limit", "5"], "--time-limit applies to --engine explicit"),
    ])
    func badOptionsAreRefused(arguments: [String], message: String) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func aRepeatedInvariantOrVariantIsCheckedOnce() throws {
        let r = try CLIRunner.run([
            "check", Self.model, "--invariant", "small", "--invariant", "small", "--variant", "base", "--variant", "base",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.components(separatedBy: "invariant small:").count == 2, "\(r.stdout)")
        #expect(r.stdout.components(separatedBy: "model counter, variant base").count == 2, "\(r.stdout)")
    }
}
