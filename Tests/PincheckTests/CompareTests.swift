import Foundation
import Testing

/// `pincheck compare`, end to end: a small model whose variants differ in known ways, and
/// the example patches of the bundled model (`models/patches/`).
@Suite struct CompareTests {
    /// `slow` counts to 6 one at a time: `small` is violated in 4 steps, `not_five` in 5.
    /// `fast` adds 2 (x is 0, 2, 4, 6): `small` in 2 steps, `not_five` holds. `careful`
    /// stops at 3: both hold.
    static let counter = """
        model counter
        variant slow "one at a time"
        variant fast extends slow "two at a time"
        variant careful extends slow "stops at 3"
        var x: 0..7 = 0
        action inc() requires x < 6 { x := x + 1; }
        variant fast action inc() requires x < 6 { x := x + 2; }
        variant careful action inc() requires x < 3 { x := x + 1; }
        action reset() requires x > 0 { x := 0; }
        invariant small: x < 4
        invariant not_five: x != 5
        scenario three "three increments" { inc(); inc(); inc(); expect slow: holds "by hand"; }
        """

    @Test func eachPatchIsComparedWithTheVariantItExtends() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let r = try CLIRunner.run(["compare", path])
        #expect(r.status == 0, "\(r.stderr)")  // nothing regressed
        // Each line as its cells (columns are three or more spaces apart).
        let rows = r.stdout.split(separator: "\n").map { line in
            line.components(separatedBy: "   ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        #expect(rows.contains(["invariant", "slow", "fast", "careful"]), "\(r.stdout)")
        #expect(rows.contains(["small", "VIOLATED in 4", "VIOLATED in 2", "holds"]), "\(r.stdout)")
        #expect(rows.contains(["not_five", "VIOLATED in 5", "holds", "holds"]), "\(r.stdout)")
        // The search stops once every invariant is decided: slow at x = 5, after 6 states.
        #expect(rows.contains(["states", "6", "4", "4"]), "\(r.stdout)")
        #expect(rows.contains(["three", "holds ✓", "violates small ✗ (undocumented)", "holds ✗ (undocumented)"]), "\(r.stdout)")
        #expect(
            r.stdout.contains(
                "\nfast vs slow: 1 invariant fixed: not_five; 1 invariant violated at another depth: small (4 → 2 steps); "
                    + "1 scenario differs: three (holds → violates small)\n"), "\(r.stdout)")
        #expect(r.stdout.contains("\ncareful vs slow: 2 invariants fixed: small, not_five"), "\(r.stdout)")
        #expect(r.stderr.contains("compared 3 variants in"), "\(r.stderr)")
        // Nothing in the output changes from run to run.
        #expect(try CLIRunner.run(["compare", path]).stdout == r.stdout)
    }

