import Foundation
import PinLang
import Testing

/// Loads a model from text and returns its diagnostics (empty when it checks).
func diagnostics(of text: String) -> [Diagnostic] {
    do {
        _ = try LoadedProgram.load(text: text, path: "m.pin")
        return []
    } catch {
        return error.diagnostics
    }
}

/// A malformed model and the diagnostic it must produce; positions counted by hand.
struct CheckerCase: CustomTestStringConvertible, Sendable {
    var text: String
    var line: Int
    var column: Int
    var message: String
    var testDescription: String { message }
}

let checkerCases: [CheckerCase] = [
    .init(text: "model m\nvar x: Foo\n", line: 2, column: 8, message: "unknown type 'Foo'"),
    .init(text: "model m\nvar x: bool\ninvariant i: y\n", line: 3, column: 14, message: "unknown name 'y'"),
    .init(
        text: "model m\nvar x: bool\nvar x: bool\n", line: 3, column: 5,
        message: "'x' is already declared as a state variable"),
    .init(
        text: "model m\nvar x: 3..1\n", line: 2, column: 8,
        message: "empty range 3..1: the lower bound must not exceed the upper bound"),
    .init(
        text: "model m\nvar x: 0..3\ninvariant i: x + 1\n", line: 3, column: 14,
        message: "invariant 'i' must be bool, found int"),
    .init(
        text: "model m\nfn f(a: int) -> int { return a; }\ninvariant i: f() == 1\n", line: 3, column: 14,
        message: "function 'f' takes 1 argument, but 0 were given"),
    .init(
        text: "model m\nvar x: bool\nfn f() -> bool { x := true; return x; }\n", line: 3, column: 18,
        message: "function cannot assign state variable 'x'; use a 'proc' for side effects"),
    .init(
        text: "model m\nfn f(a: bool) -> int { if a { return 1; } }\n", line: 2, column: 4,
        message: "function 'f' does not return a value on every path"),
    .init(
        text: "model m\nfn f() -> bool { return f(); }\n", line: 2, column: 25,
        message: "recursive call: f -> f; functions and procedures must not recurse"),
    .init(
        text: "model m\nvar x: bool\naction a(p: bool) { p := true; }\n", line: 3, column: 21,
        message: "cannot assign to 'p': parameters and 'let' bindings are immutable"),
    .init(
        text: "model m\naction a(n: int) { }\n", line: 2, column: 13,
        message: "action parameter 'n' must have type bool, a range or an enum, found int"),
    .init(
        text: "model m\nvar n: int\n", line: 2, column: 8,
        message: "state variable 'n' must have a finite type, found int"),
    .init(
        text: "model m\nvariant v\nvariant w fn f() -> int { return 1; }\n", line: 3, column: 9,
        message: "unknown variant 'w'"),
    .init(
        text: "model m\nvariant v\nvariant v fn f() -> int { return 1; }\n", line: 3, column: 14,
        message: "variant 'v' overrides function 'f', but the model declares no function of that name"),
    .init(text: "model m\nvariant v extends u\n", line: 2, column: 9, message: "variant 'v' extends unknown variant 'u'"),
    .init(
        text: "model m\nvariant a extends b\nvariant b extends a\n", line: 2, column: 9,
        message: "variant 'a' extends itself through a -> b -> a"),
    .init(
        text: "model m\nvariant v\nfn f(a: bool) -> int { return 1; }\nvariant v fn f(a: int) -> int { return 1; }\n",
        line: 4, column: 14,
        message:
            "override of function 'f' in variant 'v' must keep its signature: expected fn f(a: bool) -> int, "
            + "found fn f(a: int) -> int"),
    .init(text: "model m\nvar b: bool\ninvariant i: b == 1\n", line: 3, column: 14, message: "cannot compare bool with int"),
    .init(
        text: "model m\nvar b: bool\ninvariant i: b[0]\n", line: 3, column: 14,
        message: "cannot index a value of type bool; only arrays can be indexed"),
    .init(
        text: "model m\nrecord R { a: bool }\nvar r: R\ninvariant i: r.b\n", line: 4, column: 16,
        message: "record 'R' has no field 'b'; its fields are a"),
    .init(
        text: "model m\nproc p() { }\ninvariant i: p()\n", line: 3, column: 14,
        message: "procedure 'p' has no value; call it as a statement"),
    .init(
        text: "model m\nvar x: 0..3\nconst C = x\n", line: 3, column: 11,
        message: "a constant expression cannot read state variable 'x'"),
    .init(
        text: "model m\nconst A = B\nconst B = A\n", line: 3, column: 11,
        message: "constant 'A' is defined in terms of itself"),
    .init(text: "model m\nconst A = 1 / 0\n", line: 2, column: 11, message: "division by zero"),
    .init(
        text: "model m\nvar a: [0..2] bool = [true, false]\n", line: 2, column: 22,
        message: "array literal has 2 elements, but the index type 0..2 has 3 values"),
    .init(text: "model m\nvar x: 0..3 = 7\n", line: 2, column: 15, message: "initial value 7 is outside the type 0..3"),
    .init(
        text: "model m\nenum A { x, y }\nenum B { y }\n", line: 3, column: 10,
        message: "'y' is already declared as an enum constant"),
    .init(text: "model m\nrecord R { r: R }\n", line: 2, column: 15, message: "type 'R' is defined in terms of itself"),
    .init(
        text: "model m\nvar x: bool\naction a(x: bool) { }\n", line: 3, column: 10,
        message: "'x' shadows the state variable of the same name; choose another name"),
    .init(
        text: "model m\nvar x: bool\naction a() { x := x + 1; }\n", line: 3, column: 19,
        message: "operator '+' needs integer operands, found bool"),
    .init(
        text: "model m\nfn f() -> int { return 1; }\naction a() { f(); }\n", line: 3, column: 14,
        message: "the result of function 'f' is unused; only procedures can be called as statements"),
    .init(
        text: "model m\nflags F { A = 1, B = 6 }\nvar x: F\n", line: 2, column: 22,
        message: "flag 'B' is 6; a flag is one bit, a power of two from 1 to 2^30"),
    .init(
        text: "model m\nflags F { A = 2, B = 0x2 }\nvar x: F\n", line: 2, column: 22,
        message: "flag 'B' has the same bit as 'A'"),
    .init(
        text: "model m\nflags F { A = 1 }\nconst A = 2\n", line: 3, column: 7,
        message: "'A' is already declared as a constant"),
]

