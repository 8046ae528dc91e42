import Foundation
import Testing

/// `pincheck prove`: the project's obligations hold, and a wrong expectation fails loudly.
@Suite struct ProveTests {
    @Test func theProjectsObligationsAllHold() throws {
        let r = try CLIRunner.run(["prove", "proofs/obligations.txt"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("all as expected"))
        #expect(r.stdout.contains("certificate re-checks (6 obligations unsat)"))
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
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "smt2" }
        #expect(!files.isEmpty)
        for file in files {
            let r = try CLIRunner.run(program, [file.path])
            #expect(r.stdout == "unsat\n", "\(solver) \(file.path): \(r.stdout)\(r.stderr)")
        }
    }

    /// Each committed inductive invariant (proofs/invariants/MODEL/VARIANT/INVARIANT.txt)
    /// still proves its invariant: `check --engine pdr` into an empty certificates folder
    /// tries it first, every obligation of its certificate is unsat, and no prover runs. A
    /// model change that breaks one fails here: refresh it as proofs/README.md says.
    @Test func committedInvariantsStillProveTheirInvariants() throws {
        let root = CLIRunner.packageRoot.appendingPathComponent("proofs/invariants")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "txt" }
        #expect(!files.isEmpty)
        for file in files {
            let parts = file.pathComponents.suffix(3)  // MODEL, VARIANT, INVARIANT.txt
            let (model, variant) = (parts[parts.startIndex], parts[parts.startIndex + 1])
            let invariant = file.deletingPathExtension().lastPathComponent
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-inv-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let r = try CLIRunner.run([
                "check", "models/\(model).pin", "--variant", variant, "--invariant", invariant, "--engine", "pdr",
                "--certificates", folder.path, "--stats",
            ])
            #expect(r.status == 0, "\(file.path): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("invariant \(invariant): holds"))
            #expect(r.stderr.contains(" lemmas) \(invariant): unsat"), "\(file.path): \(r.stderr)")
            #expect(!r.stderr.contains("mined ("), "\(file.path): \(r.stderr)")
        }
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

    @Test func aMalformedLineNamesFileLineAndColumn() throws {
        let path = try CLIRunner.temporaryModel("m.pin v1 inv maybe\n", name: "obligations.txt")
        let r = try CLIRunner.run(["prove", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):1:14: error: expected 'holds' or 'violated', found 'maybe'"))
    }
}