    @Test func aRegressionIsNamedWithAShortestTraceAndExitsOne() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let r = try CLIRunner.run(["compare", path, "--variant", "careful", "--variant", "slow"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "slow vs careful: 2 invariants regressed: small (violated in 4 steps), not_five (violated in 5 steps)"),
            "\(r.stdout)")
        #expect(r.stdout.contains("slow: small, regressed against careful, violated in 4 steps:"), "\(r.stdout)")
        #expect(r.stdout.contains("    4. inc()\n       x: 3 -> 4\n"), "\(r.stdout)")
    }

    @Test func jsonAndMarkdownCarryTheSameComparison() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let json = try CLIRunner.run(["compare", path, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let variants = try #require(object["variants"] as? [[String: Any]])
        #expect(variants.map { $0["variant"] as? String } == ["slow", "fast", "careful"])
        #expect((variants[0]["statistics"] as? [String: Any])?["states"] as? Int == 6)
        let comparisons = try #require(object["comparisons"] as? [[String: Any]])
        #expect(comparisons.map { $0["variant"] as? String } == ["fast", "careful"])
        #expect(comparisons[0]["fixed"] as? [String] == ["not_five"])
        #expect(comparisons[1]["fixed"] as? [String] == ["small", "not_five"])
        #expect(comparisons[1]["identical"] as? Bool == false)
        let markdown = try CLIRunner.run(["compare", path, "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("# `pincheck compare \(path)` (engine explicit)"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("- careful vs slow: 2 invariants fixed: small, not_five"))
        #expect(markdown.stdout.contains("| invariant | `slow` | `fast` | `careful` |"), "\(markdown.stdout)")
    }

    @Test func nothingToCompareIsAClearError() throws {
        let path = try CLIRunner.temporaryModel("model m\nvar x: bool\naction flip() { x := !x; }\ninvariant i: true\n")
        var r = try CLIRunner.run(["compare", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("declares no variant that extends another; name the variants to compare with"))
        r = try CLIRunner.run(["compare", path, "--variant", "base"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("give --variant at least twice"), "\(r.stderr)")
    }

    // Coverage: what the reachable states never exercise.

    /// `never` is called only on a branch no state takes (x never exceeds 3), and `patch`
    /// overrides it: its verdicts say nothing of the override.
    static let unreached = """
        model cov
        variant base "the base"
        variant patch extends base "overrides a function the model never reaches"
        var x: 0..3 = 0
        fn step() -> int { return 1; }
        fn never() -> int { return 0; }
        variant patch fn never() -> int { return 2; }
        action inc() requires x < 3 { if x > 5 { x := never(); } else { x := x + step(); } }
        action dead() requires x > 5 { x := 0; }
        invariant small: x <= 3
        invariant guarded: x == 7 ==> x == 0
        """

    @Test func coverageNamesWhatTheReachableStatesNeverExercise() throws {
        let path = try CLIRunner.temporaryModel(Self.unreached)
        let r = try CLIRunner.run(["check", path, "--variant", "patch", "--coverage"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "  coverage over 4 reachable states:"), "\(r.stdout)")
        #expect(
            Array(lines[start...]) == [
                "  coverage over 4 reachable states:",
                "    action instances never enabled:", "      dead()",
                "    never run:", "      fn never [patch] (\(path):7:18)", "      action dead (\(path):9:8)",
                "    branches never taken:", "      then branch in inc (\(path):8:31)",
                "    implications whose premise never holds (vacuous):",
                "      invariant guarded: premise never holds (\(path):11:20)",
            ], "\(r.stdout)")
        let json = try CLIRunner.run(["check", path, "--variant", "patch", "--coverage", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let variant = try #require((object["variants"] as? [[String: Any]])?.first)
        let coverage = try #require(variant["coverage"] as? [String: Any])
        #expect(coverage["states"] as? Int == 4)
        #expect(coverage["instances_never_enabled"] as? [String] == ["dead()"])
    }

    @Test func compareWarnsWhenAPatchsOverrideNeverRuns() throws {
        let path = try CLIRunner.temporaryModel(Self.unreached)
        let r = try CLIRunner.run(["compare", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("patch: identical to base on every invariant (2)\n"), "\(r.stdout)")
        #expect(
            r.stdout.contains(
                "warning: patch's override fn never (\(path):7:18) never runs in its reachable states; nothing checked exercises it"
            ),
            "\(r.stdout)")
        let quiet = try CLIRunner.run(["compare", path, "--no-coverage"])
        #expect(!quiet.stdout.contains("warning:"), "\(quiet.stdout)")
    }

    // --explain: the variants side by side.

    @Test func explainFindsAShortestTraceThatAnInvariantTellsApart() throws {
        let path = try CLIRunner.temporaryModel(Self.counter)
        let r = try CLIRunner.run(["compare", path, "--explain", "slow", "careful"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("a shortest trace that an invariant tells apart (4 steps):"), "\(r.stdout)")
        // careful cannot take the fourth inc (x < 3 fails) and stays at 3.
        #expect(r.stdout.contains("  4. inc()   (careful cannot take it: disabled or faulting)\n       slow: x: 3 -> 4\n"))
        #expect(r.stdout.contains("after step 4: small is violated in slow and holds in careful"))
        #expect(r.stdout.contains("the states differ in:\n      x: slow 4, careful 3"))
        let json = try CLIRunner.run(["compare", path, "--explain", "slow", "careful", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let difference = try #require(object["invariant_difference"] as? [String: Any])
        #expect(difference["invariant"] as? String == "small")
        #expect(difference["broken_in"] as? String == "slow")
        #expect(difference["length"] as? Int == 4)
    }

    @Test func explainSaysWhenNothingTellsTwoVariantsApart() throws {
        // `same` rewrites inc without changing what it does.
        let path = try CLIRunner.temporaryModel(
            Self.counter
                + "\nvariant same extends slow \"inc restated\"\nvariant same action inc() requires !(x >= 6) { x := 1 + x; }\n")
        let r = try CLIRunner.run(["compare", path, "--explain", "slow", "same"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("explored side by side: 7 pairs of states, depth 6"), "\(r.stdout)")
        #expect(r.stdout.contains("no invariant tells them apart"))
        #expect(r.stdout.contains("they never behave differently"))
        // Stopped before it covered every pair: no verdict.
        let cut = try CLIRunner.run(["compare", path, "--explain", "slow", "same", "--max-pairs", "3"])
        #expect(cut.status == 3, "\(cut.stderr)")
        #expect(cut.stdout.contains("no invariant told them apart before the search stopped (pair limit of 3 reached"))
        let misuse = try CLIRunner.run(["compare", path, "--explain", "slow"])
        #expect(misuse.status == 2)
        #expect(misuse.stderr.contains("--explain takes two variants"), "\(misuse.stderr)")
    }

    /// The acceptance case: 6.1 and 6.2 differ first at the GUP step (6.2 unshares the
    /// zeropage before pinning), and `pinned_page_stays_mapped` tells them apart after the
    /// write that follows (the 5-step zeropage case).
    @Test func explainV61AgainstV62IsTheZeropageCase() throws {
        let r = try CLIRunner.run(["compare", "models/gup_cow.pin", "--explain", "v6_1", "v6_2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("a shortest trace that an invariant tells apart (5 steps):"), "\(r.stdout)")
        #expect(r.stdout.contains("after step 5: pinned_page_stays_mapped is violated in v6_1 and holds in v6_2"))
        #expect(r.stdout.contains("       v6_2: pte[0].frame: ZERO_PAGE -> ANON_PAGE_1"))
        #expect(r.stdout.contains("they first behave differently after 4 steps:"))
    }

    // The example patches of the bundled model, each against v6_2 (about 16 s each).

    @Test func aPatchThatForgetsThePagecacheRegressesThePinInvariant() throws {
        let r = try CLIRunner.run(["compare", "models/patches/zeropage_only.pin"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(!r.stdout.contains("warning:"), "the override runs: \(r.stdout)")
        #expect(
            r.stdout.contains(
                "zeropage_only vs v6_2: 1 invariant regressed: pinned_page_stays_mapped (violated in 5 steps); "
                    + "1 scenario differs: ro_pin_pagecache (holds → violates pinned_page_stays_mapped)"), "\(r.stdout)")
        // The shortest trace: a R/O long-term pin of the pagecache page, then a write fault
        // that maps an anonymous copy in its place.
        #expect(r.stdout.contains("1. mmap(kind=MAP_PRIVATE_FILE, prot_write=true)"), "\(r.stdout)")
        #expect(r.stdout.contains("gup_ref[0].frame: ZERO_PAGE -> FILE_PAGE"))
        #expect(r.stdout.contains("pte[0].frame: FILE_PAGE -> ANON_PAGE_1"))
        // The patch's scenario column is judged by v6_2's documented outcomes.
        #expect(r.stdout.contains("violates pinned_page_stays_mapped ✗ differs from v6_2 (documented: holds)"))
        #expect(r.stdout.contains("holds ✓ as v6_2"))
    }

    /// The README's patch (in its "Review a patch" section) fixes the invariant and makes
    /// three scenarios' GUP loops never end, as the README says.
    @Test func theReadmesPatchFixesTheInvariantAndLoopsInThreeScenarios() throws {
        let readme = try String(contentsOfFile: "README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```pin\nmodel my_patch\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let models = FileManager.default.currentDirectoryPath + "/models"
        let text = String(readme[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "import \"../gup_cow.pin\"", with: "import \"\(models)/gup_cow.pin\"")
        let path = try CLIRunner.temporaryModel("model my_patch\n" + text, name: "my_patch.pin")
        let r = try CLIRunner.run(["compare", path, "--allow-imports-from", models])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "my_fix vs v6_1: 1 invariant fixed: pinned_page_stays_mapped; 3 scenarios no longer complete: "
                    + "ro_pin_zeropage, ro_pin_pagecache, ro_pin_shared_file; 3 scenarios differ:"), "\(r.stdout)")
        #expect(r.stdout.contains("did-not-terminate@4 ✗ differs from v6_1 (documented: violates pinned_page_stays_mapped)"))
    }

    @Test func theRestated62RuleIsIdenticalToV62() throws {
        let r = try CLIRunner.run(["compare", "models/patches/unshare_by_page_kind.pin", "--no-coverage"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("by_page_kind: identical to v6_2 on every invariant (14) and scenario (26)\n"), "\(r.stdout)")
    }

    /// The acceptance case for a correct patch: proved, every invariant, in seconds, by
    /// v6_2's committed invariant (the base under the bundled model's name, the patch
    /// through its ancestor).
    @Test func theRestated62RuleIsProvedIdenticalByPdr() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-compare-\(UUID().uuidString)")
        let r = try CLIRunner.run([
            "compare", "models/patches/unshare_by_page_kind.pin", "--engine", "pdr", "--certificates", folder.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("pinned_page_stays_mapped                   holds (proved)   holds (proved)"), "\(r.stdout)")
        #expect(r.stdout.contains("by_page_kind: identical to v6_2 on every invariant (14) and scenario (26)\n"))
        #expect(
            FileManager.default.fileExists(
                atPath: folder.appendingPathComponent("unshare_by_page_kind/by_page_kind/no_vm_bug_on/certificate.txt").path))
    }

    @Test func droppingTheLongtermTestFailsTheShortTermPinsAssertion() throws {
        let r = try CLIRunner.run(["compare", "models/patches/no_longterm_test.pin", "--format", "json", "--no-coverage"])
        #expect(r.status == 1, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let comparison = try #require((object["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["identical"] as? Bool == false)
        #expect((comparison["regressed"] as? [Any])?.isEmpty == true, "no invariant tells the patch from v6_2")
        #expect(comparison["scenarios_failing_assertions"] as? [String] == ["short_ro_pin_zeropage"])
        let states = try #require(comparison["states"] as? [String: Int])
        let variants = try #require(object["variants"] as? [[String: Any]])
        let counted = variants.map { ($0["statistics"] as? [String: Any])?["states"] as? Int }
        #expect([states["base"], states["patch"]] == counted)
        #expect(states["base"] != states["patch"])
        #expect(
            comparison["summary"] as? String
                == "no_longterm_test vs v6_2: 1 scenario with an assertion failing that holds in v6_2: short_ro_pin_zeropage; "
                + "1 scenario differs: short_ro_pin_zeropage (holds → assert 1 fails)")
    }

    @Test func aPatchThatChangesOnlyStatesNothingChecksIsIdenticalThoughItReachesOtherStates() throws {
        // Short-term R/O pins of a pagecache page in a COW mapping unshare too (the zeropage
        // keeps v6_2's rule): other states, but no invariant is about short-term pins and
        // no scenario takes one of a pagecache page.
        let models = FileManager.default.currentDirectoryPath + "/models"
        let path = try CLIRunner.temporaryModel(
            """
            model pagecache_short
            import "\(models)/gup_cow.pin"
            variant pagecache_short extends v6_2
            variant pagecache_short fn gup_must_unshare(p: Proc, flags: GupFlags, f: Frame) -> bool {
                if (flags & (FOLL_WRITE | FOLL_PIN)) != FOLL_PIN {
                    return false;
                }
                if !page_anon(f) {
                    if (flags & FOLL_LONGTERM) == 0 && f == ZERO_PAGE {
                        return false;
                    }
                    return is_cow_mapping(vm_flags(p));
                }
                return !page_anon_exclusive[f];
            }
            """, name: "pagecache_short.pin")
        let r = try CLIRunner.run(["compare", path, "--no-coverage", "--allow-imports-from", models])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "pagecache_short: identical to v6_2 on every invariant (14) and scenario (26), though it reaches other states ("
            ), "\(r.stdout)")
    }

    @Test func theDriversWorkaroundOn62HasWriteSideEffects() throws {
        let r = try CLIRunner.run(["compare", "models/patches/driver_workaround_on_6_2.pin", "--no-coverage"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "workaround_on_6_2 vs v6_2: 1 invariant regressed: readonly_gup_has_no_write_side_effects (violated in 3 steps)"
            ), "\(r.stdout)")
    }
}
