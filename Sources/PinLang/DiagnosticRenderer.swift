/// Formats diagnostics as `file:line:col: severity: message`, followed by the source line and a caret.
public struct DiagnosticRenderer: Sendable {
    /// The indentation of quoted source lines and their caret lines.
    private static let indent = "    "

    /// The lines of each known file, by path, without line terminators.
    private let lines: [String: [Substring.UnicodeScalarView]]

    /// Creates a renderer that quotes source lines from `sources`, the texts of files by path.
    public init(sources: [String: String]) {
        var lines: [String: [Substring.UnicodeScalarView]] = [:]
        for (path, text) in sources {
            // Split on scalars, not characters: "\r\n" is a single Character.
            lines[path] = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.last == "\r" ? line.dropLast() : line
            }
        }
        self.lines = lines
    }

    /// Renders `diagnostic` and its notes; a diagnostic whose file is unknown gets just its first line.
    /// The result has no trailing newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var parts = [render(severity: diagnostic.severity.rawValue, message: diagnostic.message, range: diagnostic.range)]
        for note in diagnostic.notes {
            parts.append(render(severity: Diagnostic.Severity.note.rawValue, message: note.message, range: note.range))
        }
        return parts.joined(separator: "\n")
    }

    private func render(severity: String, message: String, range: SourceRange) -> String {
        let start = range.start
        let heading = "\(start): \(severity): \(message)"
        guard let fileLines = lines[start.file], start.line >= 1, start.line <= fileLines.count else {
            return heading
        }
        var line = Array(fileLines[start.line - 1])
        if line.last == "\r" { line.removeLast() }  // a CRLF line end
        let column = min(max(start.column, 1), line.count + 1)
        var prefix = ""
        for scalar in line.prefix(column - 1) {
            prefix.append(scalar == "\t" ? "\t" : " ")
        }
        var width = 1
        if range.end.file == start.file && range.end.line == start.line && range.end.column > column {
            width = min(range.end.column, line.count + 1) - column
        }
        let marker = "^" + String(repeating: "~", count: max(width, 1) - 1)
        // The line is shown with its control and bidirectional characters replaced (one
        // column each, so the marker stays under its place): shown raw they would drive the
        // terminal or reorder what is shown.
        var source = String.UnicodeScalarView()
        source.append(contentsOf: line.map { Lexer.hiddenKind($0) == nil ? $0 : "\u{FFFD}" })
        return heading + "\n" + Self.indent + String(source) + "\n" + Self.indent + prefix + marker
    }
}
