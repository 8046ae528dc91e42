/// A reserved word of the modelling language.
public enum Keyword: String, CaseIterable, Sendable {
    case model
    case `import`
    case variant
    case extends
    case `enum`
    case type
    case record
    case const
    case `var`
    case fn
    case proc
    case action
    case requires
    case invariant
    /// `init`, spelled out because `.init` names an initializer in Swift.
    case initializer = "init"
    case `let`
    case `if`
    case `else`
    case `for`
    case `in`
    case `return`
    case `true`
    case `false`
    case forall
    case exists
    case bool
    case int
}

/// A punctuation mark or operator; the raw value is its spelling.
public enum Punctuation: String, CaseIterable, Sendable {
    case leftBrace = "{"
    case rightBrace = "}"
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case comma = ","
    case semicolon = ";"
    case colon = ":"
    case doubleColon = "::"
    case dot = "."
    case dotDot = ".."
    case arrow = "->"
    case equal = "="
    case assign = ":="
    case question = "?"
    case implies = "==>"
    case orOr = "||"
    case andAnd = "&&"
    case equalEqual = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case pipe = "|"
    case caret = "^"
    case ampersand = "&"
    case shiftLeft = "<<"
    case shiftRight = ">>"
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case percent = "%"
    case bang = "!"
    case tilde = "~"
}

/// One lexical unit of a `.pin` file with the span of source it was read from.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    /// What a token is, with its value where it has one.
    public enum Kind: Hashable, Sendable {
        case keyword(Keyword)
        case identifier(String)
        case integer(Int64)
        /// A string literal; the payload has its escapes resolved.
        case string(String)
        case punctuation(Punctuation)
        case endOfFile
    }

    public var kind: Kind
    /// The token exactly as written in the source (empty at the end of the file).
    public var text: String
    public var range: SourceRange

    /// Creates a token of `kind` spelled `text` at `range`.
    public init(kind: Kind, text: String, range: SourceRange) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    /// How the token is named in a diagnostic: `'var'`, `'}'`, `string literal "a.pin"` or `end of file`.
    public var description: String {
        switch kind {
        case .endOfFile: return "end of file"
        case .string: return "string literal \(text)"
        case .keyword, .identifier, .integer, .punctuation: return "'\(text)'"
        }
    }

    /// Whether this is the punctuation mark `mark`.
    public func isPunctuation(_ mark: Punctuation) -> Bool {
        kind == .punctuation(mark)
    }

    /// Whether this is the keyword `word`.
    public func isKeyword(_ word: Keyword) -> Bool {
        kind == .keyword(word)
    }
}
