import PinLang
import PinSymbolic
import Z3

/// A hint's inductive invariant, made once per run for every invariant it is tried for:
/// the lemmas, their Z3 context and the obligations that every invariant it proves shares
/// (init, the step parts, `nofault.smt2`), or why it cannot prove any.
final class HintProof {
    /// The lemmas of the hint that the others do not imply: the invariant.
    let lemmas: [MinedLemmas.Lemma]
    /// How many of the hint's lemmas the others imply (left out: the conjunction is the same).
    let implied: Int
    /// The lemmas as `invariant.txt` writes them, one a line.
    let readable: [String]
    let relation: StepRelation
    let invariant: Z3Term
    let shared: [(name: String, script: String)]

    init(lemmas: [MinedLemmas.Lemma], in system: TransitionSystem, timeout: Duration?) throws {
        let context = try Z3Context(timeout: timeout)
        let relation = try StepRelation(system: system, context: context)
        let all = try lemmas.map { try MinedLemmas.formula($0, over: relation.s, relation.now, in: system, context) }
        let kept = try Self.independent(all, within: relation.domain, context)
        self.lemmas = kept.map { lemmas[$0] }
        readable = self.lemmas.map { MinedLemmas.describe($0, in: system) }
        self.implied = lemmas.count - kept.count
        let formulas = kept.map { all[$0] }
        let invariant = try context.and(formulas)
        (self.relation, self.invariant) = (relation, invariant)
        shared = try relation.sharedObligations(invariant)
    }

    /// The indices of `formulas` left once each that the others still kept imply (within
    /// the slots' domains) is dropped, the last first: their conjunction is the same, so it
    /// is inductive and proves exactly what the whole did, and its obligations are smaller
    /// (mined lemmas are many, and most follow from a few). One solver asks each question
    /// under assumptions; a lemma is dropped only on unsat, so an unknown keeps it. Whatever is dropped, the certificate's
    /// obligations decide the proof.
    static func independent(_ formulas: [Z3Term], within domain: Z3Term, _ context: Z3Context) throws -> [Int] {
        let solver = try Z3Solver(context: context)
        try solver.assert(domain)
        var holds: [Z3Term] = []
        var fails: [Z3Term] = []
        for (i, formula) in formulas.enumerated() {
            let (h, f) = (try context.boolConst("lemma.\(i).holds"), try context.boolConst("lemma.\(i).fails"))
            try solver.assert(h.implies(formula))
            try solver.assert(f.implies(formula.not()))
            holds.append(h)
            fails.append(f)
        }
        var kept = Array(repeating: true, count: formulas.count)
        for i in formulas.indices.reversed() {
            let others = formulas.indices.filter { $0 != i && kept[$0] }.map { holds[$0] }
            if try solver.check(assuming: others + [fails[i]]) == .unsat { kept[i] = false }
        }
        return formulas.indices.filter { kept[$0] }
    }
}
