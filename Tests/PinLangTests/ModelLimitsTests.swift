import PinLang
import Testing

/// Models that ask for more than the checker and the engines can give: each is rejected with
/// an error at the place that crosses the limit, where it used to overflow the stack, trap
/// or exhaust memory (issue 22, item 5).
@Suite struct ModelLimitsTests {
    /// `const c<n-1> = c<n-2> + 1` … `const c0 = 1`: each defined through the next one, which
    /// is declared after it, so the checker evaluates the whole chain on demand.
    static func constantChain(_ n: Int) -> String {
        var lines = ["model m", "var x: bool"]
        for i in stride(from: n - 1, to: 0, by: -1) { lines.append("const c\(i) = c\(i - 1) + 1") }
        lines.append("const c0 = 1")
        return lines.joined(separator: "\n")
    }

    /// The only error and where it is, as `line:column: message`.
    static func onlyError(_ text: String) -> String? {
        let found = diagnostics(of: text)
        guard found.count == 1, let d = found.first else { return "\(found.count) diagnostics: \(found)" }
        return "\(d.location.line):\(d.location.column): \(d.message)"
    }

    @Test func aConstantChainWithinTheLimitChecks() {
        #expect(diagnostics(of: Self.constantChain(ModelLimits.maximumDefinitionChain)).isEmpty)
    }

    @Test(arguments: [2_200, 20_000])
    func aLongConstantChainIsAnErrorNotACrash(_ n: Int) {
        let found = diagnostics(of: Self.constantChain(n))
        // c<n-1> is on line 3 and refers to c<n-2>; the chain is cut where it passes the limit.
        let cut = n - 1 - ModelLimits.maximumDefinitionChain
        let line = 3 + ModelLimits.maximumDefinitionChain - 1
        let message = "constant 'c\(cut)' is defined through a chain of more than 256 constants"
        #expect(found.first.map { "\($0.location.line): \($0.message)" } == "\(line): \(message)")
        #expect(found.allSatisfy { $0.message.hasSuffix("chain of more than 256 constants") })
    }

    @Test func aLongTypeChainIsAnErrorNotACrash() {
        var lines = ["model m"]
        for i in stride(from: 9_999, to: 0, by: -1) { lines.append("type t\(i) = t\(i - 1)") }
        lines += ["type t0 = 0..3", "var x: t9999"]
        let found = diagnostics(of: lines.joined(separator: "\n"))
        #expect(!found.isEmpty && found.allSatisfy { $0.message.hasSuffix("chain of more than 256 types") })
    }

    @Test func aLongRecordChainIsAnErrorNotACrash() {
        var lines = ["model m"]
        for i in stride(from: 9_999, to: 0, by: -1) { lines.append("record r\(i) { f: r\(i - 1) }") }
        lines += ["record r0 { f: bool }", "var x: r9999"]
        let found = diagnostics(of: lines.joined(separator: "\n"))
        #expect(!found.isEmpty && found.allSatisfy { $0.message.hasSuffix("chain of more than 256 types") })
    }

    @Test func aRecordOfRecordsThatDoublesEachTimeIsTooLarge() {
        // r<k> holds two r<k-1>: r21 has 2^21 scalars, past the limit of 2^20.
        var lines = ["model m", "record r0 { f: bool }"]
        for i in 1...40 { lines.append("record r\(i) { a: r\(i - 1), b: r\(i - 1) }") }
        lines.append("var x: r40")
        let found = diagnostics(of: lines.joined(separator: "\n"))
        #expect(found.map(\.message).contains("record 'r21' has more than 1048576 scalars, the most a state may hold"))
        #expect(!found.contains { $0.message.contains("'r20'") })
    }

