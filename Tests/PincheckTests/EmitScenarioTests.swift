import Foundation
import Testing

/// `check --emit scenario`: counterexamples as scenario blocks that run and match.
@Suite struct EmitScenarioTests {
    /// The violated obligations of proofs/obligations.txt: model path (from the package
    /// root), variant, invariant, shortest counterexample length.
    static func violatedObligations() throws -> [(model: String, variant: String, invariant: String, steps: Int)] {
        let text = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("proofs/obligations.txt"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 5, fields[3] == "violated", let steps = Int(fields[4]) else { return nil }
            return (String(fields[0].dropFirst(3)), fields[1], fields[2], steps)
        }
    }

    /// The emitted blocks of `stdout`, each as its lines.
    static func blocks(_ stdout: String) -> [[String]] {
        stdout.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map(String.init) }
    }

    @Test func everyCounterexampleOfTheObligationsRoundTripsAsAScenario() throws {
        let obligations = try Self.violatedObligations()
        #expect(obligations.count == 18, "16 of gup_cow and 2 of the counter example")
        for model in Set(obligations.map(\.model)).sorted() {
            let r = try CLIRunner.run(["check", model, "--emit", "scenario"])
            #expect(r.status == 1, "\(r.stderr)")
            let blocks = Self.blocks(r.stdout)
            // Each obligation's counterexample: a block of that many steps whose expectation
            // for the variant lists the invariant among those violated.
            for o in obligations where o.model == model {
                let found = blocks.contains { lines in
                    lines.filter { $0.hasPrefix("    ") && $0.hasSuffix(");") }.count == o.steps
                        && lines.contains { line in
                            guard line.hasPrefix("    expect "), let colon = line.firstIndex(of: ":") else { return false }
                            let variants = line[line.index(line.startIndex, offsetBy: 11)..<colon]
                                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                            let violated = line[line.index(after: colon)...].dropFirst(" violates ".count).dropLast()
                                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                            return variants.contains(o.variant) && line.contains(": violates ")
                                && violated.contains(o.invariant)
                        }
                }
                #expect(found, "no emitted scenario violates \(o.invariant) in \(o.variant) in \(o.steps) steps:\n\(r.stdout)")
            }
            // Pasted into a file that imports the model, every block parses, checks and runs
            // as it says.
            let path = URL(fileURLWithPath: model, relativeTo: CLIRunner.packageRoot).path
            let file = try CLIRunner.temporaryModel(
                "model emitted\nimport \"\(path)\"\n\n" + r.stdout, name: "emitted.pin")
            let table = try CLIRunner.run([
                "run", file, "--table", "--allow-imports-from", (path as NSString).deletingLastPathComponent,
            ])
            #expect(table.status == 0, "\(table.stdout)\n\(table.stderr)")
            for lines in blocks {
                let name = try #require(lines.first { $0.hasPrefix("scenario ") }?.split(separator: " ")[1])
                #expect(table.stdout.contains("\n\(name) "), "the table has a row for \(name)")
            }
        }
    }

    @Test func theBlockNamesTheTraceAndTheOutcomeOfEveryVariant() throws {
        let r = try CLIRunner.run([
            "check", "models/gup_cow.pin", "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped", "--emit",
            "scenario",
        ])
        #expect(r.status == 1)
        #expect(
            r.stdout == """
                // pinned_page_stays_mapped violated in v6_1 (engine explicit, 5 steps), as a scenario.
                // The expectations are the model's own outcomes in each variant: compare them with the kernel.
                scenario pinned_page_stays_mapped_v6_1 "a counterexample of pinned_page_stays_mapped in v6_1" {
                    mmap(MAP_PRIVATE_ANON, true);
                    read(0);
                    pin_user_pages(0, false, false, true);
                    gup_step(0);
                    write(0);
                    expect v6_1, v4_8_2, v4_8_3, v5_9, v5_18: violates pinned_page_stays_mapped;
                    expect v5_8, driver_workaround: violates readonly_gup_has_no_write_side_effects;
                    expect v6_2: holds;
                }

                """)
        #expect(r.stderr.contains("v6_1: pinned_page_stays_mapped: violated"))
    }

    @Test func nothingToEmitIsSaidAndJSONIsRefused() throws {
        var r = try CLIRunner.run([
            "check", "models/examples/counter.pin", "--invariant", "bounded", "--emit", "scenario",
        ])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("no counterexample to emit: no invariant checked was violated"))
        r = try CLIRunner.run(["check", "models/examples/counter.pin", "--emit", "scenario", "--json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--json and --emit print different things; choose one"))
        r = try CLIRunner.run(["check", "models/examples/counter.pin", "--emit", "html"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("'html'"), "\(r.stderr)")
    }
}
