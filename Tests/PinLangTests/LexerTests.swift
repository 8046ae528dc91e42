import PinLang
import Testing

/// The kinds of the tokens of `text`, without the final end-of-file token.
private func kinds(_ text: String) throws -> [Token.Kind] {
    Array(try Lexer.tokenize(text, path: "t.pin").map(\.kind).dropLast())
}

/// The single diagnostic `text` produces, as `line:col: message`.
private func lexicalError(_ text: String) -> String {
    do {
        _ = try Lexer.tokenize(text, path: "t.pin")
        return "no error"
    } catch {
        return error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
            .joined(separator: "\n")
    }
}

@Suite struct LexerTests {
    @Test func keywordsIdentifiersAndPunctuation() throws {
        #expect(
            try kinds("model gup_cow\nvar FOLL_LONGTERM: bool") == [
                .keyword(.model), .identifier("gup_cow"), .keyword(.var), .identifier("FOLL_LONGTERM"),
                .punctuation(.colon), .keyword(.bool),
            ])
        #expect(
            try kinds("init initial _x x1") == [
                .keyword(.initializer), .identifier("initial"), .identifier("_x"), .identifier("x1"),
            ])
        for keyword in Keyword.allCases {
            #expect(try kinds(keyword.rawValue) == [.keyword(keyword)])
        }
    }

    @Test func everyPunctuationMarkIsOneToken() throws {
        for mark in Punctuation.allCases {
            #expect(try kinds(mark.rawValue) == [.punctuation(mark)], "\(mark.rawValue)")
        }
    }

    @Test(arguments: [
        ("0..N-1", [Token.Kind.integer(0), .punctuation(.dotDot), .identifier("N"), .punctuation(.minus), .integer(1)]),
        ("a::b", [.identifier("a"), .punctuation(.doubleColon), .identifier("b")]),
        ("x:=y", [.identifier("x"), .punctuation(.assign), .identifier("y")]),
        (
            "a==>b==c=d",
            [
                .identifier("a"), .punctuation(.implies), .identifier("b"), .punctuation(.equalEqual), .identifier("c"),
                .punctuation(.equal), .identifier("d"),
            ]
        ),
        ("->-", [.punctuation(.arrow), .punctuation(.minus)]),
        (
            "<<=<>>=>",
            [
                .punctuation(.shiftLeft), .punctuation(.equal), .punctuation(.less), .punctuation(.shiftRight),
                .punctuation(.equal), .punctuation(.greater),
            ]
        ),
        (
            "a||b|c&&d&e!=!f",
            [
                .identifier("a"), .punctuation(.orOr), .identifier("b"), .punctuation(.pipe), .identifier("c"),
                .punctuation(.andAnd), .identifier("d"), .punctuation(.ampersand), .identifier("e"), .punctuation(.notEqual),
                .punctuation(.bang), .identifier("f"),
            ]
        ),
        ("r.f...", [.identifier("r"), .punctuation(.dot), .identifier("f"), .punctuation(.dotDot), .punctuation(.dot)]),
    ])
    func longestMatch(_ text: String, _ expected: [Token.Kind]) throws {
        #expect(try kinds(text) == expected)
    }

    @Test(arguments: [
        ("42", Int64(42)), ("0x2A", 42), ("0X2a", 42), ("0b101010", 42), ("1_000_000", 1_000_000), ("0xFF_FF", 65535),
        ("0", 0), ("007", 7), ("9223372036854775807", Int64.max), ("0x7fff_ffff_ffff_ffff", Int64.max),
    ])
    func integerLiterals(_ text: String, _ value: Int64) throws {
        let tokens = try Lexer.tokenize(text, path: "t.pin")
        #expect(tokens.first?.kind == .integer(value))
        #expect(tokens.first?.text == text)
    }

    @Test func stringLiteralsResolveEscapes() throws {
        #expect(try kinds(#""a.pin" "say \"hi\"\n\t\\""#) == [.string("a.pin"), .string("say \"hi\"\n\t\\")])
        let token = try Lexer.tokenize(#"import "x\ty""#, path: "t.pin")[1]
        #expect(token.text == #""x\ty""#)
        #expect(token.description == #"string literal "x\ty""#)
    }

    @Test func commentsAreSkipped() throws {
        #expect(
            try kinds("a // b c\nd /* e\n f */ g /**/ h /* * / */ i//") == [
                .identifier("a"), .identifier("d"), .identifier("g"), .identifier("h"), .identifier("i"),
            ])
        #expect(try kinds("a/b") == [.identifier("a"), .punctuation(.slash), .identifier("b")])
    }

    @Test func rangesAreOneBasedAndCountUnicodeScalars() throws {
        let tokens = try Lexer.tokenize("model m\n  /* \u{E9}e\u{301} */ var\tx := 0x1F\r\n\"\u{1F600}\" y", path: "f.pin")
        let spans = tokens.map {
            "\($0.range.start.line):\($0.range.start.column)-\($0.range.end.line):\($0.range.end.column)"
        }
        // Line 2: two spaces, a 9-scalar comment (é is one scalar, e + U+0301 two), a space, then `var`.
        #expect(
            spans == ["1:1-1:6", "1:7-1:8", "2:13-2:16", "2:17-2:18", "2:19-2:21", "2:22-2:26", "3:1-3:4", "3:5-3:6", "3:6-3:6"])
        #expect(tokens.allSatisfy { $0.range.start.file == "f.pin" })
        #expect(tokens.last?.kind == .endOfFile)
    }

    @Test func tokensDescribeThemselvesForDiagnostics() throws {
        let tokens = try Lexer.tokenize("var x 12 }", path: "t.pin")
        #expect(tokens.map(\.description) == ["'var'", "'x'", "'12'", "'}'", "end of file"])
    }

    @Test(arguments: [
        ("\"abc", "1:1: unterminated string literal"),
        ("x \"abc\ny\"", "1:3: unterminated string literal"),
        ("x \"a\\", "1:3: unterminated string literal"),
        ("\"a\\qb\"", "1:3: invalid escape sequence '\\q' in string literal; expected \\\", \\\\, \\n or \\t"),
        ("a /* b\n c", "1:3: unterminated block comment; expected '*/'"),
        ("a\n /* b */ /*", "2:10: unterminated block comment; expected '*/'"),
        ("9223372036854775808", "1:1: integer literal '9223372036854775808' is too large; the maximum is 9223372036854775807"),
        (
            "x 0x1_0000_0000_0000_0000",
            "1:3: integer literal '0x1_0000_0000_0000_0000' is too large; the maximum is 9223372036854775807"
        ),
        ("0b102", "1:5: invalid digit '2' in binary literal"),
        ("12ab", "1:3: invalid digit 'a' in decimal literal"),
        ("0xfg", "1:4: invalid digit 'g' in hexadecimal literal"),
        ("0x", "1:1: expected hexadecimal digits after '0x'"),
        ("0b__", "1:1: expected binary digits after '0b__'"),
        ("x @ y", "1:3: unexpected character '@'"),
        ("x\n  #", "2:3: unexpected character '#'"),
        ("a\u{7}", "1:2: unexpected character U+0007"),
        ("\u{E9}", "1:1: unexpected character '\u{E9}'"),
        ("a \u{A0}", "1:3: unexpected character U+00A0"),
    ])
    func lexicalErrors(_ text: String, _ expected: String) {
        #expect(lexicalError(text) == expected)
    }
}
