import Foundation

/// One line of a proof-obligations file: a model, a variant and an invariant, with the
/// verdict the project expects (and, for a proof, the certificate that re-checks it).
///
///     # model                      variant  invariant                  expected
///     ../models/gup_cow.pin        v6_1     pinned_page_stays_mapped   violated 5
///     ../models/gup_cow.pin        v6_2     pinned_page_stays_mapped   holds
///     ../models/examples/counter.pin base   bounded                    holds certificate certificates/counter/base/bounded
///
/// Paths are relative to the obligations file. `violated N` expects a shortest
/// counterexample of exactly N steps.
public struct ProofObligation: Sendable {
    public enum Expectation: Equatable, Sendable {
        case holds
        case violated(steps: Int)
    }

    public var modelPath: String
    public var variant: String
    public var invariant: String
    public var expected: Expectation
    /// A certificate folder to re-check, for an obligation expected to hold.
    public var certificate: String?
    /// Where the line is, for messages.
    public var location: SourceLocation

    /// Parses an obligations file; every malformed line is a diagnostic naming file:line:col.
    public static func parse(_ text: String, path: String) throws(DiagnosticError) -> [ProofObligation] {
        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") || folder.isEmpty ? p : folder + "/" + p
        }
        var result: [ProofObligation] = []
        var diagnostics: [Diagnostic] = []
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            // Fields with their 1-based columns.
            var fields: [(text: String, column: Int)] = []
            var column = 1
            var current = ""
            var start = 1
            for ch in line {
                if ch == " " || ch == "\t" {
                    if !current.isEmpty { fields.append((current, start)) }
                    current = ""
                } else {
                    if current.isEmpty { start = column }
                    current.append(ch)
                }
                column += 1
            }
            if !current.isEmpty { fields.append((current, start)) }
            if fields.isEmpty { continue }
            func fail(_ message: String, _ col: Int) {
                diagnostics.append(.error(message, at: SourceRange(at: SourceLocation(file: path, line: n + 1, column: col))))
            }
            let location = SourceLocation(file: path, line: n + 1, column: fields[0].column)
            guard fields.count >= 4 else {
                fail(
                    "expected 'MODEL VARIANT INVARIANT holds' or '… violated STEPS', found \(fields.count) field\(fields.count == 1 ? "" : "s")",
                    fields[0].column)
                continue
            }
            var expected: Expectation
            var rest = fields.dropFirst(4)
            switch fields[3].text {
            case "holds":
                expected = .holds
            case "violated":
                guard let steps = rest.first, let count = Int(steps.text), count >= 0 else {
                    fail(
                        "expected the number of steps of the shortest counterexample after 'violated'",
                        rest.first?.column ?? fields[3].column + 8)
                    continue
                }
                expected = .violated(steps: count)
                rest = rest.dropFirst()
            default:
                fail("expected 'holds' or 'violated', found '\(fields[3].text)'", fields[3].column)
                continue
            }
            var certificate: String?
            if let word = rest.first {
                guard word.text == "certificate", let folderField = rest.dropFirst().first, rest.count == 2 else {
                    fail("expected 'certificate FOLDER' or the end of the line, found '\(word.text)'", word.column)
                    continue
                }
                guard expected == .holds else {
                    fail("only an obligation that holds has a certificate", word.column)
                    continue
                }
                certificate = resolve(folderField.text)
            }
            result.append(
                ProofObligation(
                    modelPath: resolve(fields[0].text), variant: fields[1].text, invariant: fields[2].text,
                    expected: expected, certificate: certificate, location: location))
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics, sources: [path: text]) }
        return result
    }
}
