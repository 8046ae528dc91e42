import PinLang
import Testing

// MARK: - Printing trees compactly

/// An expression as a prefix S-expression, e.g. `(+ a (* b c))`.
private func show(_ e: Expr) -> String {
    switch e {
    case .integer(let v, _): return "\(v)"
    case .boolean(let v, _): return "\(v)"
    case .name(let id): return id.name
    case .unary(let op, let x, _): return "(\(op.rawValue) \(show(x)))"
    case .binary(let op, let l, let r, _): return "(\(op.rawValue) \(show(l)) \(show(r)))"
    case .conditional(let c, let a, let b, _): return "(? \(show(c)) \(show(a)) \(show(b)))"
    case .index(let a, let i, _): return "(index \(show(a)) \(show(i)))"
    case .field(let r, let f, _): return "(. \(show(r)) \(f.name))"
    case .call(let f, let args, _): return "(call \(([f.name] + args.map(show)).joined(separator: " ")))"
    case .quantified(let q, let x, let t, let body, _): return "(\(q.rawValue) \(x.name) \(show(t)) \(show(body)))"
    case .recordLiteral(let r, let fields, _):
        return "(\(([r.name] + fields.map { "\($0.0.name): \(show($0.1))" }).joined(separator: " ")))"
    case .arrayLiteral(let elements, _): return "[\(elements.map(show).joined(separator: " "))]"
    }
}

private func show(_ t: TypeExpr) -> String {
    switch t {
    case .bool: return "bool"
    case .int: return "int"
    case .range(let lo, let hi, _): return "\(show(lo))..\(show(hi))"
    case .named(let id): return id.name
    case .array(let index, let element, _): return "[\(show(index))]\(show(element))"
    case .flags(let name, let entries, _):
        return "flags \(name) {" + entries.map { "\($0.name.name) = \(show($0.value))" }.joined(separator: ", ") + "}"
    }
}

private func show(_ s: Stmt) -> String {
    switch s {
    case .assign(let target, let value, _): return "(:= \(show(target)) \(show(value)))"
    case .letBinding(let name, let type, let value, _):
        return "(let \(name.name)\(type.map { ": " + show($0) } ?? "") \(show(value)))"
    case .ifStmt(let c, let then, let otherwise, _):
        return "(if \(show(c)) \(show(then))\(otherwise.map { " else " + show($0) } ?? ""))"
    case .forLoop(let i, let domain, let body, _): return "(for \(i.name) \(show(domain)) \(show(body)))"
    case .call(let callee, let args, _): return "(call \(([callee.name] + args.map(show)).joined(separator: " ")))"
    case .returnStmt(let value, _): return value.map { "(return \(show($0)))" } ?? "(return)"
    }
}

private func show(_ b: Block) -> String {
    "{" + b.statements.map(show).joined(separator: " ") + "}"
}

private func show(_ d: Declaration) -> String {
    let body: String
    switch d.kind {
    case .variant(let v):
        body = "variant \(v.name)" + (v.base.map { " extends \($0)" } ?? "") + (v.doc.map { " doc \"\($0)\"" } ?? "")
    case .enumeration(let e): body = "enum \(e.name) \(e.cases.map(\.name).joined(separator: ","))"
    case .typeAlias(let t): body = "type \(t.name) = \(show(t.type))"
    case .flags(let t, let cs): body = "\(show(t.type)) with \(cs.count) constants"
    case .record(let r): body = "record \(r.name) \(r.fields.map { "\($0.name): \(show($0.type))" }.joined(separator: ", "))"
    case .constants(let cs):
        body =
            "const "
            + cs.map { "\($0.name)\($0.type.map { ": " + show($0) } ?? "") = \(show($0.value))" }
            .joined(separator: ", ")
    case .variables(let vs):
        body =
            "var "
            + vs.map { "\($0.name): \(show($0.type))\($0.initial.map { " = " + show($0) } ?? "")" }
            .joined(separator: ", ")
    case .initializer(let b): body = "init \(show(b))"
    case .function(let f):
        body =
            "fn \(f.name)(\(f.parameters.map { "\($0.name): \(show($0.type))" }.joined(separator: ", "))) "
            + "-> \(show(f.result)) \(show(f.body))"
    case .procedure(let p):
        body = "proc \(p.name)(\(p.parameters.map { "\($0.name): \(show($0.type))" }.joined(separator: ", "))) \(show(p.body))"
    case .action(let a):
        body =
            "action \(a.name)(\(a.parameters.map { "\($0.name): \(show($0.type))" }.joined(separator: ", ")))"
            + (a.guardExpr.map { " requires \(show($0))" } ?? "") + " \(show(a.body))"
    case .invariant(let i): body = "invariant \(i.name): \(show(i.condition))"
    case .scenario(let s): body = "scenario \(s.name) (\(s.steps.count) steps, \(s.expectations.count) expectations)"
    }
    return (d.variant.map { "[\($0)] " } ?? "") + body
}

