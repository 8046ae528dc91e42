import PinLang
import Testing

private func location(_ file: String, _ line: Int, _ column: Int) -> PinLang.SourceLocation {
    PinLang.SourceLocation(file: file, line: line, column: column)
}

@Suite struct DiagnosticRendererTests {
    private let path = "models/x.pin"
    private let text = "model x\n\nvar x = 3\n"

    @Test func errorShowsTheSourceLineAndACaret() {
        let renderer = DiagnosticRenderer(sources: [path: text])
        let diagnostic = Diagnostic.error(
            "expected ':' after variable name, found '='", at: SourceRange(location(path, 3, 7), location(path, 3, 8)))
        #expect(
            renderer.render(diagnostic) == """
                models/x.pin:3:7: error: expected ':' after variable name, found '='
                    var x = 3
                          ^
                """)
    }

    @Test func rangeOnOneLineIsUnderlined() {
        let renderer = DiagnosticRenderer(sources: [path: "model x\ninvariant i: a + bcd\n"])
        let diagnostic = Diagnostic.error("bad sum", at: SourceRange(location(path, 2, 14), location(path, 2, 21)))
        #expect(
            renderer.render(diagnostic) == "models/x.pin:2:14: error: bad sum\n    invariant i: a + bcd\n                 ^~~~~~~"
        )
    }

    @Test func rangeOverSeveralLinesGetsOneCaret() {
        let renderer = DiagnosticRenderer(sources: [path: "model x\ninit {\n}\n"])
        let diagnostic = Diagnostic.error("block", at: SourceRange(location(path, 2, 6), location(path, 3, 2)))
        #expect(renderer.render(diagnostic) == "models/x.pin:2:6: error: block\n    init {\n         ^")
    }

    @Test func tabsAreKeptSoTheCaretLinesUp() {
        let renderer = DiagnosticRenderer(sources: [path: "model x\n\tinit {\t x }"])
        let diagnostic = Diagnostic.error("x", at: SourceRange(location(path, 2, 10), location(path, 2, 11)))
        #expect(renderer.render(diagnostic) == "models/x.pin:2:10: error: x\n    \tinit {\t x }\n    \t      \t ^")
    }

    @Test func columnsCountUnicodeScalars() {
        let renderer = DiagnosticRenderer(sources: [path: "model x\n/* \u{E9}e\u{301} */ y"])
        let diagnostic = Diagnostic.error("y", at: SourceRange(at: location(path, 2, 11)))
        #expect(renderer.render(diagnostic) == "models/x.pin:2:11: error: y\n    /* \u{E9}e\u{301} */ y\n              ^")
    }

    @Test func notesAreRenderedTheSameWay() {
        let renderer = DiagnosticRenderer(sources: [path: text, "other.pin": "model o\nvar x: bool\n"])
        let note = Diagnostic.Note(
            message: "'x' was declared here", range: SourceRange(location("other.pin", 2, 5), location("other.pin", 2, 6)))
        let diagnostic = Diagnostic.error(
            "'x' is already declared", at: SourceRange(location(path, 3, 5), location(path, 3, 6)), notes: [note])
        #expect(
            renderer.render(diagnostic) == """
                models/x.pin:3:5: error: 'x' is already declared
                    var x = 3
                        ^
                other.pin:2:5: note: 'x' was declared here
                    var x: bool
                        ^
                """)
    }

    @Test func warningsUseTheirSeverity() {
        let renderer = DiagnosticRenderer(sources: [:])
        let diagnostic = Diagnostic(.warning, "unused", at: SourceRange(at: location(path, 1, 1)))
        #expect(renderer.render(diagnostic) == "models/x.pin:1:1: warning: unused")
    }

    @Test func missingSourcesOrLinesPrintOnlyTheHeading() {
        let renderer = DiagnosticRenderer(sources: [path: text])
        let unknownFile = Diagnostic.error("m", at: SourceRange(at: location("nowhere.pin", 1, 1)))
        #expect(renderer.render(unknownFile) == "nowhere.pin:1:1: error: m")
        let pastTheEnd = Diagnostic.error("m", at: SourceRange(at: location(path, 9, 1)))
        #expect(renderer.render(pastTheEnd) == "models/x.pin:9:1: error: m")
        // Line 0 is the file as a whole (a file that cannot be read): no line, no column.
        let lineZero = Diagnostic.error("m", at: SourceRange(at: location(path, 0, 1)))
        #expect(renderer.render(lineZero) == "models/x.pin: error: m")
    }

    @Test func caretAtTheEndOfTheFileAndPastTheLine() {
        let renderer = DiagnosticRenderer(sources: [path: text])
        // The text ends with a newline, so the end of the file is an empty fourth line.
        let end = Diagnostic.error("eof", at: SourceRange(at: location(path, 4, 1)))
        #expect(renderer.render(end) == "models/x.pin:4:1: error: eof\n    \n    ^")
        let beyond = Diagnostic.error("far", at: SourceRange(location(path, 1, 40), location(path, 1, 45)))
        #expect(renderer.render(beyond) == "models/x.pin:1:40: error: far\n    model x\n           ^")
    }

    @Test func carriageReturnsAreNotShown() {
        let renderer = DiagnosticRenderer(sources: [path: "model x\r\nvar y\r\n"])
        let diagnostic = Diagnostic.error("y", at: SourceRange(location(path, 2, 5), location(path, 2, 6)))
        #expect(renderer.render(diagnostic) == "models/x.pin:2:5: error: y\n    var y\n        ^")
    }

    @Test func rendersParserErrorsFromTheirOwnSources() {
        do {
            _ = try Parser.parse("model m\ninit { x := ; }\n", path: "m.pin")
            Issue.record("expected a syntax error")
        } catch {
            let rendered = error.diagnostics.map(DiagnosticRenderer(sources: error.sources).render)
            #expect(rendered == ["m.pin:2:13: error: expected expression, found ';'\n    init { x := ; }\n                ^"])
        }
    }
}
