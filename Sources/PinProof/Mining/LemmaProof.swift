import Foundation
import PinExplicit
import PinLang
import PinSymbolic
import Z3

/// The mined prover's inductive lemmas as a certificate's invariant, made once per run:
/// whether they imply a property, and their init, step and `nofault` obligations, which
/// the certificates of all the properties they imply share (and the run re-checks once).
final class LemmaProof {
    let relation: StepRelation
    /// The lemmas over the relation's state `s`.
    let invariant: Z3Term
    private var obligations: [(name: String, script: String)]?
    /// Whether the lemmas imply that no action instance faults, once asked.
    private var noFault: Z3Result?
    /// The lemmas imply that no action instance faults (known once `implies` was asked).
    var rulesOutFaults: Bool { noFault == .unsat }

    init(relation: StepRelation, strengthening: IC3.Strengthening) throws {
        self.relation = relation
        invariant = try strengthening(relation.s, relation.now, relation.context)
    }

    /// unsat when every state within the domain that keeps the lemmas keeps invariant j
    /// (without a fault in its evaluation) and faults in no action instance: two
    /// questions, the second the same for every invariant and asked once.
    func implies(invariant j: Int) throws -> Z3Result {
        let system = relation.system
        if noFault == nil { noFault = try breaks(system.noStepFault) }
        guard noFault == .unsat else { return noFault! }
        return try breaks(system.holdsWithoutFault[j])
    }

    /// Whether a state within the domain keeps the lemmas and breaks `bit`, in a solver of
    /// its own (one solver asked again and again slows down with each question).
    private func breaks(_ bit: Literal) throws -> Z3Result {
        let solver = try Z3Solver(context: relation.context, logic: "QF_FD")
        try solver.assert(relation.domain)
        try solver.assert(invariant)
        try solver.assert(relation.now.term(bit).not())
        return try solver.check()
    }

    /// The lemmas' `init.smt2`, step parts and `nofault.smt2`, written out when first asked
    /// for (and then the same text for every invariant).
    func shared() throws -> [(name: String, script: String)] {
        if let obligations { return obligations }
        let made = try relation.sharedObligations(invariant)
        obligations = made
        return made
    }
}