private func span(_ r: SourceRange) -> String {
    "\(r.start.line):\(r.start.column)-\(r.end.line):\(r.end.column)"
}

/// The expression `text` as the value of a constant, parsed from `model m\nconst C = <text>`.
private func expression(_ text: String) throws -> Expr {
    let file = try Parser.parse("model m\nconst C = \(text)", path: "m.pin")
    guard case .constants(let constants)? = file.declarations.first?.kind, let first = constants.first else {
        Issue.record("no constant in \(text)")
        return .integer(0, SourceRange(at: PinLang.SourceLocation(file: "", line: 0, column: 0)))
    }
    #expect(file.declarations.count == 1 && constants.count == 1, "\(text) parsed as more than one constant")
    return first.value
}

/// The statements of `init { <text> }`.
private func statements(_ text: String) throws -> String {
    let file = try Parser.parse("model m\ninit { \(text) }", path: "m.pin")
    guard case .initializer(let block)? = file.declarations.first?.kind else { return "no init" }
    return block.statements.map(show).joined(separator: " ")
}

/// The first diagnostic `text` produces, as `line:col: message`.
private func syntaxError(_ text: String) -> String {
    do {
        _ = try Parser.parse(text, path: "m.pin")
        return "no error"
    } catch {
        guard let first = error.diagnostics.first else { return "empty DiagnosticError" }
        #expect(first.location.file == "m.pin")
        #expect(error.sources["m.pin"] == text)
        return "\(first.location.line):\(first.location.column): \(first.message)"
    }
}

// MARK: - Well-formed programs

