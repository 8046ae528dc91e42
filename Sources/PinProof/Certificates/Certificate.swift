import Foundation

/// An inductive invariant that proves a property, as SMT-LIB 2 obligations, each of which
/// any solver must find unsatisfiable: Init ∧ ¬Inv (`init.smt2`), Inv ∧ T ∧ ¬Inv′ in one
/// part per action instance (T is their disjunction), and Inv ∧ ¬P in two parts, the
/// invariant (`safe.smt2`) and "no action instance faults" (`nofault.smt2`); see
/// `CertificateFolder`.
public struct Certificate: Sendable {
    public var model: String
    public var variant: String
    public var invariant: String
    /// The inductive invariant over the state variables, in SMT-LIB syntax.
    public var inductiveInvariant: String
    /// File name → SMT-LIB script.
    public var obligations: [(name: String, script: String)]
    /// The invariant as a person reads it, one conjunct a line, when the prover can say it
    /// in the modelling language (IC3's clauses); written as `invariant.txt`.
    public var readable: [String]?

    package init(
        model: String, variant: String, invariant: String, inductiveInvariant: String,
        obligations: [(name: String, script: String)], readable: [String]? = nil
    ) {
        self.model = model
        self.variant = variant
        self.invariant = invariant
        self.inductiveInvariant = inductiveInvariant
        self.obligations = obligations
        self.readable = readable
    }

    /// Writes the certificate into its folder under `root`, `MODEL/VARIANT/INVARIANT/`, and
    /// returns that folder.
    public func write(into root: URL) throws -> URL {
        let folder = root.appendingPathComponent(model).appendingPathComponent(variant).appendingPathComponent(invariant)
        try write(to: folder)
        return folder
    }

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
        // Step parts of an earlier certificate in the folder would be mixed with these.
        let names = Set(obligations.map(\.name))
        for old in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where old.hasPrefix("step") && old.hasSuffix(".smt2") && !names.contains(old) {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(old))
        }
        if let readable {
            let url = folder.appendingPathComponent("invariant.txt")
            let what =
                readable.isEmpty
                ? "every slot within its domain, nothing more."
                : "every slot within its domain, and the \(readable.count) line(s) below."
            let text = """
                # pincheck certificate: model \(model), variant \(variant), invariant \(invariant)
                # The inductive invariant, in the modelling language: \(what)
                # (What re-checks is the .smt2 files; this is their invariant, for reading, and
                # the first guess of the next `check --engine pdr` into this folder.)

                """
            try (text + readable.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            written.append(url)
        } else {
            // A folder rewritten by another prover keeps no stale reading of an old invariant.
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("invariant.txt"))
        }
        return written
    }
}
