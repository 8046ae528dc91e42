import Foundation
import PinLang

/// A model's table of C for `pincheck repro` (models/NAME.repro): per action instance
/// pattern, the runtime call that performs it, or why it cannot be performed.
public struct ReproTable: Sendable {
    /// One `step` or `skip` line.
    public struct Entry: Sendable {
        /// Only in these variants (nil: every one).
        public var variants: [String]?
        public var action: String
        /// Per argument, in order: its name and the literal value or `{name}` placeholder.
        public var arguments: [(name: String, pattern: String)]
        /// The C to run, or nil for a `skip`.
        public var code: String?
        /// Why a `skip` step cannot be run.
        public var skip: String?
        public var line: Int
    }

    public var processParameter: String?
    public var entries: [Entry] = []
    public var end: String = ""
    public var observed: [String] = []

    /// Parses a table; every malformed line is a diagnostic at its file:line:col.
    public static func parse(_ text: String, path: String) throws -> ReproTable {
        var table = ReproTable()
        var diagnostics: [Diagnostic] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ message: String) {
                let column = raw.count - raw.drop { $0 == " " || $0 == "\t" }.count + 1
                diagnostics.append(.error(message, at: SourceRange(at: SourceLocation(file: path, line: n + 1, column: column))))
            }
            let (keyword, rest) = split(line)
            switch keyword {
            case "process": table.processParameter = rest
            case "observe": table.observed.append(rest)
            case "end":
                guard rest.hasPrefix("=> ") else { fail("expected 'end => C'"); continue }
                table.end = String(rest.dropFirst(3))
            case "step", "skip":
                guard let entry = entry(rest, skip: keyword == "skip", line: n + 1) else {
                    fail("expected '\(keyword) [VARIANT, …] ACTION(ARG=VALUE, …) => \(keyword == "skip" ? "WHY" : "C")'")
                    continue
                }
                table.entries.append(entry)
            default: fail("expected 'process', 'step', 'skip', 'end' or 'observe', found '\(keyword)'")
            }
        }
        if table.end.isEmpty && diagnostics.isEmpty {
            diagnostics.append(.error("the table has no 'end => C' line", at: SourceRange(at: .wholeFile(path))))
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics, sources: [path: text]) }
        return table
    }

    private static func split(_ line: String) -> (String, String) {
        let keyword = line.prefix { $0 != " " }
        return (String(keyword), line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces))
    }

    /// `[V, …] action(a=v, b={x}) => C`, or nil when malformed.
    private static func entry(_ text: String, skip: Bool, line: Int) -> Entry? {
        var rest = Substring(text)
        var variants: [String]?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            variants = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            rest = rest[rest.index(after: close)...].drop { $0 == " " }
        }
        guard let arrow = rest.range(of: " => "), let open = rest.firstIndex(of: "("),
            open < arrow.lowerBound, rest[..<arrow.lowerBound].hasSuffix(")")
        else { return nil }
        let action = String(rest[..<open])
        let inside = rest[rest.index(after: open)..<rest.index(before: arrow.lowerBound)]
        var arguments: [(name: String, pattern: String)] = []
        for part in inside.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else { return nil }
            arguments.append((pair[0], pair[1]))
        }
        let tail = String(rest[arrow.upperBound...])
        return Entry(
            variants: variants, action: action, arguments: arguments, code: skip ? nil : tail, skip: skip ? tail : nil,
            line: line)
    }

    /// What the table says for `step` in `variant`: its C with the placeholders filled in,
    /// why it is skipped, or nil when no line matches.
    public func lookup(_ step: TraceStep, variant: String) -> (code: String?, skip: String?)? {
        let ordered = entries.filter { $0.variants?.contains(variant) ?? false } + entries.filter { $0.variants == nil }
        for entry in ordered where entry.action == step.action && entry.arguments.count == step.arguments.count {
            var bound: [String: String] = [:]
            let matches = zip(entry.arguments, step.arguments).allSatisfy { pattern, argument in
                guard pattern.name == argument.name else { return false }
                if pattern.pattern.hasPrefix("{") && pattern.pattern.hasSuffix("}") {
                    bound[pattern.pattern] = argument.value
                    return true
                }
                return pattern.pattern == argument.value
            }
            guard matches else { continue }
            var code = entry.code
            for (placeholder, value) in bound { code = code?.replacingOccurrences(of: placeholder, with: value) }
            return (code, entry.skip)
        }
        return nil
    }
}

/// `pincheck repro`: a C program that performs a trace's steps on a real kernel and reports
/// the invariants its table observes.
public enum Reproducer {
    /// The program for `trace` (a scenario's run or a counterexample) in `variant`.
    /// `title` names it in its output; `origin` is the command that wrote it.
    public static func program(
        _ trace: Trace, table: ReproTable, tablePath: String, variant: String, title: String, origin: String
    ) -> String {
        var body: [String] = []
        var skipped: [String] = []
        for (n, step) in trace.steps.enumerated() {
            guard let found = table.lookup(step, variant: variant) else {
                skipped.append("step \(n + 1), \(step.call): \(tablePath) has no line for it")
                continue
            }
            if let why = found.skip {
                skipped.append("step \(n + 1), \(step.call): \(why)")
                continue
            }
            let process = table.processParameter.flatMap { name in step.arguments.first { $0.name == name }?.value } ?? "-1"
            body.append("\t/* step \(n + 1): \(step.call) */")
            body.append("\tif (repro_step(\(n + 1), \(process))) {")
            body.append("\t\t\(found.code ?? "")")
            body.append("\t\trepro_next(\(n + 1));")
            body.append("\t}")
        }
        var out = [
            "// SPDX-License-Identifier: GPL-2.0",
            "/*",
            " * Written by `\(origin)`",
            " * from \(tablePath); do not edit. Compile with",
            " *   gcc -Wall -Werror -static -I kernel/repro -I kernel/pintest FILE.c",
            " * Reports: \(table.observed.joined(separator: ", ")).",
            " */",
            "#include \"repro_runtime.h\"",
            "",
            "int main(void)",
            "{",
            "\trepro_begin(\"\(cString(title))\");",
        ]
        if !skipped.isEmpty {
            out.append("\trepro_skip(\"\(cString(skipped.joined(separator: "; ")))\");")
        } else {
            out += body
            out.append("\t" + table.end.replacingOccurrences(of: "{last}", with: String(trace.steps.count)))
        }
        out += ["\treturn 0;", "}", ""]
        return out.joined(separator: "\n")
    }

    /// `text` as the inside of a C string literal.
    static func cString(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