@Suite struct ParserTests {
    @Test(arguments: [
        ("a || b && c == d + e * f", "(|| a (&& b (== c (+ d (* e f)))))"),
        ("a * b + c == d && e || f", "(|| (&& (== (+ (* a b) c) d) e) f)"),
        ("a ==> b ==> c", "(==> a (==> b c))"),
        ("a || b ==> c && d", "(==> (|| a b) (&& c d))"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b % c * d", "(* (% (/ a b) c) d)"),
        ("a | b ^ c & d << 1 + 2", "(| a (^ b (& c (<< d (+ 1 2)))))"),
        ("a >> 1 >> 2", "(>> (>> a 1) 2)"),
        ("a < b == c >= d", "(== (< a b) (>= c d))"),
        ("a != b", "(!= a b)"),
        ("c ? a : d ? e : f", "(? c a (? d e f))"),
        ("c ==> d ? 1 : 2", "(? (==> c d) 1 2)"),
        ("-x * y", "(* (- x) y)"),
        ("!!a.f[1]", "(! (! (index (. a f) 1)))"),
        ("~-1", "(~ (- 1))"),
        ("f(a, b + 1)[0].g", "(. (index (call f a (+ b 1)) 0) g)"),
        ("f()", "(call f)"),
        ("(a || b) && c", "(&& (|| a b) c)"),
        ("forall x: T :: p || q", "(forall x T (|| p q))"),
        ("a && forall x: T :: p || q", "(&& a (forall x T (|| p q)))"),
        ("(forall x: T :: p) || q", "(|| (forall x T p) q)"),
        ("exists i: 0..N-1 :: a[i] == i ? 1 : 2", "(exists i 0..(- N 1) (? (== (index a i) i) 1 2))"),
        ("c ? forall x: bool :: x : false", "(? c (forall x bool x) false)"),
        ("R { f: 1, g: x + 1 }", "(R f: 1 g: (+ x 1))"),
        ("R { f: S { a: true }, }", "(R f: (S a: true))"),
        ("R {}", "(R)"),
        ("[1, 2, 3]", "[1 2 3]"),
        ("[]", "[]"),
        ("0x10 + 0b1", "(+ 16 1)"),
        ("true && false", "(&& true false)"),
    ])
    func expressionsGroupByPrecedence(_ text: String, _ expected: String) throws {
        #expect(show(try expression(text)) == expected)
    }

    @Test func expressionRangesSpanTheirOperands() throws {
        // `model m\nconst C = ` puts the expression at line 2, column 11.
        #expect(span(try expression("a + b").range) == "2:11-2:16")
        #expect(span(try expression("-a[i]").range) == "2:11-2:16")
        #expect(span(try expression("f(x, y)").range) == "2:11-2:18")
        #expect(span(try expression("R { f: 1 }").range) == "2:11-2:21")
        #expect(span(try expression("forall x: T :: x").range) == "2:11-2:27")
        #expect(span(try expression("r.f").range) == "2:11-2:14")
        guard case .binary(_, let left, let right, _) = try expression("aa * (bb)") else {
            Issue.record("not a binary expression")
            return
        }
        #expect(span(left.range) == "2:11-2:13")
        #expect(span(right.range) == "2:17-2:19")
    }

    @Test func wholeFileParsesIntoDeclarations() throws {
        let text = """
            model demo
            import "base.pin"
            import "lib/other.pin"
            variant v6_1 "Linux 6.1"
            variant v6_2 extends v6_1
            enum Kind { anon, file, }
            type Proc = 0..N-1
            type P2 = Proc
            record Pte { present: bool, kind: Kind }
            const N = 2, FLAG: int = 0x10
            var a, b: [Proc] bool = false
            var pte: [Proc] Pte
            var grid: [0..1] [bool] 0..3 = [0, 1]
            init { a[0] := true; }
            fn is_anon(p: Proc) -> bool { return pte[p].kind == anon }
            proc clear(p: Proc) { pte[p].present := false; return; }
            action map(p: Proc, k: Kind) requires !pte[p].present { pte[p] := Pte { present: true, kind: k }; clear(p) }
            action tick() { }
            invariant sane: forall p: Proc :: pte[p].present || pte[p].kind == anon
            variant v6_2 fn is_anon(p: Proc) -> bool { return true; }
            variant v6_2 const N = 3
            variant v6_2 proc clear(p: Proc) { }
            variant v6_1 action tick() requires true { }
            variant v6_1
            var x: bool
            flags Foll { WRITE = 1, PIN = 0x8, }
            """
        let file = try Parser.parse(text, path: "models/demo.pin")
        #expect(file.path == "models/demo.pin")
        #expect(file.modelName.name == "demo")
        #expect(span(file.modelName.range) == "1:7-1:11")
        #expect(file.imports.map(\.path) == ["base.pin", "lib/other.pin"])
        #expect(span(file.imports[1].range) == "3:1-3:23")
        #expect(
            file.declarations.map(show) == [
                "variant v6_1 doc \"Linux 6.1\"",
                "variant v6_2 extends v6_1",
                "enum Kind anon,file",
                "type Proc = 0..(- N 1)",
                "type P2 = Proc",
                "record Pte present: bool, kind: Kind",
                "const N = 2, FLAG: int = 16",
                "var a: [Proc]bool = false, b: [Proc]bool = false",
                "var pte: [Proc]Pte",
                "var grid: [0..1][bool]0..3 = [0 1]",
                "init {(:= (index a 0) true)}",
                "fn is_anon(p: Proc) -> bool {(return (== (. (index pte p) kind) anon))}",
                "proc clear(p: Proc) {(:= (. (index pte p) present) false) (return)}",
                "action map(p: Proc, k: Kind) requires (! (. (index pte p) present)) "
                    + "{(:= (index pte p) (Pte present: true kind: k)) (call clear p)}",
                "action tick() {}",
                "invariant sane: (forall p Proc (|| (. (index pte p) present) (== (. (index pte p) kind) anon)))",
                "[v6_2] fn is_anon(p: Proc) -> bool {(return true)}",
                "[v6_2] const N = 3",
                "[v6_2] proc clear(p: Proc) {}",
                "[v6_1] action tick() requires true {}",
                "variant v6_1",
                "var x: bool",
                "flags Foll {WRITE = 1, PIN = 8} with 2 constants",
            ])
        // Declaration ranges start at `variant` for overrides and end at the last token.
        #expect(span(file.declarations[16].range) == "20:1-20:58")
        #expect(span(file.declarations[6].range) == "10:1-10:30")
        #expect(file.declarations[16].variant.map { span($0.range) } == "20:9-20:13")
    }