@Suite struct CheckerTests {
    @Test(arguments: checkerCases)
    func malformedModelGivesDiagnosticAtPosition(_ c: CheckerCase) {
        let found = diagnostics(of: c.text)
        let match = found.first { $0.message == c.message }
        #expect(match != nil, "expected '\(c.message)', got \(found.map { "\($0.location): \($0.message)" })")
        #expect(match?.location.line == c.line)
        #expect(match?.location.column == c.column)
        #expect(match?.location.file == "m.pin")
    }

    @Test func aFlagSetIsARangeOfItsBitsWithAConstantPerFlagAndNamedValues() throws {
        // `flags` stays an ordinary name: here a parameter.
        let model = try LoadedProgram.load(
            text: """
                model m
                flags Foll { WRITE = 1, PIN = 0x8, LONGTERM = 16, }
                var f: Foll = 0
                fn pinned(flags: Foll) -> bool { return (flags & PIN) != 0; }
                action pin() requires !pinned(f) { f := f | PIN | LONGTERM; }
                invariant i: f != PIN
                """, path: "m.pin"
        ).program.model(variant: "base")
        let type = model.variables[0].type
        #expect(type.description == "Foll")
        #expect(type.finiteDomain == 0...31)
        #expect(type.format(0) == "0")
        #expect(type.format(24) == "PIN|LONGTERM")
        #expect(type.format(1 | 2 | 8) == "WRITE|PIN|0x2")
        #expect(type.literal(24) == "(PIN|LONGTERM)")
        #expect(type.literal(8) == "PIN")
        #expect(model.constants["LONGTERM"]?.value == 16)
    }

    @Test func everyErrorIsReportedNotJustTheFirst() {
        let found = diagnostics(of: "model m\nvar x: bool\ninvariant a: y\ninvariant b: z\ninvariant c: x + 1\n")
        #expect(
            found.map(\.message) == ["unknown name 'y'", "unknown name 'z'", "operator '+' needs integer operands, found bool"])
    }

    /// A chain of variants each extending the one before: up to the limit it loads; past
    /// it, the variant that ends the chain is refused (every variant is checked along its
    /// chain, so a chain of thousands cost seconds to minutes).
    @Test func aVariantChainIsBounded() {
        func chain(_ n: Int) -> String {
            "model m\nvar x: bool\nvariant v0\n" + (1..<n).map { "variant v\($0) extends v\($0 - 1)\n" }.joined()
        }
        #expect(diagnostics(of: chain(Program.maximumVariantChain)).isEmpty)
        let found = diagnostics(of: chain(Program.maximumVariantChain + 3))
        #expect(found.count == 3, "\(found.map(\.message))")
        #expect(
            found.first?.message.hasPrefix("variant 'v100' extends a chain of more than 100 variants (v100 -> v99 -> v98 -> …)")
                == true)
        #expect(found.first?.location.line == 103)
    }

    @Test func wellFormedModelResolvesTypesAndVariants() throws {
        let loaded = try LoadedProgram.load(
            text: """
                model m
                variant old "old"
                variant new extends old "new"
                enum Kind { anon, file }
                type Proc = 0..1
                record Pte { present: bool, kind: Kind }
                const N = 3, FLAG: int = 4
                variant new const N = 5
                var pte: [Proc] Pte
                var count: 0..N = 0
                fn is_anon(p: Proc) -> bool { return pte[p].kind == anon; }
                action map(p: Proc, k: Kind) requires !pte[p].present { pte[p] := Pte { present: true, kind: k }; }
                invariant sane: forall p: Proc :: pte[p].present || pte[p].kind == anon
                """, path: "m.pin")
        #expect(loaded.program.variantNames == ["old", "new"])
        let old = try loaded.program.model(variant: "old")
        let new = try loaded.program.model(variant: "new")
        #expect(old.variables.map(\.type.description) == ["[0..1] Pte", "0..3"])
        #expect(new.variables[1].type == .range(0, 5))
        #expect(old.constants["FLAG"]?.value == 4)
        #expect(old.actions[0].parameters.map(\.name) == ["p", "k"])
        let layout = StateLayout(old)
        #expect(layout.slots.map(\.path) == ["pte[0].present", "pte[0].kind", "pte[1].present", "pte[1].kind", "count"])
        #expect(layout.bitCount == 1 + 1 + 1 + 1 + 2)
    }

    @Test func importCycleIsReported() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "model a\nimport \"b.pin\"\n".write(to: folder.appendingPathComponent("a.pin"), atomically: true, encoding: .utf8)
        try "model b\nimport \"a.pin\"\n".write(to: folder.appendingPathComponent("b.pin"), atomically: true, encoding: .utf8)
        do {
            _ = try LoadedProgram.load(path: folder.appendingPathComponent("a.pin").path)
            Issue.record("expected an import cycle error")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["import cycle: a.pin -> b.pin -> a.pin"])
            #expect(error.diagnostics.first?.location.line == 2)
        }
    }
}
