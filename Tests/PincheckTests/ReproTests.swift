import Foundation
import Testing

/// `pincheck repro`: C reproducers from the model's table, and the kernel oracle.
@Suite struct ReproTests {
    static let model = "models/gup_cow.pin"

    static func scenarios() throws -> [String] {
        let list = try CLIRunner.run(["list", model, "--json"])
        return try JSONValue.parse(list.stdout)["scenarios"]?.items.compactMap { $0["name"]?.string } ?? []
    }

    /// Compiles `source` as the oracle does; the binary's path, or nil without gcc.
    static func compile(_ source: String, name: String) throws -> URL? {
        guard let gcc = CLIRunner.onPath("gcc") else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-repro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let c = folder.appendingPathComponent("\(name).c")
        try source.write(to: c, atomically: true, encoding: .utf8)
        let binary = folder.appendingPathComponent(name)
        let root = CLIRunner.packageRoot.path
        let r = try CLIRunner.run(
            gcc,
            [
                "-Wall", "-Werror", "-static", "-O1", "-I", "\(root)/kernel/repro", "-I", "\(root)/kernel/pintest", "-o",
                binary.path, c.path,
            ])
        #expect(r.status == 0, "\(name): \(r.stderr)")
        return binary
    }

    @Test func theHeadlineScenarioIsOneBlockPerStep() throws {
        let r = try CLIRunner.run(["repro", Self.model, "--variant", "v6_1", "--scenario", "ro_pin_zeropage"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("#include \"repro_runtime.h\""))
        #expect(r.stdout.contains("\trepro_begin(\"ro_pin_zeropage\");"))
        #expect(
            r.stdout.contains(
                """
                \t/* step 3: pin_user_pages(p=0, write=false, force=false, longterm=true) */
                \tif (repro_step(3, 0)) {
                \t\ttake_page(PINTEST_PIN, false, false, false, true);
                \t\trepro_next(3);
                \t}
                """), "\(r.stdout)")
        #expect(r.stdout.contains("\trepro_end(5, 1, 1, 1);"))
        // The drivers' variant pins as FOLL_FORCE|FOLL_WRITE|FOLL_LONGTERM.
        let driver = try CLIRunner.run(["repro", Self.model, "--variant", "driver_workaround", "--scenario", "ro_pin_zeropage"])
        #expect(driver.stdout.contains("\t\ttake_page(PINTEST_PIN, 0, 1, 1, 1);"), "\(driver.stdout)")
        // A counterexample: the shortest trace, five steps.
        let cex = try CLIRunner.run(["repro", Self.model, "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped"])
        #expect(cex.status == 0, "\(cex.stderr)")
        #expect(cex.stdout.contains("\trepro_begin(\"v6_1_pinned_page_stays_mapped\");"))
        #expect(cex.stdout.contains("\trepro_end(5, 1, 1, 1);"))
        let holds = try CLIRunner.run(["repro", Self.model, "--variant", "v6_2", "--invariant", "pinned_page_stays_mapped"])
        #expect(holds.status == 2)
        #expect(holds.stderr.contains("error: pinned_page_stays_mapped holds in v6_2: no counterexample to reproduce"))
    }

    /// Every scenario in both kernel eras compiles with gcc -Wall -Werror -static.
    @Test func everyScenarioCompiles() throws {
        guard CLIRunner.onPath("gcc") != nil else {
            print("skipped: gcc is not installed")
            return
        }
        for scenario in try Self.scenarios() {
            for variant in ["v6_1", "v6_2"] {
                let r = try CLIRunner.run(["repro", Self.model, "--variant", variant, "--scenario", scenario])
                #expect(r.status == 0, "\(scenario) \(variant): \(r.stderr)")
                _ = try Self.compile(r.stdout, name: "\(scenario)_\(variant)")
            }
        }
    }

    /// On the host without the module: a fork scenario runs its two processes in turn to
    /// the end, a pin says SKIP, and a step the table cannot perform says SKIP with why.
    @Test func programsRunWithoutTheModule() throws {
        let skipping = try CLIRunner.temporaryModel(
            String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("models/gup_cow.repro"), encoding: .utf8)
                .replacingOccurrences(of: "step write(p={p}) => touch_write();", with: "skip write(p={p}) => not today"),
            name: "skipping.repro")
        let cases: [(String, [String], String)] = [
            ("cow_in_parent", [], "cow_in_parent done\n"),
            (
                "cow_in_parent", ["--table", skipping],
                "cow_in_parent SKIP (step 2, write(p=0): not today; step 4, write(p=0): not today)\n"
            ),
        ]
        for (scenario, table, expected) in cases {
            let r = try CLIRunner.run(["repro", Self.model, "--variant", "v6_2", "--scenario", scenario] + table)
            guard let binary = try Self.compile(r.stdout, name: scenario) else { return }
            let run = try CLIRunner.run(binary, [])
            #expect(run.status == 0, "\(scenario): \(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains(expected), "\(scenario): \(run.stdout)")
        }
        if !FileManager.default.fileExists(atPath: "/dev/pintest") {
            let r = try CLIRunner.run(["repro", Self.model, "--variant", "v6_2", "--scenario", "ro_pin_zeropage"])
            guard let binary = try Self.compile(r.stdout, name: "ro_pin_zeropage") else { return }
            let run = try CLIRunner.run(binary, [])
            #expect(run.stdout.contains("ro_pin_zeropage SKIP (no /dev/pintest: load kernel/pintest)"), "\(run.stdout)")
        }
    }

    @Test func aMalformedTableNamesTheLine() throws {
        let table = try CLIRunner.temporaryModel("process p\nstep read(p={p}) touch_read();\nend => x;\n", name: "t.repro")
        let r = try CLIRunner.run(["repro", Self.model, "--variant", "v6_1", "--scenario", "ro_pin_zeropage", "--table", table])
        #expect(r.status == 2)
        #expect(
            r.stderr.hasPrefix("\(table):2:1: error: expected 'step [VARIANT, …] ACTION(ARG=VALUE, …) => C'"), "\(r.stderr)")
        let missing = try CLIRunner.run(["repro", Self.model, "--variant", "v6_1", "--scenario", "nope"])
        #expect(missing.stderr.contains("unknown scenario 'nope'"))
    }

    /// The oracle on real kernels under QEMU: its table matches docs/kernel-oracle.md and
    /// every difference is explained. Runs where QEMU is installed and the machine can
    /// install the kernels (root), or always with PINCHECK_KERNEL_ORACLE=required (CI).
    @Test func kernelOracleMatchesTheCommittedTable() throws {
        let required = ProcessInfo.processInfo.environment["PINCHECK_KERNEL_ORACLE"] == "required"
        guard required || (CLIRunner.onPath("qemu-system-x86_64") != nil && getuid() == 0) else {
            print("skipped: qemu-system-x86_64 is not installed (or not root to install the kernels)")
            return
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("oracle-\(UUID().uuidString).md")
        let r = try CLIRunner.run(URL(fileURLWithPath: "/bin/bash"), ["scripts/kernel-oracle.sh", output.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr.suffix(3000))")
        func rows(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| `") } }
        let committed = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("docs/kernel-oracle.md"), encoding: .utf8)
        let produced = try String(contentsOf: output, encoding: .utf8)
        #expect(rows(produced) == rows(committed), "\(produced)")
        #expect(!rows(produced).isEmpty)
    }
}
