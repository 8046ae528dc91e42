import Foundation
import Testing

/// The code blocks of README.md and docs/*.md: `pin` blocks load, `console` blocks print
/// what they show, and the flags in `sh` blocks exist.
@Suite struct DocumentationTests {
    /// One fenced code block of a Markdown file.
    struct CodeBlock: CustomStringConvertible {
        var file: String
        var line: Int
        var language: String
        var text: String
        var description: String { "\(file):\(line) (\(language))" }
    }

    static let documents: [String] = {
        let docs = CLIRunner.packageRoot.appendingPathComponent("docs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return ["README.md"] + names.filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
    }()

    static func blocks(_ language: String) -> [CodeBlock] {
        documents.flatMap { file -> [CodeBlock] in
            let url = CLIRunner.packageRoot.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
            return codeBlocks(in: text, file: file).filter { $0.language == language }
        }
    }

    /// The fenced blocks of a Markdown text (fences may be indented, as in a list item).
    static func codeBlocks(in text: String, file: String) -> [CodeBlock] {
        var found: [CodeBlock] = []
        var open: (line: Int, language: String, indent: Int, lines: [String])?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") {
                if let block = open {
                    let text = block.lines.joined(separator: "\n")
                    found.append(CodeBlock(file: file, line: block.line, language: block.language, text: text))
                    open = nil
                } else {
                    open = (index + 1, String(trimmed.dropFirst(3)), line.count - trimmed.count, [])
                }
            } else if open != nil {
                open!.lines.append(String(line.dropFirst(min(open!.indent, line.count - trimmed.count))))
            }
        }
        return found
    }

    @Test(arguments: blocks("pin"))
    func pinBlockLoads(_ block: CodeBlock) throws {
        // A block that imports the bundled model is written next to a copy of it (a patch
        // shown as in models/patches/ imports it from the folder above).
        let text = block.text.replacingOccurrences(of: "import \"../gup_cow.pin\"", with: "import \"gup_cow.pin\"")
        let path = try CLIRunner.temporaryModel(text, name: "example.pin")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let bundled = CLIRunner.packageRoot.appendingPathComponent("models/gup_cow.pin")
        try FileManager.default.copyItem(at: bundled, to: folder.appendingPathComponent("gup_cow.pin"))
        let result = try CLIRunner.run(["list", path])
        #expect(result.status == 0, "\(block): \(result.stderr)")
    }

    /// A console example: its command and the lines it shows.
    struct ConsoleExample: CustomStringConvertible {
        var block: CodeBlock
        var arguments: [String]
        var expected: [String]
        var description: String { "\(block): pincheck \(arguments.joined(separator: " "))" }
    }

    static let consoleExamples: [ConsoleExample] = blocks("console").flatMap { block -> [ConsoleExample] in
        var examples: [ConsoleExample] = []
        for line in block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("$ ") {
                var words = line.dropFirst(2).split(separator: " ").map(String.init)
                guard let first = words.first, first.hasSuffix("pincheck") else { continue }
                words.removeFirst()
                examples.append(ConsoleExample(block: block, arguments: words, expected: []))
            } else if !examples.isEmpty {
                examples[examples.count - 1].expected.append(line)
            }
        }
        return examples
    }

    /// Timings and memory figures differ from run to run.
    static func normalised(_ line: String) -> String {
        line.replacingOccurrences(of: #"\d+(\.\d+)? ?(s|KiB|MiB|GiB)\b"#, with: "#", options: .regularExpression)
    }

    /// Whether `actual` matches `expected`, where a line `…` stands for any lines and a `…`
    /// inside a line for any text.
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        guard let first = expected.first else { return actual.allSatisfy { $0.isEmpty } }
        if first == "…" {
            return (0...actual.count).contains { matches(Array(actual[$0...]), Array(expected.dropFirst())) }
        }
        guard let line = actual.first, lineMatches(normalised(line), normalised(first)) else { return false }
        return matches(Array(actual.dropFirst()), Array(expected.dropFirst()))
    }

    static func lineMatches(_ actual: String, _ pattern: String) -> Bool {
        let parts = pattern.components(separatedBy: "…")
        guard parts.count > 1 else { return actual == pattern }
        var rest = Substring(actual)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.hasSuffix(parts.last!)
    }

    @Test(arguments: consoleExamples)
    func consoleExamplePrintsWhatItShows(_ example: ConsoleExample) throws {
        // An example on a file the reader writes (the patch under review) is not run.
        if let model = example.arguments.first(where: { $0.hasSuffix(".pin") }),
            !FileManager.default.fileExists(atPath: CLIRunner.packageRoot.appendingPathComponent(model).path)
        {
            return
        }
        let result = try CLIRunner.run(example.arguments)
        let actual = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var expected = example.expected
        while expected.last == "" { expected.removeLast() }
        #expect(Self.matches(actual, expected), "\(example) printed:\n\(result.stdout)")
    }

    /// Each `pincheck VERB … --flag` in an `sh` block, as (verb, flag).
    static let shellFlags: [String] = blocks("sh").flatMap { block -> [String] in
        block.text.split(separator: "\n").flatMap { line -> [String] in
            let words = line.split(separator: "#").first.map { $0.split(separator: " ").map(String.init) } ?? []
            guard let index = words.firstIndex(where: { $0.hasSuffix("pincheck") }), index + 1 < words.count else { return [] }
            let verb = words[index + 1]
            return words.dropFirst(index + 2).filter { $0.hasPrefix("--") }.map { "\(verb) \($0)" }
        }
    }

    @Test(arguments: Set(shellFlags).sorted())
    func shellFlagExists(_ verbAndFlag: String) throws {
        let parts = verbAndFlag.split(separator: " ").map(String.init)
        let help = try CLIRunner.run([parts[0], "--help"])
        #expect(help.stdout.contains(parts[1]), "pincheck \(verbAndFlag) is not in its --help")
    }

    @Test func ellipsisMatchesAnyLinesAndAnyText() {
        #expect(Self.matches(["a", "b", "c"], ["…", "c"]))
        #expect(Self.matches(["/x/y.smt2: unsat"], ["…/y.smt2: unsat"]))
        #expect(!Self.matches(["a", "b"], ["a", "c"]))
        #expect(Self.matches(["time: 0.18s"], ["time: 9.99s"]))
    }
}
