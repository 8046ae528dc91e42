import Foundation
import Testing

/// `pincheck run`, end to end: the bundled model's scenarios, usage errors, and the table.
@Suite struct RunCommandTests {
    static let bundled = "models/gup_cow.pin"

    /// A counter with two variants; in `fast` one `inc` adds 2. `three` reaches x = 3 in
    /// `slow` (holds) and 6 in `fast` (violates small); `stuck` blocks at its second step.
    static let counter = """
        model counter
        variant slow
        variant fast extends slow
        var x: 0..7 = 0
        action inc() requires x < 6 { x := x + 1; }
        variant fast action inc() requires x < 6 { x := x + 2; }
        action reset() requires x > 0 { x := 0; }
        invariant small: x < 4
        scenario three "three increments" {
            inc(); inc(); inc();
            expect slow: holds "by hand";
            expect fast: violates small "by hand";
        }
        scenario stuck { reset(); inc(); expect others: blocked "reset needs x > 0"; }
        """

    /// The numbered steps of a printed trace, e.g. `write(p=0)`.
    func steps(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard let dot = text.firstIndex(of: "."), Int(text[..<dot]) != nil else { return nil }
            return String(text[text.index(dot, offsetBy: 2)...])
        }
    }

    @Test func zeropagePinIsReplacedByTheWriteIn61() throws {
        let r = try CLIRunner.run(["run", Self.bundled, "--variant", "v6_1", "--scenario", "ro_pin_zeropage"])
        #expect(r.status == 1)
        // The scenario's five steps, the GUP step taking the zeropage at once (no unshare in 6.1).
        #expect(
            steps(r.stdout) == [
                "mmap(kind=MAP_PRIVATE_ANON, prot_write=true)", "read(p=0)",
                "pin_user_pages(p=0, write=false, force=false, longterm=true)", "gup_step(p=0)", "write(p=0)",
            ])
        #expect(r.stdout.contains("pinned_page_stays_mapped: VIOLATED at step 5 (write(p=0))"))
        #expect(r.stdout.contains("no_vm_bug_on: holds along the run"))
        #expect(r.stdout.contains("outcome: violates pinned_page_stays_mapped"))
        #expect(r.stdout.contains("documented for v6_1: violates pinned_page_stays_mapped (84209e87c696"))
        #expect(r.stdout.contains("the model matches the documented behaviour"))
    }

    @Test func zeropagePinIsUnsharedFirstIn62() throws {
        let r = try CLIRunner.run(["run", Self.bundled, "--variant", "v6_2", "--scenario", "ro_pin_zeropage"])
        #expect(r.status == 0)
        // FAULT_FLAG_UNSHARE: the first GUP step faults in an anon page, the second takes it.
        #expect(steps(r.stdout).filter { $0 == "gup_step(p=0)" }.count == 2)
        #expect(r.stdout.contains("pinned_page_stays_mapped: holds along the run"))
        #expect(r.stdout.contains("outcome: holds"))
        #expect(r.stdout.contains("the model matches the documented behaviour"))
    }

    @Test(arguments: ["v4_8_2", "v4_8_3", "v5_8", "v5_9", "v5_18", "v6_1", "v6_2", "driver_workaround"])
    func exclusiveAnonPinHoldsInEveryVariant(variant: String) throws {
        let r = try CLIRunner.run(["run", Self.bundled, "--variant", variant, "--scenario", "ro_pin_exclusive_anon"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("outcome: holds"))
        #expect(r.stdout.contains("the model matches the documented behaviour"))
    }

    @Test func jsonRunNamesTheFirstViolation() throws {
        let r = try CLIRunner.run(["run", Self.bundled, "--variant", "v6_1", "--scenario", "ro_pin_zeropage", "--json"])
        #expect(r.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(document["exit_status"] as? Int == 1)
        let object = try #require(document["run"] as? [String: Any])
        let invariants = try #require(object["invariants"] as? [[String: Any]])
        let pinned = try #require(invariants.first { $0["name"] as? String == "pinned_page_stays_mapped" })
        #expect(pinned["first_violation_step"] as? Int == 5)
        #expect(((object["trace"] as? [String: Any])?["steps"] as? [Any])?.count == 5)
        #expect((object["documented"] as? [String: Any])?["matches"] as? Bool == true)
        #expect(object["exit_status"] as? Int == 1)
    }

    @Test func blockedRunExitsThree() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let r = try CLIRunner.run(["run", path, "--variant", "slow", "--scenario", "stuck"])
        #expect(r.status == 3)
        #expect(r.stdout.contains("BLOCKED at scenario step 1 (\(path):14:18): reset() is not enabled"))
        #expect(r.stdout.contains("outcome: blocked@1"))
        #expect(r.stdout.contains("the model matches the documented behaviour"))
    }

    @Test func usageErrorsExitTwoAndListTheChoices() throws {
        let noVariant = try CLIRunner.run(["run", Self.bundled, "--scenario", "ro_pin_zeropage"])
        #expect(noVariant.status == 2)
        #expect(
            noVariant.stderr.contains(
                "choose one with --variant: v4_8_2, v4_8_3, v5_8, v5_9, v5_18, v6_1, v6_2, driver_workaround"))
        let unknown = try CLIRunner.run(["run", Self.bundled, "--variant", "v6_1", "--scenario", "nope"])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.contains(
                "unknown scenario 'nope'; models/gup_cow.pin declares ro_pin_zeropage, ro_pin_exclusive_anon, cow_in_parent, ")
        )
        let badVariant = try CLIRunner.run(["run", Self.bundled, "--variant", "v9", "--scenario", "ro_pin_zeropage"])
        #expect(badVariant.status == 2)
        #expect(badVariant.stderr.contains("unknown variant 'v9'"))
        let none = try CLIRunner.run(["run", Self.bundled, "--variant", "v6_1"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("choose a scenario with --scenario"))
        let mixed = try CLIRunner.run(["run", Self.bundled, "--table", "--scenario", "ro_pin_zeropage"])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("--table runs every scenario; it takes no --scenario"))
        let format = try CLIRunner.run(["run", Self.bundled, "--format", "markdown"])
        #expect(format.status == 2)
        #expect(format.stderr.contains("--format applies to --table only"))
    }

    @Test func singleVariantIsTheDefault() throws {
        let path = try CLIRunner.temporaryModel(
            "model m\nvar x: 0..2 = 0\naction inc() requires x < 2 { x := x + 1; }\nscenario s { inc(); inc(); }\n")
        let r = try CLIRunner.run(["run", path, "--scenario", "s"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("variant base"))
        #expect(r.stdout.contains("x: 1 -> 2"))
        #expect(r.stdout.contains("documented for base: nothing"))
    }

    @Test func tableOfTheBundledModelMatchesEveryDocumentedOutcome() throws {
        let r = try CLIRunner.run(["run", Self.bundled, "--table"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("every run matches the documented behaviour"))
        let zeropage = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("ro_pin_zeropage ") })
        #expect(zeropage.contains("violates pinned_page_stays_mapped ✓ [1]"))
        #expect(zeropage.contains("holds ✓ [3]"))
    }

    /// The historical bugs, each in the era that had it and not in the one that fixed it:
    /// the model's outcome of the cow.c-style scenarios, independently of their `expect`s.
    @Test(arguments: [
        ("vmsplice_in_child", "v4_8_3", "violates no_leak_from_parent_to_child"),
        ("vmsplice_in_child", "v5_9", "holds"),
        ("swap_vmsplice_unmap_in_child", "v5_9", "violates no_leak_from_parent_to_child"),
        ("swap_vmsplice_unmap_in_child", "v5_18", "holds"),
        ("dirty_cow", "v4_8_2", "violates private_mapping_never_writes_shared_page"),
        ("dirty_cow", "v4_8_3", "holds"),
        ("iouring_fork", "v5_8", "violates pinned_page_stays_mapped"),
        ("iouring_fork", "v5_9", "holds"),
        ("iouring_ro", "v5_9", "violates pinned_page_stays_mapped"),
        ("iouring_ro", "v5_18", "violates pinned_page_stays_mapped"),
        ("iouring_ro", "v6_1", "holds"),
        ("ro_pin_on_shared", "v5_9", "violates pinned_page_stays_mapped"),
        ("ro_pin_on_shared", "v6_1", "holds"),
        ("ro_pin_pagecache", "v6_1", "violates pinned_page_stays_mapped"),
        ("ro_pin_pagecache", "v6_2", "holds"),
        ("ro_pin_pagecache", "driver_workaround", "violates readonly_gup_has_no_write_side_effects"),
    ])
    func historicalBugAppearsOnlyInItsEra(scenario: String, variant: String, outcome: String) throws {
        let r = try CLIRunner.run(["run", Self.bundled, "--variant", variant, "--scenario", scenario])
        #expect(r.status == (outcome == "holds" ? 0 : 1))
        #expect(r.stdout.contains("outcome: \(outcome)\n"))
    }

    @Test func tableOfAModelWithoutScenariosSaysSo() throws {
        let path = try CLIRunner.temporaryModel("model m\nvar x: bool\naction flip() { x := !x; }\n")
        let r = try CLIRunner.run(["run", path, "--table"])
        #expect(r.status == 0)
        #expect(r.stdout == "\(path) declares no scenarios\n")
    }

    @Test func tableMismatchOrMissingExpectationExitsOne() throws {
        // `three` in fast violates small as documented; claim it holds instead, and leave
        // `stuck` without an expectation for fast.
        let text = Self.counter
            .replacingOccurrences(of: "expect fast: violates small \"by hand\";", with: "expect fast: holds \"wrong\";")
            .replacingOccurrences(of: "expect others: blocked", with: "expect slow: blocked")
        let path = try CLIRunner.temporaryModel(text)
        let r = try CLIRunner.run(["run", path, "--table", "--format", "markdown"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| `three`: three increments | holds ✓ [1] | violates small ✗ (documented: holds) [2] |"))
        #expect(r.stdout.contains("| `stuck` | blocked@1 ✓ [3] | blocked@1 ✗ (undocumented) |"))
        #expect(r.stdout.contains("1. by hand\n2. wrong\n3. reset needs x > 0"))
        let matching = try CLIRunner.run(["run", try CLIRunner.temporaryModel(Self.counter), "--table"])
        #expect(matching.status == 0)
    }

    @Test func committedScenarioTableIsUpToDate() throws {
        let r = try CLIRunner.run(["run", Self.bundled, "--table", "--format", "markdown"])
        #expect(r.status == 0)
        let page = CLIRunner.packageRoot.appendingPathComponent("docs/scenario-table.md")
        let committed = try Data(contentsOf: page)
        #expect(
            Data(r.stdout.utf8) == committed,
            "docs/scenario-table.md is stale: run scripts/scenario-table.sh and commit the result")
    }

    @Test func listShowsTheScenarios() throws {
        let r = try CLIRunner.run(["list", Self.bundled])
        #expect(r.status == 0)
        #expect(r.stdout.contains("scenarios:"))
        #expect(r.stdout.contains("ro_pin_zeropage (5 steps)  — R/O FOLL_LONGTERM pin of the shared zeropage, then a write"))
        #expect(r.stdout.contains("ro_pin_exclusive_anon (5 steps)"))
    }

    @Test func runHasHelp() throws {
        let r = try CLIRunner.run(["run", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE:"))
    }

    /// A patch's variant, which the bundled scenarios never knew, is judged by its base's
    /// documented outcome: "as v6_1" where it agrees, "differs from v6_1" where it does not
    /// (the base's `others` no longer calls every cell of a patch undocumented or wrong).
    @Test func aPatchIsJudgedByItsBasesExpectations() throws {
        let patch = try CLIRunner.temporaryModel(
            """
            model my_patch
            import "\(CLIRunner.packageRoot.appendingPathComponent(Self.bundled).path)"
            variant same extends v6_1 "6.1 unchanged"
            variant unshare extends v6_1 "6.1 unsharing non-anon pages for R/O long-term pins"
            variant unshare fn gup_must_unshare(p: Proc, flags: GupFlags, f: Frame) -> bool {
                if (flags & (FOLL_WRITE | FOLL_PIN)) != FOLL_PIN { return false; }
                if !page_anon(f) { return (flags & FOLL_LONGTERM) != 0; }
                return !page_anon_exclusive[f];
            }
            """, name: "patch.pin")
        let r = try CLIRunner.run([
            "run", patch, "--table", "--variant", "same", "--variant", "unshare", "--allow-imports-from",
            CLIRunner.packageRoot.appendingPathComponent("models").path,
        ])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.split(separator: " ", omittingEmptySubsequences: true) == ["scenario", "same", "unshare"])
        let pagecache = try #require(rows.first { $0.hasPrefix("ro_pin_pagecache ") })
        #expect(pagecache.contains("violates pinned_page_stays_mapped ✓ as v6_1"), "\(pagecache)")
        // 6.1's unshare fault handles anonymous pages only: asked to unshare a pagecache
        // page, GUP retries for ever.
        #expect(
            pagecache.contains("did-not-terminate@4 ✗ differs from v6_1 (documented: violates pinned_page_stays_mapped)"),
            "\(pagecache)")
        let fork = try #require(rows.first { $0.hasPrefix("cow_in_parent ") })
        #expect(fork.components(separatedBy: "holds ✓ as v6_1").count == 3, "\(fork)")
        #expect(!r.stdout.contains("(undocumented)"))
        let single = try CLIRunner.run([
            "run", patch, "--variant", "unshare", "--scenario", "ro_pin_pagecache", "--allow-imports-from",
            CLIRunner.packageRoot.appendingPathComponent("models").path,
        ])
        #expect(single.stdout.contains("documented for unshare (as its ancestor v6_1): violates pinned_page_stays_mapped"))
    }
}
