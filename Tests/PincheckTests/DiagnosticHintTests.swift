import Foundation
import Testing

/// Diagnostics that suggest the fix: each with its exact message and position, as
/// `pincheck check` prints it (the first line of standard error) and how many errors it counts.
@Suite struct DiagnosticHintTests {
    /// Writes `files` (name → text) into one new folder and checks the first; its stderr.
    func check(_ files: [(String, String)], _ extra: [String] = []) throws -> (folder: String, result: CLIRunner.Result) {
        let first = try CLIRunner.temporaryModel(files[0].1, name: files[0].0)
        let folder = URL(fileURLWithPath: first).deletingLastPathComponent()
        for (name, text) in files.dropFirst() {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return (folder.path, try CLIRunner.run(["check", first, "--progress", "0"] + extra))
    }

    func firstLine(_ r: CLIRunner.Result) -> String {
        r.stderr.split(separator: "\n").first.map(String.init) ?? ""
    }

    static let counter = """
        model m
        const LIMIT = 3
        variant old
        variant new extends old
        var x: 0..3
        fn double(v: int) -> int { return v * 2; }
        action inc() requires x < LIMIT { x := double(x); }
        invariant small: x < 3

        """

    @Test func didYouMeanForConstantsFunctionsActionsAndVariants() throws {
        let cases: [(edit: (String) -> String, message: String)] = [
            (
                { $0.replacingOccurrences(of: "x < LIMIT", with: "x < LIMT") },
                "7:27: error: unknown name 'LIMT'; did you mean 'LIMIT'?"
            ),
            (
                { $0.replacingOccurrences(of: ":= double(", with: ":= dobule(") },
                "7:40: error: unknown function 'dobule'; did you mean 'double'?"
            ),
            ({ $0 + "scenario s { incr(); expect old: holds; }\n" }, "9:14: error: unknown action 'incr'; did you mean 'inc'?"),
            (
                { $0 + "variant nwe fn double(v: int) -> int { return v; }\n" },
                "9:9: error: unknown variant 'nwe'; did you mean 'new'?"
            ),
            (
                { $0.replacingOccurrences(of: "variant new extends old", with: "variant new extends odl") },
                "4:9: error: variant 'new' extends unknown variant 'odl'; did you mean 'old'?"
            ),
            (
                { $0 + "scenario s { inc(); expect olde: holds; }\n" },
                "9:28: error: unknown variant 'olde'; did you mean 'old'? the model declares old, new"
            ),
        ]
        for (edit, message) in cases {
            let (folder, r) = try check([("m.pin", edit(Self.counter))])
            #expect(r.status == 2)
            #expect(firstLine(r) == "\(folder)/m.pin:\(message)", "\(r.stderr)")
        }
    }

    @Test func didYouMeanForNamesOnTheCommandLine() throws {
        let model = "models/gup_cow.pin"
        let cases: [([String], String)] = [
            (["check", model, "--variant", "v6_3"], "error: unknown variant 'v6_3'; did you mean 'v6_1'? "),
            (
                ["check", model, "--invariant", "no_vm_bug"],
                "error: unknown invariant 'no_vm_bug'; did you mean 'no_vm_bug_on'? "
            ),
            (
                ["run", model, "--variant", "v6_2", "--scenario", "ro_pin_zeropag"],
                "error: unknown scenario 'ro_pin_zeropag'; did you mean 'ro_pin_zeropage'? "
            ),
            (["list", model, "--variant", "v9"], "error: unknown variant 'v9'; "),
            (
                ["chek", model],
                "error: unknown command 'chek'; did you mean 'check'? the commands are check, compare, run, list, "
            ),
        ]
        for (arguments, prefix) in cases {
            let r = try CLIRunner.run(arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.hasPrefix(prefix), "\(arguments): \(r.stderr)")
        }
        let version = try CLIRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "pincheck 0.1.0\n")
    }

