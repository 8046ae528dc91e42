import Foundation
import Testing

/// Every engine says what it is doing on standard error while it runs (`--progress`, here
/// every 50 ms so that short runs show it), JSON output included.
@Suite struct ProgressTests {
    static let model = "models/gup_cow.pin"

    @Test(arguments: [
        (
            ["--engine", "explicit", "--variant", "v6_2", "--invariant", "no_vm_bug_on", "--max-states", "40000"],
            "  … v6_2: explicit search: depth "
        ),
        (
            ["--engine", "bmc", "--depth", "2", "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped"],
            "  … v6_1: bmc: "
        ),
        (
            ["--engine", "kind", "--depth", "1", "--variant", "v6_1", "--invariant", "no_vm_bug_on"],
            "  … v6_1: kind: step case k="
        ),
        (
            [
                "--engine", "pdr", "--prover", "ic3", "--no-hints", "--timeout", "1500", "--variant", "v6_2",
                "--invariant", "pinned_page_stays_mapped",
            ],
            "  … v6_2: ic3 pinned_page_stays_mapped"
        ),
    ])
    func eachEngineReportsWhatItIsDoing(_ options: [String], _ line: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-progress-\(UUID().uuidString)")
        let r = try CLIRunner.run(
            ["check", Self.model, "--progress", "0.05", "--certificates", folder.path] + options)
        #expect(r.stderr.contains(line), "\(r.stderr)")
        // Each line ends with the time since the check began.
        let progress = r.stderr.split(separator: "\n").filter { $0.hasPrefix(line) }
        #expect(progress.allSatisfy { $0.hasSuffix("s)") }, "\(progress)")
    }

    @Test func jsonKeepsProgressOnStandardErrorAndZeroTurnsItOff() throws {
        let options = ["check", Self.model, "--variant", "v6_2", "--invariant", "no_vm_bug_on", "--max-states", "40000"]
        let json = try CLIRunner.run(options + ["--json", "--progress", "0.05"])
        #expect(json.stderr.contains("  … v6_2: explicit search: depth "), "\(json.stderr)")
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [String: Any])
        let quiet = try CLIRunner.run(options + ["--progress", "0"])
        #expect(!quiet.stderr.contains("  … "), "\(quiet.stderr)")
        let bad = try CLIRunner.run(options + ["--progress=-1"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--progress takes a number of seconds, 0 or more, not -1.0"), "\(bad.stderr)")
    }
}
