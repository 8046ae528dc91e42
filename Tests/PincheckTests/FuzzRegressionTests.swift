import Foundation
import Testing

/// Every input that ever crashed, trapped or hung the front end or an engine, kept in
/// `Fuzz/regressions/` (found by `scripts/fuzz.sh` or while fixing issue 22): each must
/// end with one of pincheck's exit statuses, never by a signal, within the time allowed.
@Suite struct FuzzRegressionTests {
    static let folder = CLIRunner.packageRoot.appendingPathComponent("Fuzz/regressions")

    static let inputs: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".pin") }.sorted()

    /// What each input is run through: the `list` path, a small explicit search and a short
    /// bounded check (the symbolic encoder).
    static let commands: [[String]] = [
        ["list"],
        ["check", "--max-states", "2000", "--time-limit", "5"],
        ["check", "--engine", "bmc", "--depth", "2", "--timeout", "5000"],
    ]

    @Test func theRegressionFolderIsNotEmpty() {
        #expect(!Self.inputs.isEmpty)
    }

    @Test(arguments: inputs)
    func inputEndsWithAnExitStatusNotASignal(_ name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        for command in Self.commands {
            let r = try CLIRunner.run(command + [path])
            #expect((0...3).contains(r.status), "\(command.joined(separator: " ")) \(name): status \(r.status)\n\(r.stderr)")
            #expect(!r.stderr.contains("crashed"), "\(command.joined(separator: " ")) \(name)\n\(r.stderr)")
        }
    }
}
