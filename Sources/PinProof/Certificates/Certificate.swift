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
    /// The inductive invariant over the state variables, in SMT-LIB syntax (or a summary
    /// of it when that would be too long to read), for the files' headers.
    public var inductiveInvariant: String
    /// The inductive invariant as an SMT-LIB script asserting it over the state constants
    /// `s.SLOT`: all that `recheck` takes from a certificate (`inductive.smt2`); it
    /// rebuilds every obligation from the model.
    public var inductiveScript: String
    /// File name → SMT-LIB script.
    public var obligations: [(name: String, script: String)]
    /// The invariant as a person reads it, one conjunct a line, when the prover can say it
    /// in the modelling language (IC3's clauses); written as `invariant.txt`.
    public var readable: [String]?

    package init(
        model: String, variant: String, invariant: String, inductiveInvariant: String, inductiveScript: String,
        obligations: [(name: String, script: String)], readable: [String]? = nil
    ) {
        self.inductiveScript = inductiveScript
        self.model = model
        self.variant = variant
        self.invariant = invariant
        self.inductiveInvariant = inductiveInvariant
        self.obligations = obligations
        self.readable = readable
    }

    /// Writes the certificate into its folder under `root`, `MODEL/VARIANT/INVARIANT/`,
    /// bound to the model by `binding`, and returns that folder.
    public func write(into root: URL, binding: CertificateBinding) throws -> URL {
        let folder = root.appendingPathComponent(model).appendingPathComponent(variant).appendingPathComponent(invariant)
        try write(to: folder, binding: binding)
        return folder
    }

    /// Writes the certificate as `folder`, replacing what was there only once every file is
    /// written: the files go into a temporary folder beside it, which is renamed into place,
    /// so that an interrupted write leaves the old certificate whole (or none) and never a
    /// mix of old and new parts. Returns the obligation files (and `invariant.txt`, when
    /// written) in the folder.
    @discardableResult
    public func write(to folder: URL, binding: CertificateBinding) throws -> [URL] {
        let files = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try files.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let fresh = parent.appendingPathComponent(".\(folder.lastPathComponent).writing-\(pid)")
        let old = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(pid)")
        try? files.removeItem(at: fresh)
        try files.createDirectory(at: fresh, withIntermediateDirectories: false)
        do {
            try writeFiles(into: fresh, binding: binding)
            try? files.removeItem(at: old)
            if files.fileExists(atPath: folder.path) { try files.moveItem(at: folder, to: old) }
            try files.moveItem(at: fresh, to: folder)
            try? files.removeItem(at: old)
            let names = obligations.map(\.name) + (readable == nil ? [] : ["invariant.txt"])
            return names.map { folder.appendingPathComponent($0) }
        } catch {
            try? files.removeItem(at: fresh)
            if !files.fileExists(atPath: folder.path), files.fileExists(atPath: old.path) {
                try? files.moveItem(at: old, to: folder)
            }
            throw error
        }
    }

    /// The files of the certificate: its manifest, the inductive invariant, one `.smt2`
    /// file per obligation and, when the prover could say it, `invariant.txt`.
    private func writeFiles(into folder: URL, binding: CertificateBinding) throws {
        let manifest = CertificateManifest(
            model: model, variant: variant, invariant: invariant, modelFile: binding.modelFile(relativeTo: folder),
            sourceHash: binding.sourceHash, variantHash: binding.variantHash)
        try manifest.text.write(
            to: folder.appendingPathComponent(CertificateManifest.fileName), atomically: false, encoding: .utf8)
        let inductive = """
            ; pincheck certificate: the inductive invariant of \(model) \(variant) for \(invariant), over the
            ; state constants s.SLOT. recheck takes only this from the folder and rebuilds the obligations
            ; from the model named in \(CertificateManifest.fileName).

            """
        try (inductive + inductiveScript).write(
            to: folder.appendingPathComponent(CertificateManifest.invariantFile), atomically: false, encoding: .utf8)
        for (name, script) in obligations {
            try (header + script).write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        guard let readable else { return }
        let what =
            readable.isEmpty
            ? "every slot within its domain, nothing more."
            : "every slot within its domain, and the \(readable.count) line(s) below."
        let text = """
            # pincheck certificate: model \(model), variant \(variant), invariant \(invariant)
            # The inductive invariant, in the modelling language: \(what)
            # (What re-checks is inductive.smt2 against the model; this is the same invariant, for
            # reading, and the first guess of the next `check --engine pdr` into this folder.)

            """
        try (text + readable.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("invariant.txt"), atomically: false, encoding: .utf8)
    }

    /// The comment that heads each obligation file.
    var header: String {
        """
        ; pincheck certificate: model \(model), variant \(variant), invariant \(invariant)
        ; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
        ; inductive invariant:
        ; \(inductiveInvariant.replacingOccurrences(of: "\n", with: "\n; "))

        """
    }
}
