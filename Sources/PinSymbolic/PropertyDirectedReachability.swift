import Foundation
import PinLang
import Z3

/// An inductive invariant that proves a property, as three SMT-LIB 2 obligations, each of
/// which any solver must find unsatisfiable: Init ∧ ¬Inv, Inv ∧ T ∧ ¬Inv′, Inv ∧ ¬P.
public struct Certificate: Sendable {
    public var model: String
    public var variant: String
    public var invariant: String
    /// The inductive invariant over the state variables, in SMT-LIB syntax.
    public var inductiveInvariant: String
    /// File name → SMT-LIB script.
    public var obligations: [(name: String, script: String)]

    /// Writes the certificate into `folder` (created if needed): a README line, the
    /// invariant, and one `.smt2` file per obligation. Returns the files written.
    @discardableResult
    public func write(to folder: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [URL] = []
        let about = """
            ; pincheck certificate: model \(model), variant \(variant), invariant \(invariant)
            ; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
            ; inductive invariant:
            ; \(inductiveInvariant.replacingOccurrences(of: "\n", with: "\n; "))

            """
        for (name, script) in obligations {
            let url = folder.appendingPathComponent(name)
            try (about + script).write(to: url, atomically: true, encoding: .utf8)
            written.append(url)
        }
        return written
    }
}

/// Unbounded proof with Z3's Spacer (constrained Horn clauses): a relation `Inv` over the
/// state with `Init ⇒ Inv` and `Inv ∧ T ⇒ Inv′`, queried for `Inv ∧ ¬P`. Unreachable means
/// proved, and Spacer's invariant becomes a certificate; reachable means violated, and BMC
/// then finds a shortest trace.
public final class PropertyDirectedReachability {
    let system: TransitionSystem
    let timeout: UInt32?
    var model: Model { system.model }
    /// The longest counterexample BMC searches for after Spacer finds a violation.
    public var traceBound = 200

    /// Told of every query as it finishes.
    public var onQuery: QueryLog?

    public convenience init(model: Model, timeoutMilliseconds: UInt32? = nil) throws {
        try self.init(system: TransitionSystem(model: model), timeoutMilliseconds: timeoutMilliseconds)
    }

    public init(system: TransitionSystem, timeoutMilliseconds: UInt32? = nil) {
        self.system = system
        self.timeout = timeoutMilliseconds
    }

    /// Decides each invariant (all when nil); returns the verdicts and a certificate per proof.
    public func run(invariants names: [String]? = nil) throws -> (result: SymbolicResult, certificates: [Certificate]) {
        let checked = model.invariantIndices(named: names)
        var verdicts: [(invariant: String, verdict: Verdict)] = []
        var certificates: [Certificate] = []
        var queries: [(what: String, seconds: Double, result: String)] = []
        var fault: ModelFault?
        for j in checked {
            let name = model.invariants[j].name
            let start = DispatchTime.now().uptimeNanoseconds
            let (answer, certificate) = try prove(j)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            queries.append(("spacer \(name)", seconds, answer.description))
            onQuery?("spacer \(name)", seconds, answer.description)
            switch answer {
            case .unsat:
                // A proof counts only once its certificate re-checks from the SMT-LIB text.
                guard let certificate else { throw EncodingError("a proof without a certificate") }
                let start = DispatchTime.now().uptimeNanoseconds
                let failed = try CertificateChecker.check(certificate, timeoutMilliseconds: timeout)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                queries.append(("recheck \(name)", seconds, failed.isEmpty ? "unsat" : "failed"))
                onQuery?("recheck \(name)", seconds, failed.isEmpty ? "unsat" : "failed")
                if failed.isEmpty {
                    verdicts.append((name, .holds))
                    certificates.append(certificate)
                } else {
                    let what = failed.map { "\($0.name): \($0.result)" }.joined(separator: ", ")
                    verdicts.append((name, .unknown(reason: "Spacer's invariant does not re-check (\(what))")))
                }
            case .unknown(let reason):
                verdicts.append((name, .unknown(reason: "Spacer answered unknown: \(reason)")))
            case .sat:
                let bmc = try BoundedModelChecker(system: system, timeoutMilliseconds: timeout)
                bmc.onQuery = onQuery
                let r = try bmc.run(invariants: [name], depth: traceBound)
                queries += r.queries
                if let f = r.fault { fault = f }
                verdicts.append((name, r.verdicts.first?.verdict ?? .unknown(reason: "no trace")))
            }
        }
        return (SymbolicResult(verdicts: verdicts, fault: fault, queries: queries, depth: 0), certificates)
    }

