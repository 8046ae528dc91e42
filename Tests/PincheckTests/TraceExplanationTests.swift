import Foundation
import Testing

/// Counterexamples that explain themselves: the calls each step made, and the values that
/// break the invariant in the last state.
@Suite struct TraceExplanationTests {
    /// A step that changes nothing says what it read: every call it made, with its result,
    /// where a step that changes something shows only the calls of overridden rules.
    @Test func aStepThatChangesNothingShowsWhatItRead() throws {
        let path = try CLIRunner.temporaryModel(
            """
            model m
            var x: 0..3
            fn ready() -> bool { return x >= 2; }
            action poke() { if ready() { x := 3; } }
            action inc() requires x < 2 { if ready() { x := 0; } else { x := x + 1; } }
            scenario s { poke(); inc(); expect base: holds; }
            """)
        let r = try CLIRunner.run(["run", path, "--scenario", "s"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                """
                  1. poke()
                     (no state change; what it read, by every call it made:)
                     ↳ ready() = false  [model.pin:3]
                  2. inc()
                     x: 0 -> 1

                """), "\(r.stdout)")
    }

    /// The line of `needle` in the bundled model, counted here from the file.
    static func line(of needle: String) throws -> Int {
        let text = try String(
            contentsOf: CLIRunner.packageRoot.appendingPathComponent("models/gup_cow.pin"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.hasPrefix(needle) }) + 1
    }

    @Test func theV61CounterexampleShowsTheDecisionThePinnedFrameAndTheViolatedValues() throws {
        let r = try CLIRunner.run([
            "check", "models/gup_cow.pin", "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped",
        ])
        #expect(r.status == 1)
        let unshare = try Self.line(of: "variant v6_1 fn gup_must_unshare(")
        // The pin step (4) asked v6_1's gup_must_unshare() and it said no for the zeropage.
        #expect(
            r.stdout.contains(
                """
                    4. gup_step(p=0)
                       ↳ gup_must_unshare(p=0, flags=FOLL_PIN|FOLL_LONGTERM, f=ZERO_PAGE) = false  [v6_1 · gup_cow.pin:\(unshare)]
                       gup_ref[0].held: false -> true
                """), "\(r.stdout)")
        let invariant = try Self.line(of: "invariant pinned_page_stays_mapped:")
        #expect(
            r.stdout.contains(
                """
                    pinned_page_stays_mapped (models/gup_cow.pin:\(invariant):11) is false in the last state:
                      p = 0
                      premise: gup_ref[0].held = true; gup_ref[0].longterm = true; gup_ref[0].user_discarded = false; pte[0].present = true
                      but: pte[0].frame = ANON_PAGE_1 ≠ gup_ref[0].frame = ZERO_PAGE
                """), "\(r.stdout)")
        // Only the rules some variant overrides are shown by default; --calls shows every call.
        #expect(!r.stdout.contains("↳ vm_flags("))
        let all = try CLIRunner.run([
            "check", "models/gup_cow.pin", "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped", "--calls",
        ])
        #expect(all.stdout.contains("↳ vm_flags(p=0) = "), "\(all.stdout)")
        // Nested now under gup_step_once(), the call that made it.
        #expect(
            all.stdout.contains(
                "         ↳ gup_must_unshare(p=0, flags=FOLL_PIN|FOLL_LONGTERM, f=ZERO_PAGE) = false  [v6_1 · gup_cow.pin:\(unshare)]"
            ))
    }

    /// Each shape of invariant, explained in the state after `go`, worked out by hand: x = 3,
    /// y = 1, flag set, a = [true, false] (each invariant holds in the initial state, all 0).
    @Test(arguments: [
        ("x < 3", ["x = 3 ≥ 3"]),
        ("x == y || x == 0", ["x = 3 ≠ y = 1", "x = 3 ≠ 0"]),
        ("!flag", ["flag = true"]),
        ("flag ==> x < 2", ["premise: flag = true", "but: x = 3 ≥ 2"]),
        ("x < 3 || (x == 3 && y > 1)", ["x = 3 ≥ 3", "y = 1 ≤ 1"]),
        ("forall i: 0..1 :: flag ==> a[i]", ["i = 1", "premise: flag = true", "but: a[1] = false"]),
        ("forall i: 0..3 :: !flag || i < x", ["i = 3", "flag = true", "3 ≥ x = 3"]),
        ("exists i: 0..1 :: !flag || i > 1", ["(exists i: 0..1 :: !flag || (i > 1)) = false"]),
        ("!big(x + y)", ["big(x + y) = true"]),
        ("x + y < 4", ["(x + y) = 4 ≥ 4"]),
    ])
    func eachShapeOfInvariantIsExplained(_ condition: String, _ facts: [String]) throws {
        let path = try CLIRunner.temporaryModel(
            """
            model m
            var x: 0..3 = 0
            var y: 0..3 = 0
            var flag: bool = false
            var a: [0..1] bool = false
            fn big(n: int) -> bool { return n > 3; }
            action go() requires x == 0 { x := 3; y := 1; flag := true; a[0] := true; }
            invariant inv: \(condition)
            """)
        let r = try CLIRunner.run(["check", path])
        #expect(r.status == 1)
        let lines = r.stdout.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("    inv (") && $0.hasSuffix("is false in the last state:") })
        let explained = lines[(start + 1)...].prefix { $0.hasPrefix("      ") }.map { String($0.dropFirst(6)) }
        #expect(explained == facts, "\(r.stdout)")
    }
}
