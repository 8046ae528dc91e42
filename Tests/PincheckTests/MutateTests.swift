import Foundation
import Testing

/// `pincheck mutate` on a small GUP-like model whose mutants were worked out by hand.
@Suite struct MutateTests {
    /// `must_copy` answers whether a pin must copy the page first: only a R/O (PIN without
    /// WRITE) long-term pin, once. `gup` copies, then pins on its next step. Its 12 mutants:
    /// the if negated; each flag literal of `must_copy` (1 and 8 in `WRITE | PIN`, 16 in
    /// `f & LONG`) swapped for the two others; the first `return false` as true; the last
    /// return as true and as false; and each conjunct of its `&&` dropped.
    static let model = """
        model mut
        const WRITE = 1, PIN = 8, LONG = 16
        var flags: 0..31 = 0
        var last: 0..31 = 0
        var pinned: bool = false
        var copied: bool = false
        fn must_copy(f: int) -> bool {
            if (f & (WRITE | PIN)) != PIN { return false; }
            return (f & LONG) != 0 && !copied;
        }
        action request(w: bool, l: bool) requires flags == 0 && !pinned {
            flags := PIN + (w ? WRITE : 0) + (l ? LONG : 0);
            last := flags;
        }
        action gup() requires flags != 0 {
            if must_copy(flags) { copied := true; } else { pinned := true; flags := 0; }
        }
        invariant ro_long_pin_is_copied: pinned && (last & LONG) != 0 && (last & WRITE) == 0 ==> copied
        invariant short_pin_is_not_copied: pinned && (last & LONG) == 0 ==> !copied
        """

    @Test func killedAndSurvivingMutantsAreNamedWithTheirReason() throws {
        let path = try CLIRunner.temporaryModel(Self.model)
        let r = try CLIRunner.run(["mutate", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("mutate \(path), variant base: 12 mutants of must_copy\n"), "\(r.stdout)")
        // Negated, the if sends a R/O pin straight to pinning, with no copy.
        #expect(
            r.stdout.contains(
                "fn must_copy (\(path):8:5): negate the condition of the if\n    by invariant ro_long_pin_is_copied: holds → violated in 2"
            ), "\(r.stdout)")
        // Without `(f & LONG) != 0`, a short-term R/O pin copies too.
        #expect(
            r.stdout.contains(
                "drop the left conjunct (keep \(path):9:31)\n    by invariant short_pin_is_not_copied: holds → violated in 3"))
        // Answering always true, the pin copies forever and never pins: no state breaks
        // an invariant about pinned pages. A progress property would notice.
        #expect(
            r.stdout.contains("fn must_copy (\(path):9:5): return true instead\n    it reaches other states (9, the variant 10)"))
        // Treating a write pin as R/O (PIN for WRITE) copies write pins too, which no
        // invariant forbids.
        #expect(r.stdout.contains("fn must_copy (\(path):8:14): use flag 8 instead of 1\n    it reaches other states"))
        #expect(r.stdout.contains("survived (4):"))
        #expect(r.stdout.hasSuffix("score: 8 of 12 mutants killed (66%)\n"), "\(r.stdout)")
        let json = try CLIRunner.run(["mutate", path, "--json", "--workers", "1"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["mutant_count"] as? Int == 12)
        #expect(object["killed"] as? Int == 8)
    }

    @Test func unknownFunctionsAndMissingVariantsAreClearErrors() throws {
        let path = try CLIRunner.temporaryModel(Self.model)
        var r = try CLIRunner.run(["mutate", path, "--function", "must_cpy"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown function or procedure 'must_cpy'; did you mean 'must_copy'?"), "\(r.stderr)")
        r = try CLIRunner.run(["mutate", "models/gup_cow.pin"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("has several variants; choose one with --variant"), "\(r.stderr)")
    }

    @Test func theDocumentedScoreForV6_2IsWhatMutatePrints() throws {
        let r = try CLIRunner.run(["mutate", "models/gup_cow.pin", "--variant", "v6_2"])
        #expect(r.status == 0, "\(r.stderr)")
        let printed = try #require(r.stdout.range(of: "survived (")).lowerBound
        let page = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("docs/mutation.md"), encoding: .utf8)
        let block = try #require(page.range(of: "```\nsurvived (")).lowerBound
        let documented = page[page.index(block, offsetBy: 4)...].prefix { _ in true }
        let end = try #require(documented.range(of: "\n```")).lowerBound
        #expect(
            String(r.stdout[printed...]) == String(documented[..<end]) + "\n",
            "docs/mutation.md is stale: rerun `pincheck mutate models/gup_cow.pin --variant v6_2` and copy its survivors")
    }
}