    @Test func variantOverridesOnlyOnTheVariantsLine() throws {
        let file = try Parser.parse(
            "model m\nvariant v\nfn f() -> int { return 1; }\nvariant v fn f() -> int { return 2; }\n"
                + "variant w \"doc\" const C = 1\nvariant u extends v\naction a() { }",
            path: "m.pin")
        #expect(
            file.declarations.map(show) == [
                "variant v", "fn f() -> int {(return 1)}", "[v] fn f() -> int {(return 2)}", "variant w doc \"doc\"",
                "const C = 1", "variant u extends v", "action a() {}",
            ])
    }

    @Test func typesAndRanges() throws {
        let file = try Parser.parse("model m\ntype T = -N+1..N*2 - 1\nvar v: [T] [bool] R", path: "m.pin")
        #expect(file.declarations.map(show) == ["type T = (+ (- N) 1)..(- (* N 2) 1)", "var v: [T][bool]R"])
        guard case .variables(let vs) = file.declarations[1].kind else { return }
        #expect(span(vs[0].type.range) == "3:8-3:20")
        guard case .typeAlias(let alias) = file.declarations[0].kind else { return }
        #expect(span(alias.type.range) == "2:10-2:23")
    }

    @Test(arguments: [
        ("x := 1; a[i].f[j] := x + 1", "(:= x 1) (:= (index (. (index a i) f) j) (+ x 1))"),
        ("let y = 2; let z: 0..3 = y", "(let y 2) (let z: 0..3 y)"),
        ("p(); q(1, r(2));", "(call p) (call q 1 (call r 2))"),
        ("return; ", "(return)"),
        ("return x", "(return x)"),
        (
            "if c { p(); } else if d { q(); } else { return; }",
            "(if c {(call p)} else {(if d {(call q)} else {(return)})})"
        ),
        ("if a {} else if b {} else if c {}", "(if a {} else {(if b {} else {(if c {})})})"),
        ("if (c) { } if c == d { x := 1 }", "(if c {}) (if (== c d) {(:= x 1)})"),
        ("for i in 0..N-1 { x := i } for k in Kind { }", "(for i 0..(- N 1) {(:= x i)}) (for k Kind {})"),
        ("for j in [bool] bool { }", "(for j [bool]bool {})"),
        ("if r == x { y := R { a: 1 }; }", "(if (== r x) {(:= y (R a: 1))})"),
        ("if r == (R { a: 1 }) { }", "(if (== r (R a: 1)) {})"),
        ("if c ? R { a: 1 } : x { }", "(if (? c (R a: 1) x) {})"),
        ("if forall i: T :: a[i] { }", "(if (forall i T (index a i)) {})"),
        ("if c { if d { x := 1 } }", "(if c {(if d {(:= x 1)})})"),
    ])
    func statementShapes(_ text: String, _ expected: String) throws {
        #expect(try statements(text) == expected)
    }

    @Test func elseIfChainsNestAsBlocksHoldingOneIf() throws {
        let file = try Parser.parse("model m\ninit {\n  if a { } else if b { } else { }\n}", path: "m.pin")
        guard case .initializer(let block) = file.declarations[0].kind,
            case .ifStmt(_, _, let otherwise?, let outer) = block.statements.first,
            case .ifStmt(_, _, let last?, let inner) = otherwise.statements.first
        else {
            Issue.record("unexpected shape")
            return
        }
        #expect(span(outer) == "3:3-3:34")
        #expect(span(inner) == "3:17-3:34")
        #expect(span(otherwise.range) == "3:17-3:34")
        #expect(last.statements.isEmpty)
        #expect(span(last.range) == "3:31-3:34")
    }

    @Test func statementRangesExcludeTheSemicolon() throws {
        let file = try Parser.parse("model m\ninit { x := 1; p(2) }", path: "m.pin")
        guard case .initializer(let block) = file.declarations[0].kind else { return }
        #expect(block.statements.map { span($0.range) } == ["2:8-2:14", "2:16-2:20"])
        #expect(span(block.range) == "2:6-2:22")
    }

    @Test func actionGuardDoesNotTakeTheBodyAsARecordLiteral() throws {
        let file = try Parser.parse("model m\naction a(p: P) requires ok { x := p; }", path: "m.pin")
        #expect(file.declarations.map(show) == ["action a(p: P) requires ok {(:= x p)}"])
    }

    @Test func fileWithOnlyAHeaderAndComments() throws {
        let file = try Parser.parse("// leading\nmodel m /* c */ // t\n", path: "m.pin")
        #expect(file.modelName.name == "m")
        #expect(file.imports.isEmpty && file.declarations.isEmpty)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = 150
        let text = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        #expect(show(try expression(text)) == "1")
        let blocks = String(repeating: "if c { ", count: depth) + String(repeating: "}", count: depth)
        #expect(try statements(blocks).hasPrefix("(if c {(if c {"))
    }
}

