import PinLang
import Testing

/// "Did you mean": a likely typo gets the nearest declared name, a name far from every
/// declared one gets none.
@Suite struct SuggestionTests {
    @Test func aTypoGetsTheNearestName() {
        #expect(
            Suggestion.closest(to: "pinned_page_stays_maped", among: ["no_vm_bug_on", "pinned_page_stays_mapped"])
                == "pinned_page_stays_mapped")
        #expect(Suggestion.closest(to: "V6_2", among: ["v6_1", "v6_2"]) == "v6_2")
        #expect(Suggestion.closest(to: "chek", among: ["check", "run", "list"]) == "check")
        #expect(Suggestion.closest(to: "frob", among: ["check", "run", "list"]) == nil)
        #expect(Suggestion.closest(to: "cuont", among: ["count"]) == "count", "a swap of neighbours is one edit")
        #expect(Suggestion.closest(to: "x", among: ["y", "X"]) == "X", "a short name gets only a difference of case")
        #expect(Suggestion.closest(to: "", among: ["a"]) == nil)
        #expect(Suggestion.closest(to: "abc", among: []) == nil)
    }

    @Test func unknownNamesInAModelSuggestTheDeclaredOne() {
        let found = diagnostics(
            of: "model m\nvar count: 0..3\nconst LIMIT = 2\naction a() { cuont := LIMTI; }\ninvariant i: cuont < 3\n")
        #expect(
            found.map(\.message) == [
                "cannot assign to 'cuont': it is not a state variable; did you mean 'count'?",
                "unknown name 'LIMTI'; did you mean 'LIMIT'?",
                "unknown name 'cuont'; did you mean 'count'?",
            ])
        #expect(found.map(\.location.column) == [14, 23, 14])
    }
}