    @Test func aMissingImportNamesTheFolderAndTheClosestFile() throws {
        let (folder, r) = try check([
            ("patch.pin", "model patch\nimport \"bse.pin\"\nvariant new extends old\n"),
            ("base.pin", "model base\nvariant old\nvar x: bool\n"),
        ])
        #expect(r.status == 2)
        #expect(
            firstLine(r)
                == "\(folder)/patch.pin:2:1: error: no such model file '\(folder)/bse.pin' (looked in \(folder); did you mean 'base.pin'?)"
        )
    }

    /// An override whose signature differs: expected and found, and no error in the imported
    /// file for each call the new signature would break.
    @Test func anOverrideWithAnotherSignatureShowsBothAndNothingElse() throws {
        let base = """
            model base
            variant old
            var x: 0..3
            fn step(v: int) -> int { return v + 1; }
            action inc() requires x < 3 { x := step(x); }
            invariant small: x < 3

            """
        let (folder, r) = try check([
            (
                "patch.pin",
                "model patch\nimport \"base.pin\"\nvariant new extends old\nvariant new fn step(v: bool) -> int { return 1; }\n"
            ),
            ("base.pin", base),
        ])
        #expect(r.status == 2)
        #expect(
            firstLine(r)
                == "\(folder)/patch.pin:4:16: error: override of function 'step' in variant 'new' must keep its signature: "
                + "expected fn step(v: int) -> int, found fn step(v: bool) -> int")
        #expect(r.stderr.contains("\(folder)/base.pin:4:4: note: the overridden declaration is here"))
        #expect(r.stderr.hasSuffix("1 error in \(folder)/patch.pin\n"), "\(r.stderr)")
    }

    @Test func variantOnALineOfItsOwnSaysToJoinTheLines() throws {
        let again = Self.counter + "variant new\nfn double(v: int) -> int { return v; }\n"
        var (folder, r) = try check([("m.pin", again)])
        #expect(r.status == 2)
        #expect(
            firstLine(r)
                == "\(folder)/m.pin:9:9: error: 'variant new' on a line of its own declares variant 'new' again; "
                + "to override 'double' in it, write 'variant new fn double' on one line")
        #expect(r.stderr.contains("\(folder)/m.pin:10:4: note: the fn on the next line"))
        #expect(r.stderr.hasSuffix("1 error in \(folder)/m.pin\n"), "\(r.stderr)")
        let fresh = Self.counter + "variant fast\nfn double(v: int) -> int { return v; }\n"
        (folder, r) = try check([("m.pin", fresh)])
        #expect(
            firstLine(r)
                == "\(folder)/m.pin:9:9: error: 'variant fast' on a line of its own declares a new variant 'fast'; "
                + "to override 'double' in it, write 'variant fast fn double' on one line")
        #expect(r.stderr.hasSuffix("1 error in \(folder)/m.pin\n"), "\(r.stderr)")
    }

    @Test func anOverrideOfTheWrongKindNamesTheRightOne() throws {
        let (folder, r) = try check([("m.pin", Self.counter + "variant new action double(v: int) { x := 0; }\n")])
        #expect(r.status == 2)
        #expect(
            firstLine(r)
                == "\(folder)/m.pin:9:20: error: variant 'new' overrides action 'double', but the model declares no action "
                + "of that name; it declares a function of that name: use 'variant new fn double'")
    }

    /// Types in diagnostics keep the alias a range was declared by.
    @Test func typesInDiagnosticsKeepTheirAliasNames() throws {
        let (folder, r) = try check([
            (
                "m.pin",
                "model m\ntype Proc = 0..1\nvar owner: [Proc] bool\nvar x: 0..3\n"
                    + "action a(p: Proc) { owner[p] := p; }\naction b() { x := owner; }\n"
            )
        ])
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(folder)/m.pin:5:33: error: cannot assign a value of type Proc (0..1) to a target of type bool"))
        #expect(lines.contains("\(folder)/m.pin:6:19: error: cannot assign a value of type [Proc] bool to a target of type 0..3"))
    }
}