    /// One Spacer query for invariant `j` (together with "no evaluation fault"), over a
    /// relation `Inv` of the state bits: the initial state is in it, each action instance
    /// keeps it, and the query asks for a state in it that breaks the property.
    func prove(_ j: Int) throws -> (Z3Result, Certificate?) {
        let context = try Z3Context(timeoutMilliseconds: timeout)
        let fp = try Z3Fixedpoint(context: context)
        try fp.setEngine("spacer")
        if let timeout { try fp.setParameters(["timeout": .uint(timeout)]) }
        // Spacer's rule preprocessing (tail simplification, inlining, slicing) rewrites the
        // shared circuit formulas into trees: tens of seconds on the bundled model, for
        // rules that are one step each and need none of it.
        try fp.setParameters([
            "xform.tail_simplifier_pve": .bool(false), "xform.inline_linear": .bool(false),
            "xform.inline_eager": .bool(false), "xform.slice": .bool(false),
        ])
        let bool = try context.boolSort
        let inv = try context.relation("Inv", Array(repeating: bool, count: system.stateBits.count))
        try fp.registerRelation(inv)

        let s = try system.bitNames.map { try context.boolConst("s.\($0)") }
        let t = try system.bitNames.map { try context.boolConst("t.\($0)") }
        let now = try Z3Lowering(context: context, circuit: system.circuit, inputs: s)
        let initial = try system.initial.map { try context.bool($0) }
        try fp.addRule(head: inv.apply(initial), body: context.bool(true), name: "init")
        let domain = try now.term(system.domain)
        var transitions: [Z3Term] = []
        for (i, step) in system.steps.enumerated() where step.enabled != .false {
            var update = [try now.term(step.enabled)]
            for (next, post) in zip(t, step.post) { update.append(try next.eq(now.term(post))) }
            let transition = try context.and(update)
            try fp.addRule(
                head: inv.apply(t), body: context.and([inv.apply(s), domain, transition]), forAll: s + t, name: "step\(i)")
            transitions.append(transition)
        }
        let property = try now.term(system.safety(j))
        let answer = try fp.query(context.and([inv.apply(s), property.not()]), exists: s)
        guard case .unsat = answer else { return (answer, nil) }

        // Spacer's invariant for Inv, with its argument variables bound to the state, and
        // the domain constraint, which every reachable state satisfies.
        let spacer = try fp.coverDelta(level: -1, of: inv).substitutingVariables(s).simplified()
        let invariant = try domain.and(spacer)
        let invariantNext = try invariant.substituting(s, with: t)
        let initFormula = try context.and(zip(s, system.initial).map { $1 ? $0 : try $0.not() })
        let obligations = [
            ("init.smt2", try context.smtlibScript(asserting: initFormula.and(invariant.not()))),
            (
                "step.smt2",
                try context.smtlibScript(asserting: context.and([invariant, context.or(transitions), invariantNext.not()]))
            ),
            ("safe.smt2", try context.smtlibScript(asserting: invariant.and(property.not()))),
        ]
        let certificate = Certificate(
            model: model.name, variant: model.variant, invariant: model.invariants[j].name,
            inductiveInvariant: invariant.description, obligations: obligations)
        return (answer, certificate)
    }
}

/// Re-checks certificates with the built-in Z3: each obligation must be unsat.
public enum CertificateChecker {
    /// Per file: Z3's answer (`unsat` means the obligation holds).
    public static func check(files: [URL], timeoutMilliseconds: UInt32? = nil) throws -> [(file: URL, result: Z3Result)] {
        try files.map { url in
            (url, try check(script: String(contentsOf: url, encoding: .utf8), timeoutMilliseconds: timeoutMilliseconds))
        }
    }

    /// The obligations of `certificate` that are not unsat (empty when it re-checks).
    public static func check(_ certificate: Certificate, timeoutMilliseconds: UInt32? = nil) throws -> [(
        name: String, result: Z3Result
    )] {
        try certificate.obligations.compactMap { name, script in
            let result = try check(script: script, timeoutMilliseconds: timeoutMilliseconds)
            return result == .unsat ? nil : (name, result)
        }
    }

    /// Z3's answer for one SMT-LIB obligation script, parsed from its text.
    static func check(script: String, timeoutMilliseconds: UInt32?) throws -> Z3Result {
        let context = try Z3Context(timeoutMilliseconds: timeoutMilliseconds)
        let formula = try context.parseSMTLIB(script)
        let solver = try Z3Solver(context: context)
        try solver.assert(formula)
        return try solver.check()
    }
}
