/// A position in a source file: 1-based line and column (columns count Unicode scalars);
/// line 0 stands for the file as a whole.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, or `file` alone for the file as a whole (line 0: a file that cannot
    /// be read has no line to point at).
    public var description: String { line == 0 ? file : "\(file):\(line):\(column)" }

    /// The file as a whole, for an error about the file itself.
    public static func wholeFile(_ file: String) -> SourceLocation { SourceLocation(file: file, line: 0, column: 0) }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A half-open span of source text, used to point diagnostics at the construct at fault.
public struct SourceRange: Hashable, Sendable {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(_ start: SourceLocation, _ end: SourceLocation) {
        self.start = start
        self.end = end
    }

    public init(at location: SourceLocation) {
        self.start = location
        self.end = location
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}

/// A message about the model, tied to a place in its source.
public struct Diagnostic: Error, Hashable, Sendable {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    public var range: SourceRange
    public var notes: [Note]

    /// A secondary message pointing elsewhere, e.g. at an earlier declaration.
    public struct Note: Hashable, Sendable {
        public var message: String
        public var range: SourceRange
        public init(message: String, range: SourceRange) {
            self.message = message
            self.range = range
        }
    }

    public init(_ severity: Severity = .error, _ message: String, at range: SourceRange, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
    }

    public static func error(_ message: String, at range: SourceRange, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, at: range, notes: notes)
    }

    public var location: SourceLocation { range.start }
}

/// Thrown when a model cannot be loaded; carries every diagnostic found.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// The texts of the files involved, by path, when known (for printing source lines).
    public var sources: [String: String]
    public init(_ diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        self.diagnostics = diagnostics
        self.sources = sources
    }
    public var description: String {
        diagnostics.map { "\($0.location): \($0.severity.rawValue): \($0.message)" }.joined(separator: "\n")
    }
}