    @Test func anArrayTooLargeForAStateIsAnError() {
        let text = "model m\nvar a: [0..60000] [0..60000] [0..60000] bool"
        #expect(
            Self.onlyError(text)
                == "2:19: array type [0..60000] [0..60000] bool has more than 1048576 scalars, the most a state may hold")
    }

    @Test func theWholeStateIsBounded() {
        // Sixteen arrays of 65,536 booleans fill the state exactly; the seventeenth is one too many.
        let text = (0..<20).map { "var a\($0): [0..65535] bool" }.joined(separator: "\n")
        #expect(
            Self.onlyError("model m\n" + text) == "18:5: state variable 'a16' takes the state past 1048576 scalars")
    }

    @Test func actionInstancesAreBounded() {
        let text = "model m\nvar x: bool\naction a(p: 0..2000, q: 0..2000, r: 0..2000) { x := true }\n"
        #expect(
            Self.onlyError(text)
                == "3:8: action 'a' takes the model past 1048576 action instances (combinations of parameter values)")
    }

    @Test func aQuantifierOverTwoBillionValuesIsAnError() {
        // It hung the explicit engine and exhausted memory in the symbolic encoder.
        let text = "model m\nvar x: bool\ninvariant i: forall k: 0..2147483647 :: k >= 0\n"
        #expect(
            Self.onlyError(text)
                == "3:24: 'forall' over 2147483648 values, inside the loops and quantifiers around it, runs its body more than 1048576 times"
        )
    }

    @Test func nestedLoopsMultiplyUpToTheLimit() {
        let loops = "for i in 0..1023 { for j in 0..1023 { x := true } }"
        #expect(diagnostics(of: "model m\nvar x: bool\naction a() { \(loops) }\n").isEmpty)
        let deeper = "for i in 0..1023 { for j in 0..1023 { for k in bool { x := k } } }"
        #expect(
            Self.onlyError("model m\nvar x: bool\naction a() { \(deeper) }\n")
                == "3:61: 'for' over 2 values, inside the loops and quantifiers around it, runs its body more than 1048576 times")
    }

    /// `variant v0`, `variant v1`, …: `n` variants, none extending another (a chain is
    /// bounded on its own, at `Program.maximumVariantChain`).
    static func variants(_ n: Int) -> String {
        (["model m", "var x: bool"] + (0..<n).map { "variant v\($0)" }).joined(separator: "\n")
    }

    @Test func aModelMayDeclareUpToTheVariantLimit() {
        #expect(diagnostics(of: Self.variants(ModelLimits.maximumVariants)).isEmpty)
    }

    @Test func oneVariantTooManyIsAnError() {
        // v1024 is on line 3 + 1024; the ones after it are not declared, and not reported again.
        let message = "variant 'v1024' is one too many: a model declares at most 1024 variants"
        #expect(Self.onlyError(Self.variants(1_100)) == "1027:9: \(message)")
    }

    /// `fn g0` calls `g1`, …, calls `g<n-1>`: `n` calls nested.
    static func callChain(_ n: Int) -> String {
        var lines = ["model m", "var x: 0..3", "action go() { x := g0(x) % 4 }"]
        for i in 0..<(n - 1) { lines.append("fn g\(i)(a: int) -> int { return g\(i + 1)(a) }") }
        lines.append("fn g\(n - 1)(a: int) -> int { return a + 1 }")
        return lines.joined(separator: "\n")
    }

    @Test func callsNestedUpToTheLimitCheck() {
        #expect(diagnostics(of: Self.callChain(ModelLimits.maximumCallDepth)).isEmpty)
    }

    @Test(arguments: [ModelLimits.maximumCallDepth + 1, 2_600])
    func callsNestedPastTheLimitAreAnError(_ n: Int) {
        // g<k> starts a chain of n - k nested calls; the first past the limit is reported, at its call.
        let k = n - ModelLimits.maximumCallDepth - 1
        let message =
            "'g\(k)' starts a chain of calls nested more than 24 deep (through 'g\(k + 1)'); the symbolic engines inline every call"
        let column = "fn g\(k)(a: int) -> int { return ".count + 1
        #expect(Self.onlyError(Self.callChain(n)) == "\(4 + k):\(column): \(message)")
    }

    @Test func recursionThroughALongChainIsReportedOnce() {
        var lines = ["model m", "var x: 0..3", "action go() { p0() }"]
        for i in 0..<5_000 { lines.append("proc p\(i)() { p\((i + 1) % 5_000)() }") }
        let found = diagnostics(of: lines.joined(separator: "\n"))
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("recursive call: p0 -> p1 -> p2 -> ") == true)
    }
}
