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
    let model: Model
    let timeout: UInt32?
    /// The longest counterexample BMC searches for after Spacer finds a violation.
    public var traceBound = 200

    public init(model: Model, timeoutMilliseconds: UInt32? = nil) {
        self.model = model
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
            queries.append(("spacer \(name)", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, answer.description))
            switch answer {
            case .unsat:
                verdicts.append((name, .holds))
                if let certificate { certificates.append(certificate) }
            case .unknown(let reason):
                verdicts.append((name, .unknown(reason: "Spacer answered unknown: \(reason)")))
            case .sat:
                let bmc = try BoundedModelChecker(model: model, timeoutMilliseconds: timeout)
                let r = try bmc.run(invariants: [name], depth: traceBound)
                queries += r.queries
                if let f = r.fault { fault = f }
                verdicts.append((name, r.verdicts.first?.verdict ?? .unknown(reason: "no trace")))
            }
        }
        return (SymbolicResult(verdicts: verdicts, fault: fault, queries: queries, depth: 0), certificates)
    }

    /// One Spacer query for invariant `j` (together with "no evaluation fault").
    func prove(_ j: Int) throws -> (Z3Result, Certificate?) {
        let context = try Z3Context(timeoutMilliseconds: timeout)
        let encoder = try SymbolicEncoder(model: model, context: context)
        let fp = try Z3Fixedpoint(context: context)
        try fp.setEngine("spacer")
        if let timeout { try fp.setParameters(["timeout": .uint(timeout)]) }
        let sorts = try encoder.layout.slots.map { $0.type == .bool ? try context.boolSort : try context.intSort }
        let inv = try context.relation("Inv", sorts)
        try fp.registerRelation(inv)

        let s = try encoder.stateVariables("s.")
        let t = try encoder.stateVariables("t.")
        let initial = try encoder.initialState()
        try fp.addRule(head: inv.apply(initial.state), body: context.bool(true), name: "init")
        var transitions: [Z3Term] = []
        let steps = try encoder.steps(from: s)
        for (i, step) in steps.enumerated() {
            if step.enabled.boolValue == false { continue }
            let body = try context.and([inv.apply(s), encoder.domainConstraint(s), step.enabled, encoder.equal(t, step.post)])
            try fp.addRule(head: inv.apply(t), body: body, forAll: s + t, name: "step\(i)")
            transitions.append(try step.enabled.and(encoder.equal(t, step.post)))
        }
        let property = try encoder.safety(j, in: s, steps: steps)
        let bad = try context.and([inv.apply(s), property.not()])
        let answer = try fp.query(bad, exists: s)
        guard case .unsat = answer else { return (answer, nil) }

        // Spacer's invariant for Inv, with its argument variables bound to the state.
        let invariant = try fp.coverDelta(level: -1, of: inv).substitutingVariables(s).simplified()
        let invariantNext = try invariant.substituting(s, with: t)
        let initFormula = try encoder.equal(s, initial.state)
        let domain = try encoder.domainConstraint(s)
        let domainNext = try encoder.domainConstraint(t)
        let transition = try encoder.disjunction(transitions)
        let obligations = [
            ("init.smt2", try context.smtlibScript(asserting: initFormula.and(invariant.not()))),
            (
                "step.smt2",
                try context.smtlibScript(
                    asserting: context.and([invariant, domain, domainNext, transition, invariantNext.not()]))
            ),
            ("safe.smt2", try context.smtlibScript(asserting: context.and([invariant, domain, property.not()]))),
        ]
        let certificate = Certificate(
            model: model.name, variant: model.variant, invariant: model.invariants[j].name,
            inductiveInvariant: invariant.description, obligations: obligations)
        return (answer, certificate)
    }
}

/// Re-checks a certificate's obligation files with the built-in Z3: each must be unsat.
public enum CertificateChecker {
    /// Per file: Z3's answer (`unsat` means the obligation holds).
    public static func check(files: [URL], timeoutMilliseconds: UInt32? = nil) throws -> [(file: URL, result: Z3Result)] {
        try files.map { url in
            let context = try Z3Context(timeoutMilliseconds: timeoutMilliseconds)
            let text = try String(contentsOf: url, encoding: .utf8)
            let formula = try context.parseSMTLIB(text)
            let solver = try Z3Solver(context: context)
            try solver.assert(formula)
            return (url, try solver.check())
        }
    }
}
