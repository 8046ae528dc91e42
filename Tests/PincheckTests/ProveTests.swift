import Foundation
import Testing

/// `pincheck prove`: the project's obligations hold, and a wrong expectation fails loudly.
@Suite struct ProveTests {
    @Test func theProjectsObligationsAllHold() throws {
        let r = try CLIRunner.run(["prove", "proofs/obligations.txt"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("all as expected"))
        #expect(r.stdout.contains("certificate re-checks against the model (6 obligations unsat)"))
    }

    /// The committed certificates re-check with the SMT solvers a user would reach for, as
    /// the README shows: every obligation file is unsat for the z3 and cvc5 command-line
    /// tools. A solver that is not installed is skipped, unless
    /// PINCHECK_EXTERNAL_SOLVERS=required (CI installs both).
    @Test(
        arguments: ["z3", "cvc5"].filter {
            CLIRunner.onPath($0) != nil || ProcessInfo.processInfo.environment["PINCHECK_EXTERNAL_SOLVERS"] == "required"
        })
    func committedCertificatesAreUnsatForExternalSolver(solver: String) throws {
        let program = try #require(CLIRunner.onPath(solver), "\(solver) is not on the PATH")
        let root = CLIRunner.packageRoot.appendingPathComponent("proofs/certificates")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "smt2" && $0.lastPathComponent != "inductive.smt2" }
        #expect(!files.isEmpty)
        for file in files {
            let r = try CLIRunner.run(program, [file.path])
            #expect(r.stdout == "unsat\n", "\(solver) \(file.path): \(r.stdout)\(r.stderr)")
        }
    }

    /// `check --engine pdr` finds the variant's committed inductive invariant
    /// (proofs/invariants/MODEL/VARIANT.txt) when its certificates folder has none, and proves
    /// the main 6.2 invariant by it: every obligation of its certificate is unsat, and no
    /// prover runs. (`BundledModelSymbolicTests` checks that each committed invariant still
    /// proves every invariant of its variant that holds.)
    @Test func checkProvesTheMainInvariantByTheCommittedOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-inv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try CLIRunner.run([
            "check", "models/gup_cow.pin", "--variant", "v6_2", "--invariant", "pinned_page_stays_mapped", "--engine",
            "pdr", "--certificates", folder.path, "--stats",
        ])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("invariant pinned_page_stays_mapped: holds"))
        #expect(
            r.stderr.contains("hints (an earlier proof's invariant, ")
                && r.stderr.contains("/proofs/invariants/gup_cow/v6_2.txt: "),
            "\(r.stderr)")
        #expect(r.stderr.contains(" lemmas) pinned_page_stays_mapped: unsat"), "\(r.stderr)")
        #expect(!r.stderr.contains("mined ("), "\(r.stderr)")
        let written = folder.appendingPathComponent("gup_cow/v6_2/pinned_page_stays_mapped/invariant.txt")
        #expect(FileManager.default.fileExists(atPath: written.path))
    }

    @Test func aWrongExpectationIsReportedWithItsLine() throws {
        let folder = CLIRunner.packageRoot.appendingPathComponent("models/examples").path
        let path = try CLIRunner.temporaryModel(
            """
            # wrong on purpose
            \(folder)/counter.pin base small holds
            \(folder)/counter.pin base flag_blocks_four violated 4
            \(folder)/counter.pin base bounded holds
            """, name: "obligations.txt")
        let r = try CLIRunner.run(["prove", path])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains(
                "\(path):2: error: \(folder)/counter.pin base small: expected to hold, but it is VIOLATED after 3 steps"))
        #expect(
            r.stderr.contains(
                "\(path):3: error: \(folder)/counter.pin base flag_blocks_four: expected a shortest counterexample of 4 steps, found 5"
            ))
        #expect(r.stdout.contains("DIFFERENCES FOUND"))
    }

    /// `prove --engine pdr` tries each variant's committed invariant, `invariants/MODEL/
    /// VARIANT.txt` beside the obligations file, and says how many invariants it proved by
    /// it; one that is not inductive is set aside, and the verdicts are the same either way.
    @Test(arguments: [("invariant bounded\n", 1), ("invariant small\n", 0)])
    func provePdrTriesTheCommittedInvariant(hint: String, proved: Int) throws {
        let model = CLIRunner.packageRoot.appendingPathComponent("models/examples/counter.pin").path
        let path = try CLIRunner.temporaryModel(
            """
            \(model) base bounded holds
            \(model) base small violated 3
            \(model) base flag_blocks_four violated 5
            """, name: "obligations.txt")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let committed = folder.appendingPathComponent("invariants/counter/base.txt")
        try FileManager.default.createDirectory(at: committed.deletingLastPathComponent(), withIntermediateDirectories: true)
        try hint.write(to: committed, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["prove", path, "--engine", "pdr"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("base: \(proved) of 3 invariants proved by \(committed.path)"), "\(r.stdout)")
        #expect(r.stdout.contains("3 obligations checked with pdr: all as expected"))
        let without = try CLIRunner.run(["prove", path, "--engine", "pdr", "--no-hints"])
        #expect(without.status == 0, "\(without.stdout)\(without.stderr)")
        #expect(!without.stdout.contains("proved by"))
    }

    @Test func aMalformedLineNamesFileLineAndColumn() throws {
        let path = try CLIRunner.temporaryModel("m.pin v1 inv maybe\n", name: "obligations.txt")
        let r = try CLIRunner.run(["prove", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):1:14: error: expected 'holds' or 'violated', found 'maybe'"))
    }

    /// A patch's variant has no committed invariant of its own: its proof tries its
    /// ancestor's (issue 17, item 4), which a patch that changes little keeps.
    @Test func aPatchIsProvedByItsAncestorsCommittedInvariant() throws {
        let model = try CLIRunner.temporaryModel(
            """
            model m
            var x: 0..7 = 0
            var y: 0..7 = 0
            variant a "the base"
            action step() requires x < 5 { x := x + 1; y := y + 1; }
            invariant small: y < 6
            """, name: "m.pin")
        let folder = URL(fileURLWithPath: model).deletingLastPathComponent()
        let patch = folder.appendingPathComponent("patch.pin").path
        try "model patch\nimport \"m.pin\"\nvariant b extends a \"the patch\"\n".write(
            toFile: patch, atomically: true, encoding: .utf8)
        // The base's proof (y < 6 needs x == y), committed as the variant's invariant.
        let certificates = folder.appendingPathComponent("certs")
        var r = try CLIRunner.run(["check", model, "--engine", "pdr", "--prover", "ic3", "--certificates", certificates.path])
        #expect(r.status == 0, "\(r.stderr)")
        let lemmas = try String(contentsOf: certificates.appendingPathComponent("m/a/small/invariant.txt"), encoding: .utf8)
        let committed = folder.appendingPathComponent("committed/m")
        try FileManager.default.createDirectory(at: committed, withIntermediateDirectories: true)
        try lemmas.write(to: committed.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        r = try CLIRunner.run([
            "check", patch, "--variant", "b", "--engine", "pdr", "--stats", "--committed-invariants",
            folder.appendingPathComponent("committed").path, "--certificates", folder.appendingPathComponent("new").path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("invariant small: holds (unbounded proof by hints (an earlier proof's invariant, "))
        #expect(r.stdout.contains("committed/m/a.txt, committed for its ancestor a: "), "the verdict line says how")
        #expect(r.stderr.contains("committed/m/a.txt, committed for its ancestor a: "), "\(r.stderr)")
        #expect(r.stderr.contains(") small: unsat"), "\(r.stderr)")
    }
}
