import Foundation
import PinLang
import Testing

/// The first syntax error of `text` as `line:col: message`.
private func firstSyntaxError(_ text: String) -> String {
    do {
        _ = try Parser.parse(text, path: "m.pin")
        return "no error"
    } catch {
        guard let first = error.diagnostics.first else { return "empty DiagnosticError" }
        return "\(first.location.line):\(first.location.column): \(first.message)"
    }
}

/// The scenario declarations of `text`.
private func scenarios(_ text: String) throws -> [ScenarioDecl] {
    try Parser.parse(text, path: "m.pin").declarations.compactMap {
        if case .scenario(let s) = $0.kind { return s }
        return nil
    }
}

/// A scenario step as `[repeat ]action(arg, …)`, arguments as written (names and integers only).
private func show(_ step: ScenarioStepDecl) -> String {
    let arguments = step.arguments.map { argument -> String in
        switch argument {
        case .name(let id): return id.name
        case .integer(let v, _): return String(v)
        case .boolean(let v, _): return String(v)
        default: return "?"
        }
    }
    return (step.repeats ? "repeat " : "") + "\(step.action.name)(\(arguments.joined(separator: ", ")))"
}

/// An expectation as `variants: outcome [source]`.
private func show(_ e: ExpectationDecl) -> String {
    let outcome: String
    switch e.outcome {
    case .holds: outcome = "holds"
    case .blocked: outcome = "blocked"
    case .violates(let names): outcome = "violates " + names.map(\.name).joined(separator: ", ")
    }
    return e.variants.map(\.name).joined(separator: ", ") + ": " + outcome + (e.source.map { " [\($0)]" } ?? "")
}

// Positions below are counted by hand from the text of each case.
let scenarioSyntaxErrorCases: [CheckerCase] = [
    .init(
        text: "model m\nscenario s { inc(1) inc(2); }", line: 2, column: 21,
        message: "expected ';' after scenario step, found 'inc'"),
    .init(
        text: "model m\nscenario s { expect a: holds; inc(1); }", line: 2, column: 31,
        message: "expected 'expect' or '}' (a scenario's steps come before its expectations), found 'inc'"),
    .init(
        text: "model m\nscenario s { expect a: passes; }", line: 2, column: 24,
        message: "expected 'holds', 'violates' or 'blocked' after ':', found 'passes'"),
    .init(
        text: "model m\nscenario s { expect a: violates; }", line: 2, column: 32,
        message: "expected invariant name after 'violates', found ';'"),
    .init(
        text: "model m\nscenario s { expect a holds; }", line: 2, column: 23,
        message: "expected ':' after the variants of an expectation, found 'holds'"),
    .init(
        text: "model m\nscenario s inc(1);", line: 2, column: 12,
        message: "expected '{' to begin the scenario, found 'inc'"),
    .init(
        text: "model m\nscenario s { repeat ; }", line: 2, column: 21,
        message: "expected action name after 'repeat', found ';'"),
    .init(
        text: "model m\nscenario s {\n    inc(1);\n", line: 4, column: 1,
        message: "expected '}' at the end of the scenario, found end of file"),
    .init(
        text: "model m\nscenario s { assert ; }", line: 2, column: 21,
        message: "expected expression, found ';'"),
    .init(
        text: "model m\nscenario s { assert x y; }", line: 2, column: 23,
        message: "expected ';' after assertion, found 'y'"),
    .init(
        text: "model m\nscenario s { expect a: holds; assert x; }", line: 2, column: 31,
        message: "expected 'expect' or '}' (a scenario's steps come before its expectations), found 'assert'"),
    .init(
        text: "model m\nvariant v scenario s { }", line: 2, column: 11,
        message:
            "a scenario cannot be variant-specific; declare it without 'variant v' and give each variant an 'expect'"),
]

/// A model with two variants, a procedure, a parameterised action and an invariant; a
/// scenario appended to it starts on line 8.
private let header = """
    model m
    variant a
    variant b extends a
    var x: 0..3 = 0
    proc p() { }
    action inc(k: 1..2) requires x < 3 { x := x + 1; }
    invariant small: x < 2

    """

