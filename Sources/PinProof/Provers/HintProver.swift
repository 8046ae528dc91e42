import Foundation
import PinLang
import PinSymbolic

/// The inductive invariant of an earlier proof, tried before any other prover: the
/// `invariant.txt` of the invariant's earlier certificate, or the variant's committed
/// invariant (`proofs/invariants/MODEL/VARIANT.txt`). A hint is only a guess: it proves
/// the goal when every obligation of the certificate it makes is unsat (checked here,
/// through the run's `CertificateChecks`), and is set aside otherwise, with the reason,
/// so that the other provers decide. Its inductive invariant and the obligations that do
/// not depend on the goal are made and checked once per text in a run: for a second
/// invariant only its `safe.smt2` is new.
public final class HintProver: Prover {
    public let name = "hints"
    /// An earlier proof's invariant for one goal: the text and where it came from (a path).
    public struct Hint: Sendable {
        public var text: String
        public var source: String?
        public init(text: String, source: String? = nil) {
            self.text = text
            self.source = source
        }
    }

    let hints: [String: Hint]
    let checks: CertificateChecks
    let timeout: Duration?
    private var proofs: [String: HintProof] = [:]
    /// The goals this prover proved.
    public private(set) var proved: [String] = []

    /// `hints` by invariant name.
    public init(hints: [String: Hint], checks: CertificateChecks, timeout: Duration? = nil) {
        self.hints = hints
        self.checks = checks
        self.timeout = timeout
    }

    /// Unknown when the goal has no hint (and nothing is reported) or its hint is set aside.
    public func prove(_ goal: ProofGoal, stop: StopToken, events: @escaping EventSink) throws -> ProverAnswer {
        guard let hint = hints[goal.name] else { return ProverAnswer(.unknown("no earlier invariant"), by: name) }
        let watch = Stopwatch()
        let (certificate, why): (Certificate?, String)
        do {
            (certificate, why) = try attempt(goal, hint.text)
        } catch {
            (certificate, why) = (nil, "\(error)")
        }
        let by = "hints (an earlier proof's invariant\(hint.source.map { ", \($0)" } ?? ""): \(why))"
        events(.query(what: "\(by) \(goal.name)", took: watch.elapsed, answer: certificate == nil ? "set aside" : "unsat"))
        guard let certificate else { return ProverAnswer(.unknown("set aside: \(why)"), by: by) }
        proved.append(goal.name)
        return ProverAnswer(.proved(certificate), by: by)
    }

    /// The certificate `text` makes for the goal when each of its obligations is unsat, else
    /// nil; with how many lemmas it kept, or why it was set aside.
    private func attempt(_ goal: ProofGoal, _ text: String) throws -> (Certificate?, String) {
        let proof: HintProof
        if let made = proofs[text] {
            proof = made
        } else {
            switch LemmaHints.parse(text, for: goal.system) {
            case .failure(let error): return (nil, "it does not fit the model (\(error))")
            case .success(let lemmas): proof = try HintProof(lemmas: lemmas, in: goal.system, timeout: timeout)
            }
            proofs[text] = proof
        }
        var certificate = try proof.relation.certificate(
            invariant: proof.invariant, shared: proof.shared, invariant: goal.invariant.rawValue,
            summary: "\(proof.lemmas.count) lemmas of an earlier proof")
        certificate.readable = proof.readable
        let failed = try checks.failures(of: certificate)
        guard failed.isEmpty else {
            return (nil, "not all its obligations are unsat (\(CertificateChecks.describe(failed)))")
        }
        let kept = proof.lemmas.count
        return (certificate, proof.implied > 0 ? "\(kept) of its \(kept + proof.implied) lemmas" : "\(kept) lemmas")
    }

    /// The committed inductive invariant of a model's variant under `folder` (the project's
    /// is `proofs/invariants`): `MODEL/VARIANT.txt`, whose lemmas prove every invariant of
    /// the variant that holds.
    public static func committedInvariant(in folder: URL, model: String, variant: String) -> URL {
        folder.appendingPathComponent(model).appendingPathComponent("\(variant).txt")
    }

    /// The hint of each invariant of `model` named (every one when nil): the
    /// `invariant.txt` of its earlier certificate in `certificates` (the folder a run
    /// writes, `MODEL/VARIANT/INVARIANT/`), else the variant's committed invariant under
    /// `committed`. An invariant with neither file readable gets none.
    /// `lineage` is the variant and its ancestors, nearest first, each named by the model
    /// that declares it (`Program.lineage(of:)`; empty: the variant alone, as `model` names
    /// it). A variant with no committed invariant of its own tries those of its ancestors:
    /// a patch that changes little keeps its base's invariant, and its proof takes seconds
    /// instead of minutes.
    public static func hints(
        for model: Model, certificates: URL?, committed: URL?, invariants names: [String]? = nil,
        lineage: [VariantName] = []
    ) -> [String: Hint] {
        var shared: URL?
        var sharedText: String?
        var origin = ""
        if let committed {
            let chain = lineage.isEmpty ? [VariantName(model: model.name, variant: model.variant)] : lineage
            for (i, name) in chain.enumerated() {
                let file = committedInvariant(in: committed, model: name.model, variant: name.variant)
                if let text = try? String(contentsOf: file, encoding: .utf8) {
                    (shared, sharedText) = (file, text)
                    origin = i == 0 ? "" : ", committed for its ancestor \(name.variant)"
                    break
                }
            }
        }
        var found: [String: Hint] = [:]
        for invariant in model.invariants where names?.contains(invariant.name) ?? true {
            let own = certificates?.appendingPathComponent(model.name).appendingPathComponent(model.variant)
                .appendingPathComponent(invariant.name).appendingPathComponent("invariant.txt")
            if let own, let text = try? String(contentsOf: own, encoding: .utf8) {
                found[invariant.name] = Hint(text: text, source: own.path)
            } else if let shared, let sharedText {
                found[invariant.name] = Hint(text: sharedText, source: shared.path + origin)
            }
        }
        return found
    }
}
