import Foundation
import Testing

/// `pincheck repro`: C reproducers from the model's table, and the kernel oracle.
@Suite struct ReproTests {
    static let model = "models/gup_cow.pin"
    /// The oracle's own cases, which import the model and the drivers' patch.
    static let oracleCases = "kernel/repro/oracle_cases.pin"

    static func scenarios(of file: String = model) throws -> [String] {
        let list = try CLIRunner.run(["list", file, "--allow-imports-from", "models", "--json"])
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
        #expect(r.stdout.contains("\trepro_end(5, 1, 1, 1, 1);"))
        // The drivers' variant pins as FOLL_FORCE|FOLL_WRITE|FOLL_LONGTERM.
        let driver = try CLIRunner.run(["repro", Self.model, "--variant", "driver_workaround", "--scenario", "ro_pin_zeropage"])
        #expect(driver.stdout.contains("\t\ttake_page(PINTEST_PIN, 0, 1, 1, 1);"), "\(driver.stdout)")
        // A counterexample: the shortest trace, five steps.
        let cex = try CLIRunner.run(["repro", Self.model, "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped"])
        #expect(cex.status == 0, "\(cex.stderr)")
        #expect(cex.stdout.contains("\trepro_begin(\"v6_1_pinned_page_stays_mapped\");"))
        #expect(cex.stdout.contains("\trepro_end(5, 1, 1, 1, 1);"))
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
        let own = try Set(Self.scenarios(of: Self.oracleCases)).subtracting(Self.scenarios())
        #expect(own == ["uffd_wp_ro_pin", "uffd_wp_ro_pin_zeropage"])
        for scenario in own.sorted() {
            for variant in ["v6_1", "v6_2", "driver_workaround", "workaround_on_6_2"] {
                let r = try CLIRunner.run([
                    "repro", Self.oracleCases, "--allow-imports-from", "models", "--table", "models/gup_cow.repro",
                    "--variant", variant, "--scenario", scenario,
                ])
                #expect(r.status == 0, "\(scenario) \(variant): \(r.stderr)")
                #expect(r.stdout.contains("\t\tuffd_writeprotect();"), "\(r.stdout)")
                _ = try Self.compile(r.stdout, name: "\(scenario)_\(variant)")
            }
        }
    }

    /// The runtime's own references on the host's kernel, without the module: an io_uring
    /// fixed buffer keeps showing the pinned page after the mapping moved on (read with
    /// WRITE_FIXED, written with READ_FIXED), the userfaultfd monitor answers the process's
    /// write-protect fault and a vmsplice() take raises none, and io_uring and /proc/self/mem
    /// scenarios run to the end. A kernel without io_uring or userfaultfd makes the program
    /// say SKIP, which the test accepts only with the runtime's reason.
    @Test func theRuntimeTakesReferencesAsTheKernelsUsersDo() throws {
        let source = """
            #include "repro_runtime.h"
            int main(void)
            {
            \trepro_begin("runtime");
            \tmap_page(0, 0, 1, 1);
            \ttouch_write();
            \tiouring_take();
            \tdo_madvise(MADV_DONTNEED, "MADV_DONTNEED");
            \ttouch_write();
            \tprintf("pin 0x%02x mapping 0x%02x\\n", held_byte(), *(volatile unsigned char *)repro_mem);
            \tdevice_write();
            \tprintf("pin 0x%02x mapping 0x%02x\\n", held_byte(), *(volatile unsigned char *)repro_mem);
            \trelease_page();
            \tuffd_writeprotect();
            \tvmsplice_take();
            \ttouch_write();
            \tprintf("faults %d, by the R/O take %d\\n", repro->uffd_wp_faults, repro->readonly_take_faulted);
            \treturn 0;
            }
            """
        guard let binary = try Self.compile(source, name: "runtime") else { return }
        let run = try CLIRunner.run(binary, [])
        let skipped = [
            "runtime SKIP (io_uring_setup() failed: io_uring is disabled in this kernel)",
            "runtime SKIP (userfaultfd() failed: no userfaultfd in this kernel)",
        ]
        if let skip = skipped.first(where: run.stdout.contains) {
            print("skipped in part: \(skip)")
            return
        }
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(
            run.stdout == "pin 0x22 mapping 0x44\npin 0x66 mapping 0x44\nfaults 1, by the R/O take 0\n", "\(run.stdout)")
        for scenario in ["iouring_ro", "iouring_fork", "dirty_cow"] {
            let r = try CLIRunner.run(["repro", Self.model, "--variant", "v6_2", "--scenario", scenario])
            guard let binary = try Self.compile(r.stdout, name: scenario) else { return }
            let run = try CLIRunner.run(binary, [])
            #expect(run.status == 0, "\(scenario): \(run.stdout)\(run.stderr)")
            #expect(run.stdout.hasSuffix("\(scenario) done\n"), "\(run.stdout)")
            #expect(!run.stdout.contains(" FAIL "), "\(run.stdout)")
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
