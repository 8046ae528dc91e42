/// Turns the text of a `.pin` file into its syntax tree by recursive descent, stopping at the first error.
public enum Parser {
    /// How deeply expressions, types and blocks may nest before the parser gives up.
    public static let maximumNesting = 200

    /// Parses `text`, read from `path`, into a syntax tree; throws the first lexical or syntax error.
    public static func parse(_ text: String, path: String) throws(DiagnosticError) -> SourceFile {
        let scanned = Lexer.scan(text, path: path)
        var state = State(tokens: scanned.tokens, lexicalError: scanned.error, path: path)
        do throws(Diagnostic) {
            return try state.parseSourceFile()
        } catch {
            throw DiagnosticError([error], sources: [path: text])
        }
    }

    /// The cursor over the token stream and the context the grammar needs.
    struct State {
        let tokens: [Token]
        /// The error that ended lexing; reported once the parser reaches the place where it occurred.
        let lexicalError: Diagnostic?
        let path: String
        var position = 0
        /// The end of the last token consumed, for the ranges of constructs.
        var previousEnd: SourceLocation
        /// The current nesting of expressions, types and blocks.
        var depth = 0
        /// False in `if` conditions, `for` domains, `requires` guards and types, where `{` begins a block.
        var allowsRecordLiterals = true

        init(tokens: [Token], lexicalError: Diagnostic?, path: String) {
            let start = SourceLocation(file: path, line: 1, column: 1)
            self.tokens = tokens.isEmpty ? [Token(kind: .endOfFile, text: "", range: SourceRange(at: start))] : tokens
            self.lexicalError = lexicalError
            self.path = path
            self.previousEnd = start
        }
    }
}

extension Parser.State {
    /// The token under the cursor; the end-of-file token once everything has been read.
    var current: Token {
        tokens[min(position, tokens.count - 1)]
    }

    /// Moves past the current token (never past the end of the file) and returns it.
    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        previousEnd = token.range.end
        return token
    }

    /// Consumes the current token if it is `mark`.
    mutating func consume(_ mark: Punctuation) -> Bool {
        guard current.isPunctuation(mark) else { return false }
        advance()
        return true
    }

    /// Consumes the current token if it is `word`.
    mutating func consume(_ word: Keyword) -> Bool {
        guard current.isKeyword(word) else { return false }
        advance()
        return true
    }

    /// The error `expected <what>, found <current token>`, at the current token; at the end of the
    /// tokens, the lexical error that cut them short instead.
    func expected(_ what: String, notes: [Diagnostic.Note] = []) -> Diagnostic {
        if current.kind == .endOfFile, let lexicalError { return lexicalError }
        return .error("expected \(what), found \(current)", at: current.range, notes: notes)
    }

    /// Consumes `mark` or throws `expected '<mark>' <context>, found …`.
    @discardableResult
    mutating func expect(_ mark: Punctuation, _ context: String, notes: [Diagnostic.Note] = [])
        throws(Diagnostic) -> Token
    {
        guard current.isPunctuation(mark) else { throw expected("'\(mark.rawValue)' \(context)", notes: notes) }
        return advance()
    }

    /// Consumes an identifier or throws `expected <what>, found …`.
    mutating func expectIdentifier(_ what: String) throws(Diagnostic) -> Identifier {
        guard case .identifier(let name) = current.kind else { throw expected(what) }
        return Identifier(name, advance().range)
    }

    /// The range from `start` to the end of the last token consumed.
    func range(from start: SourceLocation) -> SourceRange {
        SourceRange(start, max(start, previousEnd))
    }

    /// Records one more level of nesting, failing with `<what> nested too deeply` past the limit.
    mutating func enter(_ what: String) throws(Diagnostic) {
        depth += 1
        if depth > Parser.maximumNesting {
            throw .error("\(what) nested too deeply", at: current.range)
        }
    }

    /// Parses a comma-separated list up to and including `closing`, the opening mark already consumed.
    /// A trailing comma is allowed; `what` names an element in the error for a missing separator.
    mutating func parseList<Element>(
        closing: Punctuation, allowsEmpty: Bool = true, after what: String,
        _ element: (inout Self) throws(Diagnostic) -> Element
    ) throws(Diagnostic) -> [Element] {
        let saved = allowsRecordLiterals
        allowsRecordLiterals = true
        defer { allowsRecordLiterals = saved }
        var items: [Element] = []
        if allowsEmpty && consume(closing) { return items }
        while true {
            items.append(try element(&self))
            if consume(.comma) {
                if consume(closing) { return items }
                continue
            }
            if consume(closing) { return items }
            throw expected("',' or '\(closing.rawValue)' after \(what)")
        }
    }
}
