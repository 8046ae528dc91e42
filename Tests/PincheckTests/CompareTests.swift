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

    // The example patches of the bundled model, each against v6_2 (about 16 s each).

    @Test func aPatchThatForgetsThePagecacheRegressesThePinInvariant() throws {
        let r = try CLIRunner.run(["compare", "models/patches/zeropage_only.pin"])
        #expect(r.status == 1, "\(r.stderr)")
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

    @Test func theRestated62RuleIsIdenticalToV62() throws {
        let r = try CLIRunner.run(["compare", "models/patches/unshare_by_page_kind.pin"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("by_page_kind: identical to v6_2 on every invariant (13) and scenario (18)\n"), "\(r.stdout)")
    }

    @Test func droppingTheLongtermTestChangesStatesThatNothingChecksFor() throws {
        let r = try CLIRunner.run(["compare", "models/patches/no_longterm_test.pin", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let comparison = try #require((object["comparisons"] as? [[String: Any]])?.first)
        #expect(comparison["identical"] as? Bool == true)
        let states = try #require(comparison["states"] as? [String: Int])
        let variants = try #require(object["variants"] as? [[String: Any]])
        let counted = variants.map { ($0["statistics"] as? [String: Any])?["states"] as? Int }
        #expect([states["base"], states["patch"]] == counted)
        #expect(states["base"] != states["patch"])
        #expect((comparison["summary"] as? String)?.contains("nothing checked tells them apart") == true)
    }

    @Test func theDriversWorkaroundOn62HasWriteSideEffects() throws {
        let r = try CLIRunner.run(["compare", "models/patches/driver_workaround_on_6_2.pin"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "workaround_on_6_2 vs v6_2: 1 invariant regressed: readonly_gup_has_no_write_side_effects (violated in 3 steps)"
            ), "\(r.stdout)")
    }
}