// MARK: - Malformed programs

/// A malformed program and the first diagnostic it must produce; positions counted by hand.
struct SyntaxErrorCase: CustomTestStringConvertible, Sendable {
    var text: String
    var line: Int
    var column: Int
    var message: String
    var testDescription: String { message }
}

let syntaxErrorCases: [SyntaxErrorCase] = [
    .init(text: "var x: bool\n", line: 1, column: 1, message: "expected 'model' at the start of the file, found 'var'"),
    .init(text: "", line: 1, column: 1, message: "expected 'model' at the start of the file, found end of file"),
    .init(text: "model\nvar x: bool", line: 2, column: 1, message: "expected model name after 'model', found 'var'"),
    .init(
        text: "model m\nimport other\n", line: 2, column: 8,
        message: "expected import path string after 'import', found 'other'"),
    .init(
        text: "model m\nvar x: bool\nimport \"a.pin\"\n", line: 3, column: 1,
        message: "expected declaration, found 'import'; imports must come right after the 'model' line"),
    .init(text: "model m\nimport \"a.pin\n", line: 2, column: 8, message: "unterminated string literal"),
    .init(
        text: "model m\nvar x: bool /* state\n", line: 2, column: 13,
        message: "unterminated block comment; expected '*/'"),
    .init(
        text: "model m\nconst C = 9223372036854775808\n", line: 2, column: 11,
        message: "integer literal '9223372036854775808' is too large; the maximum is 9223372036854775807"),
    .init(text: "model m\nconst C = 0b102\n", line: 2, column: 15, message: "invalid digit '2' in binary literal"),
    .init(text: "model m\nvar x: bool\ninvariant i: x @ x\n", line: 3, column: 16, message: "unexpected character '@'"),
    .init(
        text: "model m\nvar x: bool\ninit { x := true\nx := false }\n", line: 4, column: 1,
        message: "expected ';' after statement, found 'x'"),
    .init(text: "model m\ninit { p() var }", line: 2, column: 12, message: "expected ';' after statement, found 'var'"),
    .init(text: "model m\ninit { := 1; }\n", line: 2, column: 8, message: "expected statement, found ':='"),
    .init(text: "model m\nvar x: 0..3\ninit { x = 1; }\n", line: 3, column: 10, message: "expected ':=' or a call, found '='"),
    .init(
        text: "model m\ninit { f() := 1; }", line: 2, column: 8,
        message: "expected a variable, an array element or a record field before ':=', found a function call"),
    .init(
        text: "model m\nconst C = 1 < 2 < 3\n", line: 2, column: 17,
        message: "comparison operators cannot be chained; add parentheses"),
    .init(
        text: "model m\nconst C = a == b != c\n", line: 2, column: 18,
        message: "comparison operators cannot be chained; add parentheses"),
    .init(
        text: "model m\nconst C = (1 + 2\nvar x: bool\n", line: 3, column: 1,
        message: "expected ')' after expression, found 'var'"),
    .init(text: "model m\nconst C = f(1 2)", line: 2, column: 15, message: "expected ',' or ')' after argument, found '2'"),
    .init(text: "model m\nconst C = )\n", line: 2, column: 11, message: "expected expression, found ')'"),
    .init(
        text: "model m\nconst C = true ? 1 2\n", line: 2, column: 20,
        message: "expected ':' in conditional expression, found '2'"),
    .init(
        text: "model m\nfn f(a: int) { return a; }\n", line: 2, column: 14,
        message: "expected '->' and a result type after function parameters, found '{'"),
    .init(
        text: "model m\nfn f(a int) -> int { }", line: 2, column: 8,
        message: "expected ':' after parameter name, found 'int'"),
    .init(
        text: "model m\ninit { for i bool { } }\n", line: 2, column: 14,
        message: "expected 'in' after loop variable, found 'bool'"),
    .init(text: "model m\nenum E { }\n", line: 2, column: 10, message: "expected enum case name, found '}'"),
    .init(text: "model m\nenum E { a b }\n", line: 2, column: 12, message: "expected ',' or '}' after enum case, found 'b'"),
    .init(text: "model m\nvar x: bool\n}\n", line: 3, column: 1, message: "expected declaration, found '}'"),
    .init(text: "model m\nvariant", line: 2, column: 8, message: "expected variant name after 'variant', found end of file"),
    .init(
        text: "model m\nvariant v extends\n", line: 3, column: 1,
        message: "expected base variant name after 'extends', found end of file"),
    .init(
        text: "model m\nconst C = " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300),
        line: 2, column: 211, message: "expression nested too deeply"),
    .init(text: "model m\nvar x: }\n", line: 2, column: 8, message: "expected type, found '}'"),
    .init(text: "model m\nvar x = 3\n", line: 2, column: 7, message: "expected ':' after variable name, found '='"),
    .init(
        text: "model m\ntype T = 3\n", line: 3, column: 1,
        message: "expected '..' after the lower bound of a range type, found end of file"),
    .init(
        text: "model m\nvar r: R\ninit { if r == R { a: 1 } { } }", line: 3, column: 21,
        message: "expected ':=' or a call, found ':'"),
    .init(
        text: "model m\ninit { if true { } else return; }\n", line: 2, column: 25,
        message: "expected '{' or 'if' after 'else', found 'return'"),
    .init(
        text: "model m\ninit { x := 1;", line: 2, column: 15, message: "expected '}' at the end of the block, found end of file"),
    .init(
        text: "model m\naction a() x := 1; }", line: 2, column: 12,
        message: "expected 'requires' or '{' after action parameters, found 'x'"),
    .init(
        text: "model m\nconst C = forall x: T : x", line: 2, column: 23,
        message: "expected '::' after the domain of 'forall', found ':'"),
    .init(text: "model m\ninvariant i x", line: 2, column: 13, message: "expected ':' after invariant name, found 'x'"),
    .init(
        text: "model m\nvar x bool\nconst C = @\n", line: 2, column: 7, message: "expected ':' after variable name, found 'bool'"),
    .init(text: "model m\n/* \u{E9} */ var x = 1", line: 2, column: 15, message: "expected ':' after variable name, found '='"),
    .init(text: "model m\n\tvar x = 1", line: 2, column: 8, message: "expected ':' after variable name, found '='"),
    .init(
        text: "model m\nimport \"a.pin\" \"b.pin\"", line: 2, column: 16,
        message: "expected declaration, found string literal \"b.pin\""),
]

