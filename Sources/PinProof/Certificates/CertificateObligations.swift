import PinSymbolic
import Z3

/// The obligations of a certificate, over a step relation's two states: Init ∧ ¬Inv
/// (`init.smt2`), Inv ∧ T ∧ ¬Inv′ in one part per action instance, and Inv ∧ ¬P in two
/// parts (`safe.smt2`, `nofault.smt2`).
extension StepRelation {
    /// The obligations for `invariant` (over `s`, conjoined with the domain constraint,
    /// which every reachable state satisfies) and invariant `j` of the model. (This may run
    /// on a portfolio lane, so it adds no gates to the shared circuit.) `summary` stands for
    /// the invariant in the certificate's header when its text, written out as a tree,
    /// would be too big.
    func certificate(invariant found: Z3Term, invariant j: Int, summary: String? = nil) throws -> Certificate {
        try certificate(invariant: found, shared: sharedObligations(found), invariant: j, summary: summary)
    }

    /// The certificate for invariant j of the model whose inductive invariant is `found`,
    /// with that invariant's obligations that do not depend on j (`sharedObligations(found)`),
    /// made once for every invariant it proves. The property, `system.safety(invariant)`, is in two
    /// files: `safe.smt2` for the invariant (it holds, and its evaluation does not fault)
    /// and the shared `nofault.smt2` for the action instances (none faults).
    func certificate(
        invariant found: Z3Term, shared: [(name: String, script: String)], invariant j: Int, summary: String? = nil
    ) throws -> Certificate {
        let invariant = try domain.and(found)
        let holds = try now.term(system.holdsWithoutFault[j])
        let safe = ("safe.smt2", try context.smtlibScript(asserting: invariant.and(holds.not())))
        let model = system.model
        return Certificate(
            model: model.name, variant: model.variant, invariant: model.invariants[j].name,
            inductiveInvariant: summary ?? invariant.description,
            inductiveScript: try context.smtlibScript(asserting: found), obligations: shared + [safe])
    }

    /// The obligations of the inductive invariant `found` (within the domain) that every
    /// invariant it proves shares: it holds initially (`init.smt2`), every step keeps it
    /// (the step parts), and no action instance faults in it (`nofault.smt2`).
    func sharedObligations(_ found: Z3Term) throws -> [(name: String, script: String)] {
        let invariant = try domain.and(found)
        let invariantNext = try invariant.substituting(s, with: t)
        let initFormula = try system.isInitial(s, in: context)
        // T is the disjunction of the instances' steps, so Inv ∧ T ∧ ¬Inv′ is unsat exactly
        // when each instance's part is: one file per instance, each small enough for any
        // solver, and checked in parallel.
        var obligations = [("init.smt2", try context.smtlibScript(asserting: initFormula.and(invariant.not())))]
        for (k, transition) in transitions.enumerated() {
            let call = system.call(transition.instance)
            let name = CertificateFolder.stepName(k + 1, of: transitions.count, call: call)
            let about = "; step obligation \(k + 1) of \(transitions.count): Inv ∧ \(call.call) ∧ ¬Inv′\n"
            let step = try context.and([invariant, transition.formula, invariantNext.not()])
            obligations.append((name, about + (try context.smtlibScript(asserting: step))))
        }
        if transitions.isEmpty {
            // T is false, and so is Inv ∧ T ∧ ¬Inv′ (a script that asserted nothing was sat,
            // and a variant whose actions are all disabled was never proved).
            obligations.append(
                ("step-1-of-1-none.smt2", "; no action instance is ever enabled: T is false\n(assert false)\n(check-sat)\n"))
        }
        let faults = try now.term(system.noStepFault).not()
        obligations.append(("nofault.smt2", try context.smtlibScript(asserting: invariant.and(faults))))
        return obligations.map { (name: $0.0, script: $0.1) }
    }
}