let scenarioCheckerCases: [CheckerCase] = [
    .init(text: header + "scenario s { dec(1); }", line: 8, column: 14, message: "unknown action 'dec'"),
    .init(
        text: header + "scenario s { p(); }", line: 8, column: 14,
        message: "'p' is not an action; a scenario step applies an action"),
    .init(
        text: header + "scenario s { inc(); }", line: 8, column: 14,
        message: "action 'inc' takes 1 argument, but 0 were given"),
    .init(
        text: header + "scenario s { inc(true); }", line: 8, column: 18,
        message: "argument 1 of action 'inc' has type bool, expected 1..2"),
    .init(
        text: header + "scenario s { inc(3); }", line: 8, column: 18,
        message: "argument 1 of action 'inc' is 3, outside its type 1..2"),
    .init(
        text: header + "scenario s { inc(x); }", line: 8, column: 18,
        message: "a constant expression cannot read state variable 'x'"),
    .init(
        text: header + "scenario s { inc(1); expect c: holds; }", line: 8, column: 29,
        message: "unknown variant 'c'; the model declares a, b"),
    .init(
        text: header + "scenario s { expect a: violates big; }", line: 8, column: 33,
        message: "unknown invariant 'big'; the model declares small"),
    .init(
        text: header + "scenario s { expect a: holds; expect b, a: blocked; }", line: 8, column: 41,
        message: "variant 'a' already has an expectation in scenario 's'"),
    .init(
        text: header + "scenario s { expect others: holds; expect a: holds; }", line: 8, column: 21,
        message: "'others' must be in the last expectation of scenario 's': it stands for every variant not named before it"),
    .init(
        text: header + "scenario s { expect a, others: holds; }", line: 8, column: 24,
        message: "'others' stands for every variant not named before it; list it alone"),
    .init(
        text: header + "scenario s { expect a: violates small, small; }", line: 8, column: 40,
        message: "invariant 'small' is listed twice"),
    .init(
        text: header + "scenario s { }\nscenario s { }", line: 9, column: 10, message: "scenario 's' is already declared"),
    .init(text: header + "scenario s { assert x + 1; }", line: 8, column: 21, message: "an assertion must be bool, found int"),
    .init(text: header + "scenario s { assert k > 0; }", line: 8, column: 21, message: "unknown name 'k'"),
    .init(
        text: header + "scenario s { assert(x > 0, true); }", line: 8, column: 14,
        message: "an assertion has one condition: 'assert CONDITION;'"),
]

@Suite struct ScenarioSyntaxTests {
    @Test func scenarioParsesIntoStepsAndExpectations() throws {
        let parsed = try scenarios(
            """
            model m
            scenario ro_pin_zeropage "cow.c: R/O pin of the zeropage" {
                mmap(MAP_PRIVATE_ANON, true);
                read(PARENT);
                repeat gup_step(PARENT);
                write(PARENT);
                expect v6_1: violates pinned_page_stays_mapped "84209e87c696";
                expect v6_2, v6_3: holds "cow.c";
                expect others: violates pinned_page_stays_mapped, no_vm_bug_on
            }
            """)
        let s = try #require(parsed.first)
        #expect(s.name.name == "ro_pin_zeropage")
        #expect(s.doc == "cow.c: R/O pin of the zeropage")
        #expect(
            s.steps.map(show) == [
                "mmap(MAP_PRIVATE_ANON, true)", "read(PARENT)", "repeat gup_step(PARENT)", "write(PARENT)",
            ])
        #expect(
            s.expectations.map(show) == [
                "v6_1: violates pinned_page_stays_mapped [84209e87c696]", "v6_2, v6_3: holds [cow.c]",
                "others: violates pinned_page_stays_mapped, no_vm_bug_on",
            ])
        // The step's range is the action call, without `repeat` and the `;`: line 5, `gup_step(PARENT)`.
        #expect(s.steps[2].range.start.line == 5)
        #expect(s.steps[2].range.start.column == 12)
        #expect(s.steps[2].range.end.column == 28)
    }

    @Test func scenarioWordsAreContextual() throws {
        // Actions named `expect` and `repeat` are steps when a '(' follows; the words stay usable as names.
        let parsed = try scenarios(
            """
            model m
            var holds: bool
            var others: bool
            scenario s { expect(1); repeat(2); repeat expect(3); expect others: blocked; }
            scenario empty { }
            """)
        #expect(parsed.count == 2)
        #expect(parsed[0].steps.map(show) == ["expect(1)", "repeat(2)", "repeat expect(3)"])
        #expect(parsed[0].expectations.map(show) == ["others: blocked"])
        #expect(parsed[1].steps.isEmpty && parsed[1].expectations.isEmpty)
    }

    @Test func assertionsAreParsedWithTheNumberOfStepsBeforeThem() throws {
        let parsed = try scenarios(
            """
            model m
            scenario s { assert x == 0; inc(1); repeat inc(2); assert x > 1 && y "why"; assert(z); expect a: holds; }
            """)
        let s = try #require(parsed.first)
        // `assert(z)` is parsed as a step; the checker reads it as an assertion when the
        // model has no action named `assert`.
        #expect(s.steps.map(show) == ["inc(1)", "repeat inc(2)", "assert(z)"])
        #expect(s.assertions.map(\.position) == [0, 2])
        #expect(s.assertions.map(\.source) == [nil, "why"])
        #expect(s.assertions[1].condition.range.start.column == 59)
    }

    @Test(arguments: scenarioSyntaxErrorCases)
    func malformedScenarioGivesSyntaxErrorAtPosition(_ c: CheckerCase) {
        #expect(firstSyntaxError(c.text) == "\(c.line):\(c.column): \(c.message)")
    }
}