extension ParserTests {
    @Suite struct Malformed {
        @Test(arguments: syntaxErrorCases)
        func malformedProgramGivesDiagnosticAtPosition(_ c: SyntaxErrorCase) {
            #expect(syntaxError(c.text) == "\(c.line):\(c.column): \(c.message)")
        }

        @Test func unclosedBlockNotesWhereItBegins() {
            do {
                _ = try Parser.parse("model m\ninit {\n  x := 1;\n", path: "m.pin")
                Issue.record("expected an error")
            } catch {
                let notes = error.diagnostics.first?.notes ?? []
                #expect(notes.map(\.message) == ["the block begins here"])
                #expect(notes.first.map { span($0.range) } == "2:6-2:7")
            }
        }

        @Test(arguments: [
            ("(", "expression nested too deeply"),
            ("!", "expression nested too deeply"),
            ("-", "expression nested too deeply"),
            ("1 + ", "expression nested too deeply"),
            ("a ==> ", "expression nested too deeply"),
            ("c ? 1 : ", "expression nested too deeply"),
            ("f(", "expression nested too deeply"),
            ("[", "expression nested too deeply"),
            ("a[", "expression nested too deeply"),
        ])
        func pathologicalNestingIsRejectedNotACrash(_ unit: String, _ message: String) {
            let text = "model m\nconst C = " + String(repeating: unit, count: 20_000) + "1"
            #expect(syntaxError(text).hasSuffix(message))
        }

