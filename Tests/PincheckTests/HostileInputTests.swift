import Foundation
import PinLang
import Testing

/// What a hostile or careless input must not do: read files outside the model's folder,
/// echo a file that is not a model, drive the terminal, break a Markdown table, leave a
/// `--json` reader with nothing, or surface as a Foundation error dump (each was found by
/// the fuzz campaign of the reliability issue).
@Suite struct HostileInputTests {
    static let counter = "model m\nvar x: 0..3 = 0\naction inc() requires x < 3 { x := x + 1; }\ninvariant small: x < 3\n"

    /// A folder holding `files` (name → text); its path.
    func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-hostile-\(UUID().uuidString)")
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func anImportOutsideTheModelsFolderIsRefusedUnlessAllowed() throws {
        let root = try folder([
            "lib/base.pin": "model base\nvar x: bool\naction flip() { x := !x; }\n",
            "patches/fix.pin": "model fix\nimport \"../lib/base.pin\"\n",
        ])
        let patch = root.appendingPathComponent("patches/fix.pin").path
        var r = try CLIRunner.run(["list", patch])
        #expect(r.status == 2)
        #expect(r.stderr.contains("fix.pin:2:1: error: import '../lib/base.pin' is outside the model's folder"), "\(r.stderr)")
        #expect(r.stderr.contains("--allow-imports-from"))
        r = try CLIRunner.run(["list", patch, "--allow-imports-from", root.appendingPathComponent("lib").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("flip"))
    }

    /// 2,000 files, each importing the next: the loader recursed once per file; the chain
    /// is cut at 256 with an error at the import that crosses it.
    @Test func aLongChainOfImportsIsAnError() throws {
        var files: [String: String] = [:]
        for i in 0..<2000 { files["f\(i).pin"] = "model f\(i)\nimport \"f\(i + 1).pin\"\nvar x\(i): bool\n" }
        files["f2000.pin"] = "model f2000\nvar y: bool\n"
        let root = try folder(files)
        let r = try CLIRunner.run(["list", root.appendingPathComponent("f0.pin").path])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("f255.pin:2:1: error: 'f256.pin' is imported through a chain of more than 256 files"),
            "\(r.stderr.prefix(500))")
    }

