import Foundation
import PinLang
import PinSymbolic
import Z3

/// A certificate folder checked against the model it names, the way a hardware
/// certificate checker checks a witness against the circuit: Init, every action
/// instance's step, the fault condition and the property are rebuilt from the model and
/// variant, and only the inductive invariant (`inductive.smt2`) is taken from the folder.
/// A folder whose `.smt2` files were edited, renumbered or cut short, or whose model has
/// changed since, is rejected with what does not match.
public struct BoundCertificate {
    public let folder: URL
    public let manifest: CertificateManifest
    /// The model file the certificate was checked against.
    public let modelPath: String
    /// The certificate rebuilt from the model: its obligations, to check.
    public let rebuilt: Certificate
    /// The folder's `.smt2` files that are not the rebuilt obligations (edited, extra or
    /// missing), each with what is wrong with it.
    public let mismatchedFiles: [(name: String, problem: String)]

    /// A certificate whose model cannot be loaded, has changed, or does not declare what the
    /// certificate proves.
    public struct Mismatch: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads the certificate in `folder` and rebuilds its obligations from its model (the
    /// manifest's `model-file`, or `modelPath` when given).
    public init(folder: URL, modelPath override: String? = nil) throws {
        self.folder = folder
        manifest = try CertificateManifest.read(from: folder)
        let path =
            override
            ?? (manifest.modelFile.hasPrefix("/")
                ? manifest.modelFile : folder.appendingPathComponent(manifest.modelFile).standardizedFileURL.path)
        modelPath = path
        let (model, index) = try Self.load(manifest, from: path)
        let name = CertificateManifest.invariantFile
        guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) else {
            throw CertificateFolder.Incomplete(description: "\(folder.path) has no readable \(name)")
        }
        let system = try TransitionSystem(model: model)
        guard !system.initialFault else {
            // The obligations would start from whatever bits the faulting init left.
            throw Mismatch(
                description: "\(path): the initial state of variant '\(manifest.variant)' faults, so nothing is proved of it")
        }
        let context = try Z3Context()
        let relation = try StepRelation(system: system, context: context)
        let found: Z3Term
        do {
            found = try context.parseSMTLIB(text)
        } catch {
            throw Mismatch(description: "\(folder.path)/\(name): not an SMT-LIB assertion over the model's state: \(error)")
        }
        rebuilt = try relation.certificate(invariant: found, invariant: index)
        mismatchedFiles = Self.compare(rebuilt, with: folder, in: context)
    }

    /// The model and the certificate's invariant in it, once the hashes match.
    private static func load(_ manifest: CertificateManifest, from path: String) throws -> (Model, Int) {
        let loaded: LoadedProgram
        do {
            loaded = try LoadedProgram.load(path: path)
        } catch {
            let first = error.diagnostics.first.map { ": \($0.range.start): \($0.message)" } ?? ""
            throw Mismatch(description: "the certificate's model \(path) does not load\(first)")
        }
        guard let model = try? loaded.program.model(variant: manifest.variant) else {
            throw Mismatch(description: "\(path) no longer declares variant '\(manifest.variant)'")
        }
        guard model.name == manifest.model else {
            throw Mismatch(description: "\(path) is model '\(model.name)', but the certificate is for '\(manifest.model)'")
        }
        guard let index = model.invariants.firstIndex(where: { $0.name == manifest.invariant }) else {
            throw Mismatch(description: "\(path) no longer declares invariant '\(manifest.invariant)'")
        }
        let variantHash = model.fingerprint
        if variantHash != manifest.variantHash {
            throw Mismatch(
                description: "variant '\(manifest.variant)' of \(path) has changed since the certificate was written "
                    + "(variant-sha256 \(manifest.variantHash.prefix(12))… then, \(variantHash.prefix(12))… now); "
                    + "prove it again")
        }
        let sourceHash = loaded.sourceHash
        if sourceHash != manifest.sourceHash {
            throw Mismatch(
                description: "\(path) has changed since the certificate was written "
                    + "(model-sha256 \(manifest.sourceHash.prefix(12))… then, \(sourceHash.prefix(12))… now), "
                    + "though variant '\(manifest.variant)' means the same; prove it again to refresh the certificate")
        }
        return (model, index)
    }

    /// The folder's `.smt2` files against the rebuilt obligations: each must assert the
    /// same formula, parsed into one context (where Z3 shares structurally identical terms,
    /// so the let-names and sharing Z3's printer chose, which vary between contexts, do not
    /// matter).
    private static func compare(_ rebuilt: Certificate, with folder: URL, in context: Z3Context) -> [(
        name: String, problem: String
    )] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let onDisk = Set(names.filter { $0.hasSuffix(".smt2") && $0 != CertificateManifest.invariantFile })
        var problems: [(name: String, problem: String)] = []
        for (name, script) in rebuilt.obligations {
            guard onDisk.contains(name) else {
                problems.append((name, "missing (the model has this obligation)"))
                continue
            }
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            let same = (try? context.parseSMTLIB(text)).flatMap { file in
                (try? context.parseSMTLIB(script)).map { file.isIdentical(to: $0) }
            }
            if same != true {
                problems.append((name, "not the obligation rebuilt from the model"))
            }
        }
        let expected = Set(rebuilt.obligations.map(\.name))
        for name in onDisk.subtracting(expected).sorted() {
            problems.append((name, "not an obligation of the model"))
        }
        return problems
    }

    /// Writes the rebuilt obligations as SMT-LIB files into `folder`, for other solvers.
    public func writeObligations(into folder: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try rebuilt.obligations.map { name, script in
            let url = folder.appendingPathComponent(name)
            try (rebuilt.header + script).write(to: url, atomically: true, encoding: .utf8)
            return url
        }
    }
}