@Suite struct ScenarioCheckerTests {
    @Test(arguments: scenarioCheckerCases)
    func malformedScenarioGivesDiagnosticAtPosition(_ c: CheckerCase) {
        let found = diagnostics(of: c.text)
        let matches = found.filter { $0.message == c.message }
        #expect(!matches.isEmpty, "expected '\(c.message)', got \(found.map { "\($0.location): \($0.message)" })")
        // Checked once per variant, reported once.
        #expect(matches.count == 1)
        #expect(matches.first?.location.line == c.line)
        #expect(matches.first?.location.column == c.column)
    }

    @Test func repeatedNamesPointAtTheEarlierOne() {
        let duplicateVariant = diagnostics(of: header + "scenario s { expect a: holds; expect b, a: blocked; }")
        #expect(duplicateVariant.first?.notes.map { "\($0.range.start.line):\($0.range.start.column)" } == ["8:21"])
        let duplicateScenario = diagnostics(of: header + "scenario s { }\nscenario s { }")
        #expect(duplicateScenario.first?.notes.map { "\($0.range.start.line):\($0.range.start.column)" } == ["8:10"])
    }

    @Test func stepsResolveToTheVariantsActionsWithConstantArguments() throws {
        let loaded = try LoadedProgram.load(
            text: """
                model m
                variant a
                variant b extends a
                enum Kind { anon, file }
                const ONE = 1
                var x: 0..3 = 0
                var k: Kind = anon
                action set(v: Kind, on: bool) { k := v; }
                action inc(n: 1..2) requires x < 3 { x := x + 1; }
                variant b action inc(n: 1..2) requires x < 2 { x := x + n; }
                invariant small: x < 2
                scenario s "doc" { set(file, !false); repeat inc(ONE + 1); expect a: holds; expect others: violates small; }
                """, path: "m.pin")
        #expect(loaded.program.scenarios.map(\.name.name) == ["s"])
        for variant in ["a", "b"] {
            let model = try loaded.program.model(variant: variant)
            let s = try #require(model.scenarios.first)
            #expect(s.doc == "doc")
            #expect(s.steps.map { model.actions[$0.action].name } == ["set", "inc"])
            // Enum constants by ordinal, bools as 0/1, constant expressions folded.
            #expect(s.steps.map(\.arguments) == [[1, 1], [2]])
            #expect(s.steps.map(\.repeats) == [false, true])
        }
        let b = try loaded.program.model(variant: "b")
        #expect(b.actions[b.scenarios[0].steps[1].action].variant == "b")
        let s = b.scenarios[0]
        #expect(s.expectation(for: "a")?.outcome == .holds)
        #expect(s.expectation(for: "b")?.outcome == .violates(["small"]))
        #expect(s.expectation(for: "b")?.coversOthers == true)
    }

    @Test func assertionsResolveAsConditionsOverTheState() throws {
        let text = header + "scenario s { assert x == 0; inc(1); assert(x == 1); inc(2); assert forall i: 0..1 :: x > i; }"
        let s = try #require(try LoadedProgram.load(text: text, path: "m.pin").program.model(variant: "a").scenarios.first)
        #expect(s.steps.count == 2)
        #expect(s.assertions.map(\.position) == [0, 1, 2])
        #expect(s.assertions.map(\.range.start.column) == [21, 44, 68])
        #expect(s.assertions[2].locals.map(\.name) == ["i"])
        // With an action named `assert`, `assert(…)` applies it.
        let withAction = try LoadedProgram.load(
            text: header.replacingOccurrences(of: "proc p() { }", with: "action assert(v: bool) { }")
                + "scenario s { assert(true); assert x == 0; }", path: "m.pin"
        ).program.model(variant: "a").scenarios[0]
        #expect(withAction.steps.count == 1 && withAction.assertions.map(\.position) == [1])
    }

    @Test func withoutOthersAnUnnamedVariantHasNoExpectation() throws {
        let model = try LoadedProgram.load(text: header + "scenario s { expect b: blocked \"doc\"; }", path: "m.pin")
            .program.model(variant: "a")
        #expect(model.scenarios[0].expectation(for: "a") == nil)
        #expect(model.scenarios[0].expectation(for: "b")?.source == "doc")
    }

    @Test func scenarioInAnImportingFileUsesTheImportedModel() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try header.write(to: folder.appendingPathComponent("base.pin"), atomically: true, encoding: .utf8)
        try """
        model patch
        import "base.pin"
        variant c extends b "a patch"
        scenario twice { inc(1); inc(2); expect a, b: violates small; expect c: holds "the patch"; }
        """.write(to: folder.appendingPathComponent("patch.pin"), atomically: true, encoding: .utf8)
        let loaded = try LoadedProgram.load(path: folder.appendingPathComponent("patch.pin").path)
        #expect(loaded.program.variantNames == ["a", "b", "c"])
        let model = try loaded.program.model(variant: "c")
        #expect(model.scenarios.map(\.name) == ["twice"])
        #expect(model.scenarios[0].steps.map(\.arguments) == [[1], [2]])
        #expect(model.scenarios[0].expectation(for: "c")?.source == "the patch")
    }
}
