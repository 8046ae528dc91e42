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
            let fields = Self.fields(of: line)
            if fields.isEmpty { continue }
            switch parse(fields, resolve: resolve) {
            case .success(let (modelPath, expected, certificate)):
                let location = SourceLocation(file: path, line: n + 1, column: fields[0].column)
                result.append(
                    ProofObligation(
                        modelPath: modelPath, variant: fields[1].text, invariant: fields[2].text, expected: expected,
                        certificate: certificate, location: location))
            case .failure(let problem):
                let place = SourceRange(at: SourceLocation(file: path, line: n + 1, column: problem.column))
                diagnostics.append(.error(problem.message, at: place))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics, sources: [path: text]) }
        return result
    }

    /// A malformed line: what was expected, and at which column.
    struct LineProblem: Error {
        var message: String
        var column: Int
    }

    /// The whitespace-separated fields of a line with their 1-based columns.
    static func fields(of line: Substring) -> [(text: String, column: Int)] {
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
        return fields
    }

    /// One line's model path, expectation and certificate folder, from its fields.
    static func parse(_ fields: [(text: String, column: Int)], resolve: (String) -> String) -> Result<
        (String, Expectation, String?), LineProblem
    > {
        guard fields.count >= 4 else {
            let message =
                "expected 'MODEL VARIANT INVARIANT holds' or '… violated STEPS', found \(fields.count) field\(fields.count == 1 ? "" : "s")"
            return .failure(LineProblem(message: message, column: fields[0].column))
        }
        var expected: Expectation
        var rest = fields.dropFirst(4)
        switch fields[3].text {
        case "holds":
            expected = .holds
        case "violated":
            guard let steps = rest.first, let count = Int(steps.text), count >= 0 else {
                return .failure(
                    LineProblem(
                        message: "expected the number of steps of the shortest counterexample after 'violated'",
                        column: rest.first?.column ?? fields[3].column + 8))
            }
            expected = .violated(steps: count)
            rest = rest.dropFirst()
        default:
            return .failure(
                LineProblem(message: "expected 'holds' or 'violated', found '\(fields[3].text)'", column: fields[3].column))
        }
        var certificate: String?
        if let word = rest.first {
            guard word.text == "certificate", let folderField = rest.dropFirst().first, rest.count == 2 else {
                let message = "expected 'certificate FOLDER' or the end of the line, found '\(word.text)'"
                return .failure(LineProblem(message: message, column: word.column))
            }
            guard expected == .holds else {
                return .failure(LineProblem(message: "only an obligation that holds has a certificate", column: word.column))
            }
            certificate = resolve(folderField.text)
        }
        return .success((resolve(fields[0].text), expected, certificate))
    }
}
