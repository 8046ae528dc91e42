import Foundation
import Testing

/// Models at and past the limits on nesting, run through the built CLI with every engine
/// that walks them: each used to end by a signal (stack overflow or a trap) and must now
/// give a verdict or a clean error (issue 22, item 5).
@Suite struct DeepModelTests {
    /// `fn f<k>` returns `f<k-1>(a)` under 190 unary minuses (close to the parser's nesting
    /// limit), so the symbolic encoder, which inlines calls, nests `depth` × 190 deep.
    static func deepCalls(_ depth: Int) -> String {
        var lines = ["model m", "var x: 0..3 = 0", "fn f0(a: int) -> int { return a }"]
        for i in 1..<depth {
            lines.append("fn f\(i)(a: int) -> int { return \(String(repeating: "-", count: 190))f\(i - 1)(a) }")
        }
        lines += ["action go() { x := f\(depth - 1)(x) % 4 }", "invariant i: x >= 0"]
        return lines.joined(separator: "\n")
    }

    @Test func deepestCallsAllowedAreEncodedWithoutOverflowingTheStack() throws {
        let path = try CLIRunner.temporaryModel(Self.deepCalls(24))
        let r = try CLIRunner.run(["check", path, "--engine", "bmc", "--depth", "1"])
        #expect(r.status == 3, "\(r.stderr)")  // bounded: no violation within 1 step, no verdict
        #expect(r.stdout.contains("invariant i: incomplete"))
    }

    @Test(arguments: ["explicit", "bmc", "pdr"])
    func callsNestedTooDeepAreACleanError(_ engine: String) throws {
        let path = try CLIRunner.temporaryModel(Self.deepCalls(60))
        let r = try CLIRunner.run(["check", path, "--engine", engine])
        #expect(r.status == 2, "\(r.stderr)")
        // f24 (line 27) calls f23 … f0: 25 nested calls; the call is after 31 characters and 190 minuses.
        #expect(r.stderr.contains(":27:222: error: 'f24' starts a chain of calls nested more than 24 deep (through 'f23')"))
    }

    @Test func aLongConstantChainListsWithAnError() throws {
        var lines = ["model m", "var x: bool"]
        for i in stride(from: 19_999, to: 0, by: -1) { lines.append("const c\(i) = c\(i - 1) + 1") }
        lines.append("const c0 = 1")
        let path = try CLIRunner.temporaryModel(lines.joined(separator: "\n"))
        let r = try CLIRunner.run(["list", path])
        #expect(r.status == 2, "\(r.stderr)")
        // c19999 is on line 3; the 256th link, c19744 on line 258, refers to c19743 at column 16.
        #expect(r.stderr.contains(":258:16: error: constant 'c19743' is defined through a chain of more than 256 constants"))
    }

    @Test func manyConstantsListQuickly() throws {
        // 20,000 constants, each defined by the one before: every name lookup was a linear
        // scan (10 s on a quiet machine; `scripts/bench.sh`-style timing is not asserted here).
        var lines = ["model m", "var x: bool", "const c0 = 1"]
        for i in 1..<20_000 { lines.append("const c\(i) = c\(i - 1) % 7 + 1") }
        let path = try CLIRunner.temporaryModel(lines.joined(separator: "\n"))
        let r = try CLIRunner.run(["list", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("model m"), "\(r.stdout.prefix(300))")
    }

    @Test(arguments: ["bmc", "kind", "pdr"])
    func aModelWithoutActionsIsCheckedSymbolically(_ engine: String) throws {
        // Its unrolling chose among -1 action instances, and trapped.
        let path = try CLIRunner.temporaryModel("model m\nvar x: 0..3 = 0\ninvariant i: x >= 0\n")
        // Certificates beside the model, not in the package's proofs/certificates.
        let certificates = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("certificates")
        let r = try CLIRunner.run(["check", path, "--engine", engine, "--depth", "2", "--certificates", certificates.path])
        #expect(r.status == 0 || r.status == 3, "\(r.stderr)")
        #expect(!r.stdout.contains("VIOLATED"))
    }
}