        @Test func pathologicalStatementsAndTypesAreRejected() {
            let ifs = "model m\ninit { " + String(repeating: "if c { ", count: 20_000)
            // The limit is shared, so the condition of the innermost `if` may be what crosses it.
            #expect(syntaxError(ifs).hasSuffix("nested too deeply"))
            let elses = "model m\ninit { if c { }" + String(repeating: " else if c { }", count: 20_000) + " }"
            #expect(syntaxError(elses).hasSuffix("nested too deeply"))
            let arrays = "model m\nvar x: " + String(repeating: "[bool] ", count: 20_000) + "bool"
            #expect(syntaxError(arrays).hasSuffix("type nested too deeply"))
            let fields = "model m\nconst C = r" + String(repeating: ".f", count: 20_000)
            #expect(syntaxError(fields).hasSuffix("expression nested too deeply"))
            let sum = "model m\nconst C = 1" + String(repeating: " + 1", count: 20_000)
            #expect(syntaxError(sum).hasSuffix("expression nested too deeply"))
        }
    }
}

// MARK: - Fuzzing

/// SplitMix64: a small deterministic generator so the fuzz test is reproducible.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let fuzzSeed = """
    model fuzz
    import "base.pin"
    variant old "the old one"
    variant new extends old
    enum Kind { anon, file }
    type Proc = 0..N-1
    record Pte { present: bool, kind: Kind, count: 0..3 }
    const N = 2, LIMIT: int = 0x1_0
    var pte: [Proc] Pte
    var flags, mask: 0..15 = 0b0101
    var table: [bool] 0..3 = [1, 2]
    init { flags := 1; /* comment */ }
    fn is_anon(p: Proc) -> bool { let k = pte[p].kind; return k == anon && !(flags & 4 != 0) }
    proc bump(p: Proc) { if pte[p].count < 3 { pte[p].count := pte[p].count + 1 } else { return; } }
    action map(p: Proc, k: Kind) requires !pte[p].present && forall q: Proc :: q == p || pte[q].present {
        pte[p] := Pte { present: true, kind: k, count: 0 };
        for q in Proc { if q != p { bump(q); } else if flags >> 1 == 0 { flags := (flags | 2) ^ 1 } }
    }
    invariant sane: forall p: Proc :: pte[p].present ==> (pte[p].kind == anon ? true : -1 < ~0 % 3)
    variant new fn is_anon(p: Proc) -> bool { return exists q: 0..N-1 :: q == p; }
    // trailing comment
    """

private let fuzzFragments = [
    "{", "}", "(", ")", "[", "]", ",", ";", ":", "::", ".", "..", "->", "=", ":=", "?", "==>", "||", "&&", "==", "<",
    "<<", "+", "-", "*", "!", "~", "if", "else", "for", "in", "let", "return", "forall", "variant", "fn", "x", "R",
    "0", "0x", "99999999999999999999", "\"", "\"s\"", "/*", "*/", "//", "@", "\n", "\t", "\u{E9}", " ",
]

extension ParserTests {
    @Suite struct Fuzz {
        @Test func seedProgramParses() throws {
            let file = try Parser.parse(fuzzSeed, path: "fuzz.pin")
            #expect(file.declarations.count == 15)
        }

        @Test func mutatedProgramsReturnOrThrowButNeverTrap() {
            var generator = SplitMix64(state: 0x5EED_1234)
            let seed = Array(fuzzSeed.unicodeScalars)
            var parsed = 0
            var rejected = 0
            for round in 0..<4000 {
                var text = seed
                let mutations = Int.random(in: 1...4, using: &generator)
                for _ in 0..<mutations {
                    let position = Int.random(in: 0...text.count, using: &generator)
                    switch round % 5 == 0 ? 0 : Int.random(in: 1...5, using: &generator) {
                    case 0:
                        text = Array(text.prefix(position))
                    case 1:
                        let length = Int.random(in: 1...12, using: &generator)
                        text.removeSubrange(position..<min(text.count, position + length))
                    case 2:
                        let fragment = fuzzFragments[Int.random(in: 0..<fuzzFragments.count, using: &generator)]
                        text.insert(contentsOf: fragment.unicodeScalars, at: position)
                    case 3:
                        let other = Int.random(in: 0...text.count, using: &generator)
                        let (low, high) = (min(position, other), max(position, other))
                        text.insert(contentsOf: text[low..<min(high, low + 40)], at: high)
                    case 4:
                        if position < text.count {
                            text[position] = Unicode.Scalar(UInt8.random(in: 32...126, using: &generator))
                        }
                    default:
                        let other = Int.random(in: 0..<max(text.count, 1), using: &generator)
                        if position < text.count && other < text.count { text.swapAt(position, other) }
                    }
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: text)
                let source = String(view)
                do {
                    _ = try Parser.parse(source, path: "fuzz.pin")
                    parsed += 1
                } catch {
                    rejected += 1
                    #expect(error.diagnostics.count == 1)
                    let lineCount = source.unicodeScalars.filter { $0 == "\n" }.count + 1
                    for d in error.diagnostics {
                        #expect(d.location.line >= 1 && d.location.line <= lineCount && d.location.column >= 1)
                        #expect(d.message.isEmpty == false)
                        _ = DiagnosticRenderer(sources: error.sources).render(d)
                    }
                }
            }
            #expect(parsed + rejected == 4000)
            #expect(rejected > 1000)
        }
    }
}