    @Test func aSystemFileIsNeitherReadNorEchoed() throws {
        let root = try folder(["m.pin": "model m\nimport \"/etc/passwd\"\nvar x: bool\n"])
        var r = try CLIRunner.run(["list", root.appendingPathComponent("m.pin").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is outside the model's folder"))
        #expect(!r.stderr.contains("root:"), "the file's text is not shown: \(r.stderr)")
        // Allowed, but not a model: named, and still not shown.
        r = try CLIRunner.run(["list", root.appendingPathComponent("m.pin").path, "--allow-imports-from", "/etc"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("'/etc/passwd' is not a model file: it does not begin with 'model'"), "\(r.stderr)")
        #expect(!r.stderr.contains("root:"), "\(r.stderr)")
    }

    @Test(arguments: [
        ("\"\u{1B}[2J\"", "control character U+001B in a string literal"),
        ("\"a\u{202E}b\"", "bidirectional control character U+202E in a string literal"),
    ])
    func controlCharactersInStringsAreRefused(literal: String, message: String) throws {
        let path = try CLIRunner.temporaryModel(Self.counter + "scenario s \(literal) { inc(); }\n")
        let r = try CLIRunner.run(["list", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("model.pin:5:"), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}") && !r.stderr.contains("\u{202E}"), "nothing raw reaches the terminal")
    }

    @Test func aBidiOverrideInACommentIsRefused() throws {
        let path = try CLIRunner.temporaryModel(Self.counter + "// access \u{202E}level\n")
        let r = try CLIRunner.run(["list", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("model.pin:5:11: error: bidirectional control character U+202E in a comment"))
    }

    @Test func aLineBreakInAScenarioDocStaysInItsTableCell() throws {
        let text = Self.counter + "scenario s \"first line\\nsecond | line\" { inc(); expect others: holds \"by hand\"; }\n"
        let r = try CLIRunner.run(["run", try CLIRunner.temporaryModel(text), "--table", "--format", "markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = r.stdout.split(separator: "\n").first { $0.hasPrefix("| `s`") }
        #expect(row == "| `s`: first line<br>second \\| line | holds ✓ [1] |", "\(r.stdout)")
    }

    @Test func jsonOutputReportsAModelThatDoesNotLoad() throws {
        let path = try CLIRunner.temporaryModel("model m\nvar x: bool\naction a() { x := !; }\n")
        for command in [["check", path, "--json"], ["run", path, "--json", "--scenario", "s"]] {
            let r = try CLIRunner.run(command)
            #expect(r.status == 2)
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let diagnostics = try #require(object?["diagnostics"] as? [[String: Any]], "\(r.stdout)")
            #expect(diagnostics.first?["line"] as? Int == 3)
            #expect(diagnostics.first?["column"] as? Int == 20)
            #expect(diagnostics.first?["message"] as? String == "expected expression, found ';'")
            #expect(r.stderr.contains("model.pin:3:20: error: expected expression"))
        }
    }

    @Test func aFolderThatCannotBeWrittenIsNamedPlainly() throws {
        let path = try CLIRunner.temporaryModel(Self.counter.replacingOccurrences(of: "small: x < 3", with: "small: x <= 3"))
        let blocker = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("file")
        try "not a folder".write(to: blocker, atomically: true, encoding: .utf8)
        let target = blocker.appendingPathComponent("certs").path
        let r = try CLIRunner.run(["check", path, "--engine", "pdr", "--certificates", target])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: cannot write the certificate for small: '"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
    }

    @Test func anObligationsFileWithNoObligationsIsAnError() throws {
        let root = try folder(["obligations.txt": "# nothing yet\n\n"])
        let r = try CLIRunner.run(["prove", root.appendingPathComponent("obligations.txt").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("holds no obligations"), "\(r.stderr)")
    }

    /// A model too big for the machine ends with what was covered, not with the kernel's
    /// out-of-memory killer: `--max-memory` stops any engine once the process passes it.
    @Test func theMemoryLimitStopsTheSearchWithWhatItCovered() throws {
        let r = try CLIRunner.run(["check", "models/gup_cow.pin", "--variant", "v6_2", "--max-memory", "40M"])
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("invariant pinned_page_stays_mapped: incomplete (memory limit of 40.0 MiB reached at depth "))
        #expect(!r.stdout.contains(": holds"))
        #expect(r.stderr.contains("stopped, memory limit of 40.0 MiB reached: incomplete (1 of 1 variant begun"))
    }

    @Test func sizesParseWithBinaryUnits() throws {
        #expect(Memory.parse(size: "512M") == 512 << 20)
        #expect(Memory.parse(size: "1.5G") == 3 << 29)
        #expect(Memory.parse(size: "8GiB") == 8 << 30)
        #expect(Memory.parse(size: "64k") == 64 << 10)
        #expect(Memory.parse(size: "4096") == 4096)
        for bad in ["0", "-1G", "G", "12Q", "nan", "inf", "1e30T", ""] { #expect(Memory.parse(size: bad) == nil, "\(bad)") }
        let r = try CLIRunner.run(["check", "models/gup_cow.pin", "--max-memory", "12Q"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--max-memory takes a size such as 8G, 512M or 1.5G, not '12Q'"))
    }

    @Test func thousandsOfErrorsPrintTheFirstFiftyAndTheCount() throws {
        let text = "model m\nvar x: bool\n" + String(repeating: "action a() { x := y; }\n", count: 2000)
        let r = try CLIRunner.run(["list", try CLIRunner.temporaryModel(text)])
        #expect(r.status == 2)
        #expect(r.stderr.components(separatedBy: ": error: ").count - 1 == 50)
        // Each duplicate is an error; the count line still counts every one.
        #expect(r.stderr.contains("… and 1949 more not shown\n1999 errors in "), "\(r.stderr.suffix(300))")
    }

    @Test func unknownVerbsVariantsAndInvariantsSuggestTheNearest() throws {
        var r = try CLIRunner.run(["chek", "models/gup_cow.pin"])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "error: unknown command 'chek'; did you mean 'check'? "
                + "the commands are check, compare, run, list, recheck, prove, mutate, repro, export\n")
        r = try CLIRunner.run(["check", "models/gup_cow.pin", "--invariant", "pinned_page_stays_maped"])
        #expect(r.status == 2)
        #expect(
            r.stderr.hasPrefix("error: unknown invariant 'pinned_page_stays_maped'; did you mean 'pinned_page_stays_mapped'? "))
        r = try CLIRunner.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout == "pincheck 0.1.0\n")
    }
}
