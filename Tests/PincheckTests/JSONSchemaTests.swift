import Foundation
import Testing

/// Every verb's `--json` output validates against docs/pincheck.schema.json, and no value
/// that is a number or a boolean is printed as a string.
@Suite(.serialized) struct JSONSchemaTests {
    static let schemaURL = CLIRunner.packageRoot.appendingPathComponent("docs/pincheck.schema.json")

    static func validator() throws -> JSONSchemaValidator {
        try JSONSchemaValidator(schema: try JSONValue.parse(String(contentsOf: schemaURL, encoding: .utf8)))
    }

    /// Runs `pincheck` with `arguments`, expects `status`, and checks the document it prints.
    @discardableResult
    func document(_ arguments: [String], status: Int32, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> JSONValue
    {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == status, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        let value = try JSONValue.parse(r.stdout)
        let problems = try Self.validator().errors(value) + Self.stringlyTyped(value, at: "$")
        #expect(problems.isEmpty, "\(arguments): \(problems.prefix(5).joined(separator: "\n"))", sourceLocation: sourceLocation)
        #expect(value["format"] == .int(1), sourceLocation: sourceLocation)
        #expect(value["exit_status"] == .int(Int(status)), sourceLocation: sourceLocation)
        Self.printed.append((arguments.joined(separator: " "), r.stdout))
        return value
    }

    /// The documents printed so far, for the cross-check with Python's jsonschema.
    nonisolated(unsafe) static var printed: [(String, String)] = []

    /// Strings that spell a boolean or a number: a typed value printed as text.
    static func stringlyTyped(_ value: JSONValue, at path: String) -> [String] {
        switch value {
        case .string(let s) where s == "true" || s == "false" || Int(s) != nil:
            return ["\(path): \"\(s)\" is a string"]
        case .array(let a): return a.enumerated().flatMap { stringlyTyped($1, at: "\(path)[\($0)]") }
        case .object(let o): return o.flatMap { stringlyTyped($1, at: "\(path).\($0)") }
        default: return []
        }
    }

    /// The validator itself: it refuses a wrong document and a keyword it does not know.
    @Test func validatorRejectsWhatTheSchemaForbids() throws {
        let v = try Self.validator()
        let good = try JSONValue.parse(#"{"format": 1, "verb": "check", "exit_status": 2, "error": "x", "diagnostics": []}"#)
        #expect(v.errors(good).isEmpty)
        let typo = try JSONValue.parse(#"{"format": 1, "verb": "check", "exit_status": "2", "error": "x", "diagnostics": []}"#)
        #expect(!v.errors(typo).isEmpty)
        let extra = try JSONValue.parse(
            #"{"format": 1, "verb": "check", "exit_status": 2, "error": "x", "diagnostics": [], "more": true}"#)
        #expect(!v.errors(extra).isEmpty)
        #expect(throws: JSONSchemaValidator.UnsupportedKeyword.self) {
            try JSONSchemaValidator(schema: try JSONValue.parse(#"{"type": "object", "patternProperties": {}}"#))
        }
        #expect(Self.stringlyTyped(try JSONValue.parse(#"{"a": ["1", "x"]}"#), at: "$") == [#"$.a[0]: "1" is a string"#])
    }

    /// The 6.1 counterexample of the main invariant: the call that decided, typed values,
    /// the pinned frame and the violated values.
    @Test func checkExplainsTheMainCounterexample() throws {
        let doc = try document(
            ["check", "models/gup_cow.pin", "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped", "--json"],
            status: 1)
        let invariant = try #require(doc["variants"]?.items.first?["invariants"]?.items.first)
        #expect(invariant["verdict"] == .string("violated"))
        let steps = try #require(invariant["trace"]?["steps"]?.items)
        let pin = try #require(steps.first { $0["action"] == .string("gup_step") })
        let decision = try #require(pin["calls"]?.items.first { $0["name"] == .string("gup_must_unshare") })
        #expect(decision["result"] == .bool(false))
        #expect(decision["variant"] == .string("v6_1"))
        #expect(decision["arguments"]?["flags"] == .array([.string("FOLL_PIN"), .string("FOLL_LONGTERM")]))
        #expect(decision["arguments"]?["f"] == .string("ZERO_PAGE"))
        #expect(pin["calls"]?.items.contains { $0["name"] == .string("try_grab_page") } == true, "JSON has every call")
        let final = try #require(invariant["trace"]?["final"])
        #expect(final["gup_ref"]?.items.first?["frame"] == .string("ZERO_PAGE"))
        #expect(final["gup_ref"]?.items.first?["held"] == .bool(true))
        #expect(final["pte"]?.items.first?["frame"] == .string("ANON_PAGE_1"))
        let facts = invariant["explanation"]?["facts"]?.items.compactMap(\.string) ?? []
        #expect(facts.contains("but: pte[0].frame = ANON_PAGE_1 ≠ gup_ref[0].frame = ZERO_PAGE"), "\(facts)")
    }

    @Test func everyEngineAndSectionOfCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-json-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let counter = "models/examples/counter.pin"
        try document(["check", counter, "--coverage", "--deadlock", "--json"], status: 1)
        try document(["check", counter, "--engine", "bmc", "--depth", "4", "--json"], status: 1)
        let kind = try document(["check", counter, "--engine", "kind", "--invariant", "bounded", "--json"], status: 0)
        #expect(kind["variants"]?.items.first?["statistics"]?["max_k"] != nil)
        let pdr = try document(
            ["check", counter, "--engine", "pdr", "--invariant", "bounded", "--certificates", folder.path, "--json"],
            status: 0)
        let seconds = pdr["variants"]?.items.first?["statistics"]?["elapsed_seconds"]
        #expect(seconds.map { if case .double = $0 { true } else if case .int = $0 { true } else { false } } == true)
        let certificate = folder.appendingPathComponent("counter/base/bounded").path
        let recheck = try document(["recheck", certificate, "--json"], status: 0)
        let results = recheck["certificates"]?.items.first?["obligations"]?.items.compactMap { $0["result"] } ?? []
        #expect(results.count >= 4 && results.allSatisfy { $0 == .string("unsat") }, "\(results)")
        // Two variants or one: the same shape, a `variants` array.
        let one = try document(["check", counter, "--invariant", "small", "--json"], status: 1)
        #expect(one["variants"]?.items.count == 1)
    }

    @Test func compareRunListProveAndMutate() throws {
        let model = "models/gup_cow.pin"
        try document(["compare", model, "--variant", "v6_1", "--variant", "v6_2", "--json"], status: 0)
        try document(["compare", model, "--explain", "v6_1", "v6_2", "--format", "json"], status: 0)
        let run = try document(["run", model, "--variant", "v6_1", "--scenario", "ro_pin_zeropage", "--json"], status: 1)
        #expect(run["run"]?["trace"]?["steps"]?.items.first?["scenario_step"] == .int(1))
        let table = try document(["run", model, "--table", "--json"], status: 0)
        #expect(table["variants"]?.items.count == 8)
        let list = try document(["list", model, "--json"], status: 0)
        #expect(list["state_variables"]?.items.contains { $0["type"] == .string("[Proc] Pte") } == true)
        try document(["mutate", model, "--variant", "v6_2", "--function", "gup_must_unshare", "--json"], status: 0)
        let obligations = try CLIRunner.temporaryModel(
            """
            \(CLIRunner.packageRoot.path)/models/examples/counter.pin base bounded holds
            \(CLIRunner.packageRoot.path)/models/examples/counter.pin base small violated 3
            \(CLIRunner.packageRoot.path)/models/examples/counter.pin base flag_blocks_four violated 4
            """, name: "obligations.txt")
        let prove = try document(["prove", obligations, "--json"], status: 1)
        let results = prove["obligations"]?.items ?? []
        #expect(results.map { $0["as_expected"] } == [.bool(true), .bool(true), .bool(false)])
        #expect(results.last?["found"]?["steps"] == .int(5))
    }

    /// Errors are documents too: a model that does not load, an unknown name, a usage error,
    /// an unknown command.
    @Test func errorsUnderJSON() throws {
        let broken = try CLIRunner.temporaryModel("model m\nvar x: bool\ninvariant i: y\n")
        let load = try document(["check", broken, "--json"], status: 2)
        let diagnostic = try #require(load["diagnostics"]?.items.first)
        #expect(diagnostic["line"] == .int(3))
        #expect(diagnostic["message"]?.string?.contains("'y'") == true, "\(diagnostic)")
        let missing = try document(["list", "models/nothing.pin", "--json"], status: 2)
        #expect(missing["diagnostics"]?.items.first?["line"] == nil)
        let variant = try document(["list", "models/gup_cow.pin", "--variant", "v6_3", "--json"], status: 2)
        #expect(variant["error"]?.string?.hasPrefix("unknown variant 'v6_3'; did you mean 'v6_1'?") == true)
        try document(["check", "models/gup_cow.pin", "--json", "--emit", "scenario"], status: 2)
        let verb = try document(["chek", "--json"], status: 2)
        #expect(verb["verb"] == .string(""))
    }

    /// The same documents validate with Python's jsonschema, where it is installed: the
    /// schema means what this validator reads it to mean.
    @Test func pythonJsonschemaAgrees() throws {
        guard let python = CLIRunner.onPath("python3"),
            try CLIRunner.run(python, ["-c", "import jsonschema"]).status == 0
        else {
            print("skipped: python3 with jsonschema is not installed")
            return
        }
        if Self.printed.isEmpty { try checkExplainsTheMainCounterexample() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (n, (_, text)) in Self.printed.enumerated() {
            let url = folder.appendingPathComponent("\(n).json")
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            v = jsonschema.Draft202012Validator(schema)
            bad = [p for p in sys.argv[2:] if list(v.iter_errors(json.load(open(p))))]
            print(len(sys.argv) - 2, "documents,", len(bad), "invalid", bad)
            """
        let r = try CLIRunner.run(python, ["-c", script, Self.schemaURL.path] + paths)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(" 0 invalid"), "\(r.stdout)")
    }
}
