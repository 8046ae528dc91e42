import Foundation
import Testing

/// Ctrl-C stops any engine within about a second, prints what was covered and exits with
/// status 3 (no verdict), and never leaves a verdict it did not reach.
@Suite(.serialized) struct InterruptTests {
    /// Generous against a loaded machine; the engines poll every few milliseconds.
    static let prompt = Duration.seconds(5)
    static let model = "models/gup_cow.pin"

    /// Interpreted on one worker (about 7 s), so that the search is still running when
    /// the signal comes: compiled code finishes it in under a second.
    @Test func theExplicitSearchStopsWithWhatItCovered() throws {
        let (r, stopped) = try CLIRunner.runInterrupted(
            ["check", Self.model, "--variant", "v6_2", "--code", "interpreted", "--workers", "1"], after: .seconds(1.5))
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(stopped < Self.prompt, "took \(stopped) to stop")
        #expect(r.stdout.contains("incomplete (interrupted at depth "), "\(r.stdout)")
        #expect(!r.stdout.contains(": holds"), "an interrupted search claims nothing")
        #expect(r.stderr.contains("interrupted: incomplete ("), "\(r.stderr)")
    }

    /// The default portfolio (Spacer, IC3 and the mined prover racing, each on its thread),
    /// from scratch so that it is still working when the signal comes.
    @Test func thePortfolioStopsEveryLane() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-int-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "check", Self.model, "--variant", "v6_2", "--invariant", "pinned_page_stays_mapped", "--engine", "pdr",
            "--no-hints", "--certificates", folder.path,
        ]
        for delay in [Duration.seconds(2), .seconds(12)] {
            let (r, stopped) = try CLIRunner.runInterrupted(arguments, after: delay)
            #expect(r.status == 3, "after \(delay): \(r.stdout)\(r.stderr)")
            #expect(stopped < Self.prompt, "after \(delay): took \(stopped) to stop")
            #expect(r.stdout.contains("invariant pinned_page_stays_mapped: unknown ("), "\(r.stdout)")
            #expect(r.stderr.contains("interrupted: incomplete ("), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.path), "no certificate for a proof not finished")
        }
    }

    /// A bounded check whose query was interrupted never says there is no violation up to
    /// its bound.
    @Test func theBoundedCheckNeverClaimsItsBound() throws {
        let (r, stopped) = try CLIRunner.runInterrupted(
            ["check", Self.model, "--variant", "v6_1", "--engine", "bmc", "--depth", "8"], after: .seconds(3))
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(stopped < Self.prompt, "took \(stopped) to stop")
        #expect(!r.stdout.contains("no violation in paths of up to 8 steps"), "\(r.stdout)")
        #expect(r.stderr.contains("interrupted: incomplete ("), "\(r.stderr)")
    }
}
