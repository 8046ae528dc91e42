/// Splits the text of a `.pin` file into tokens, skipping white space and comments.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let path: String
    private var offset = 0
    private var line = 1
    private var column = 1

    private init(text: String, path: String) {
        self.scalars = Array(text.unicodeScalars)
        self.path = path
    }

    /// Returns every token of `text`, ending with an end-of-file token, or throws the first lexical error.
    public static func tokenize(_ text: String, path: String) throws(DiagnosticError) -> [Token] {
        let result = scan(text, path: path)
        if let error = result.error {
            throw DiagnosticError([error], sources: [path: text])
        }
        return result.tokens
    }

    /// Returns the tokens before the first lexical error (or all of them) followed by an end-of-file
    /// token placed at the error or at the end of the text, and the error if there was one.
    static func scan(_ text: String, path: String) -> (tokens: [Token], error: Diagnostic?) {
        var lexer = Lexer(text: text, path: path)
        var tokens: [Token] = []
        while true {
            do throws(Diagnostic) {
                let token = try lexer.nextToken()
                tokens.append(token)
                if token.kind == .endOfFile { return (tokens, nil) }
            } catch {
                let end = Token(kind: .endOfFile, text: "", range: SourceRange(at: error.location))
                tokens.append(end)
                return (tokens, error)
            }
        }
    }

    // MARK: - Scanning

    private var location: SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = offset + ahead
        return index < scalars.count ? scalars[index] : nil
    }

    private mutating func advance() {
        guard offset < scalars.count else { return }
        if scalars[offset] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        offset += 1
    }

    private func spelling(from start: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<offset])
        return String(view)
    }

    private mutating func nextToken() throws(Diagnostic) -> Token {
        try skipTrivia()
        let start = location
        guard let c = peek() else {
            return Token(kind: .endOfFile, text: "", range: SourceRange(at: start))
        }
        if Self.isIdentifierStart(c) { return identifierOrKeyword() }
        if Self.isDigit(c) { return try number() }
        if c == "\"" { return try string() }
        for length in [3, 2, 1] {
            if let mark = punctuation(length: length) {
                let first = offset
                for _ in 0..<length { advance() }
                return Token(kind: .punctuation(mark), text: spelling(from: first), range: SourceRange(start, location))
            }
        }
        throw Diagnostic.error("unexpected character \(Self.describe(c))", at: SourceRange(start, location))
    }

    private mutating func skipTrivia() throws(Diagnostic) {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" || c == "\n" || (c == "\u{FEFF}" && offset == 0) {
                advance()
            } else if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" {
                    try refuseHidden(d, in: "a comment")
                    advance()
                }
            } else if c == "/" && peek(1) == "*" {
                let start = location
                advance()
                advance()
                while true {
                    guard let d = peek() else {
                        throw Diagnostic.error("unterminated block comment; expected '*/'", at: SourceRange(at: start))
                    }
                    if d == "*" && peek(1) == "/" {
                        advance()
                        advance()
                        break
                    }
                    if d != "\n" { try refuseHidden(d, in: "a comment") }
                    advance()
                }
            } else {
                return
            }
        }
    }

    private mutating func identifierOrKeyword() -> Token {
        let start = location
        let first = offset
        while let c = peek(), Self.isIdentifierContinue(c) { advance() }
        let text = spelling(from: first)
        let kind: Token.Kind = Keyword(rawValue: text).map { .keyword($0) } ?? .identifier(text)
        return Token(kind: kind, text: text, range: SourceRange(start, location))
    }

    private mutating func number() throws(Diagnostic) -> Token {
        let start = location
        let first = offset
        while let c = peek(), Self.isIdentifierContinue(c) { advance() }
        let literal = Array(scalars[first..<offset])
        let text = spelling(from: first)
        let range = SourceRange(start, location)
        var radix: Int64 = 10
        var bodyStart = 0
        if literal.count >= 2 && literal[0] == "0" {
            if literal[1] == "x" || literal[1] == "X" {
                radix = 16
                bodyStart = 2
            } else if literal[1] == "b" || literal[1] == "B" {
                radix = 2
                bodyStart = 2
            }
        }
        let radixName = radix == 16 ? "hexadecimal" : radix == 2 ? "binary" : "decimal"
        var value: Int64 = 0
        var digitCount = 0
        var overflow = false
        for index in bodyStart..<literal.count {
            let c = literal[index]
            if c == "_" { continue }
            guard let digit = Self.digitValue(c), digit < radix else {
                let place = SourceLocation(file: path, line: start.line, column: start.column + index)
                throw Diagnostic.error("invalid digit \(Self.describe(c)) in \(radixName) literal", at: SourceRange(at: place))
            }
            digitCount += 1
            let (scaled, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = scaled.addingReportingOverflow(digit)
            overflow = overflow || o1 || o2
            value = sum
        }
        if digitCount == 0 {
            throw Diagnostic.error("expected \(radixName) digits after '\(text)'", at: range)
        }
        if overflow {
            throw Diagnostic.error("integer literal '\(text)' is too large; the maximum is \(Int64.max)", at: range)
        }
        return Token(kind: .integer(value), text: text, range: range)
    }

    private mutating func string() throws(Diagnostic) -> Token {
        let start = location
        let first = offset
        advance()
        var value = String.UnicodeScalarView()
        while true {
            guard let c = peek(), c != "\n", c != "\r" else {
                throw Diagnostic.error("unterminated string literal", at: SourceRange(at: start))
            }
            if c == "\"" {
                advance()
                break
            }
            if c == "\\" {
                let escapeStart = location
                advance()
                guard let e = peek(), e != "\n", e != "\r" else {
                    throw Diagnostic.error("unterminated string literal", at: SourceRange(at: start))
                }
                switch e {
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "n": value.append("\n")
                case "t": value.append("\t")
                default:
                    advance()
                    throw Diagnostic.error(
                        "invalid escape sequence '\\\(e)' in string literal; expected \\\", \\\\, \\n or \\t",
                        at: SourceRange(escapeStart, location))
                }
                advance()
                continue
            }
            try refuseHidden(c, in: "a string literal")
            value.append(c)
            advance()
        }
        return Token(kind: .string(String(value)), text: spelling(from: first), range: SourceRange(start, location))
    }

    private func punctuation(length: Int) -> Punctuation? {
        guard offset + length <= scalars.count else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[offset..<offset + length])
        return Punctuation(rawValue: String(view))
    }

    // MARK: - Character classes

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }

    private static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c)
    }

    private static func digitValue(_ c: Unicode.Scalar) -> Int64? {
        switch c {
        case "0"..."9": return Int64(c.value - 48)
        case "a"..."f": return Int64(c.value - 97 + 10)
        case "A"..."F": return Int64(c.value - 65 + 10)
        default: return nil
        }
    }

    /// Control characters (but tab, and the carriage return of a CRLF line end) and the
    /// bidirectional controls are refused in strings and comments: printed raw, a string's
    /// would drive the terminal, and either could show text other than what is checked
    /// (the "Trojan Source" attack, CVE-2021-42574).
    private func refuseHidden(_ c: Unicode.Scalar, in what: String) throws(Diagnostic) {
        guard c != "\r", let kind = Self.hiddenKind(c) else { return }
        throw Diagnostic.error(
            "\(kind) character \(Self.describe(c)) in \(what)"
                + (what == "a string literal" ? "; write a line break as \\n and a tab as \\t" : ""),
            at: SourceRange(at: location))
    }

    /// "control" for a control character other than tab, "bidirectional control" for the
    /// characters that reorder text; nil for the others.
    static func hiddenKind(_ c: Unicode.Scalar) -> String? {
        let v = c.value
        if (v < 0x20 && c != "\t") || (0x7F...0x9F).contains(v) { return "control" }
        if v == 0x061C || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
            return "bidirectional control"
        }
        return nil
    }

    /// `'@'` for visible characters, `U+0007` for control characters and unusual white space.
    private static func describe(_ c: Unicode.Scalar) -> String {
        if c.value < 0x21 || c.value == 0x7F || (c.value >= 0x80 && c.value <= 0x9F) || c.properties.isWhitespace
            || c.properties.generalCategory == .format
        {
            let hex = String(c.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(Character(c))'"
    }
}
