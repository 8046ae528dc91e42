import Foundation
import Testing

/// The shape the sources keep (CONVENTIONS.md): files a reader can hold in their head, and
/// functions short enough to read at once. A function may run longer when the line just
/// above its declaration (in its doc comment) says why, starting `- Long:`.
@Suite struct SourceShapeTests {
    static let maxFileLines = 400
    static let maxFunctionLines = 60

    static var sources: [URL] {
        let root = CLIRunner.packageRoot.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    @Test func noSourceFileIsTooLong() throws {
        #expect(!Self.sources.isEmpty)
        for file in Self.sources {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count <= Self.maxFileLines, "\(file.path) has \(lines.count) lines")
        }
    }

    @Test func noFunctionIsTooLongWithoutAReason() throws {
        for file in Self.sources {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
            for (start, length) in Self.functions(in: lines) where length > Self.maxFunctionLines {
                let comment = lines[..<start].reversed().prefix { $0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
                let reason = comment.contains { $0.contains("- Long:") }
                #expect(reason, "\(file.path):\(start + 1): a function of \(length) lines: \(lines[start])")
            }
        }
    }

    /// Where each function, initialiser or accessor body starts (its declaration line) and
    /// how many lines it spans, by matching braces outside strings and comments.
    static func functions(in lines: [String]) -> [(start: Int, length: Int)] {
        let declaration = try! Regex(
            #"^\s*(@\w+\s+)*((public|package|private|fileprivate|internal|static|mutating|override|final|nonisolated)\s+)*(func |init[(<?])"#
        )
        var found: [(Int, Int)] = []
        for (i, line) in lines.enumerated() where line.contains(declaration) {
            var depth = 0
            var opened = false
            var j = i
            scan: while j < lines.count {
                for ch in code(lines[j]) {
                    if ch == "{" {
                        depth += 1
                        opened = true
                    } else if ch == "}" {
                        depth -= 1
                        if opened && depth == 0 { break scan }
                    }
                }
                if !opened && j > i + 10 { break }  // a requirement without a body
                j += 1
            }
            if opened { found.append((i, j - i + 1)) }
        }
        return found
    }

    /// A line without its string literals and its `//` comment.
    static func code(_ line: String) -> String {
        var out = ""
        var inString = false
        var previous: Character = " "
        for ch in line {
            if inString {
                if ch == "\"" && previous != "\\" { inString = false }
            } else if ch == "\"" {
                inString = true
            } else if ch == "/" && previous == "/" {
                out.removeLast()
                break
            } else {
                out.append(ch)
            }
            previous = ch
        }
        return out
    }
}
