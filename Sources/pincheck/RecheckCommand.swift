import ArgumentParser
import Foundation
import PinLang
import PinProof
import PinReport
import Z3

/// `pincheck recheck CERT…`: re-check proof certificates against their models.
struct RecheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recheck",
        abstract: "Re-check proof certificates against the models they prove, with the built-in Z3.",
        discussion: """
            Each argument is a certificate folder written by 'check --engine pdr' or an .smt2 \
            obligation file. A folder is checked against its model: certificate.txt names the \
            model file, variant and invariant with their content hashes (a model or variant \
            that changed since is an error naming which); Init, every action instance's step, \
            the fault condition and the property are rebuilt from the model, and only the \
            inductive invariant (inductive.smt2) is taken from the folder. Every obligation \
            must be unsat; they are checked in parallel on every core. The folder's .smt2 \
            files, for other solvers, must be the rebuilt obligations. A lone .smt2 file is \
            checked as it stands, bound to no model. Exit status 0 when all are unsat, 1 when \
            one is sat or a file does not match, 3 when Z3 answers unknown, 2 on unreadable \
            input or a changed model.
            """)

    @Argument(help: "Certificate folders or .smt2 files.", completion: .file())
    var paths: [String]

    @Option(help: ArgumentHelp("Check every folder against this model file instead of the one it names.", valueName: "FILE"))
    var model: String?

    @Option(
        help: ArgumentHelp("Also write the obligations rebuilt from the model into DIR, for other solvers.", valueName: "DIR"))
    var smtlib: String?

    @Option(help: "Z3 timeout per obligation, in milliseconds.")
    var timeout: UInt32?

    @Flag(help: "Print the results as JSON (docs/json.md).")
    var json = false

    func validate() throws {
        if smtlib != nil, paths.count != 1 {
            throw ValidationError("--smtlib writes the obligations of one certificate folder; name one")
        }
    }

    func run() throws {
        let limit = timeout.map { Duration.milliseconds($0) }
        var results: [Rechecked] = []
        for path in paths where !Interrupts.stop.isStopped {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CommandError.error("no such certificate '\(path)'")
            }
            results.append(
                isFolder.boolValue ? try recheckFolder(path, timeout: limit) : try recheckFile(path, timeout: limit))
        }
        let status = ExitStatus.worst(of: results.map(\.status))
        if json {
            var document = JSONDocument.envelope(verb: "recheck", exitStatus: Interrupts.status(status))
            document["certificates"] = results.map(\.json)
            printJSON(document)
        } else {
            print(results.flatMap(\.lines).joined(separator: "\n"))
        }
        try Interrupts.finish(checked: results.count, of: paths.count, "certificate")
        if status != .success { throw CommandError.exit(status) }
    }

    /// One certificate folder's or file's results, as text lines and as JSON.
    struct Rechecked {
        var path: String
        /// Model file, model, variant and invariant, for a folder.
        var bound: (modelFile: String, model: String, variant: String, invariant: String)?
        var results: [(name: String, result: String)]
        var mismatched: [(name: String, problem: String)]
        var status: ExitStatus

        var lines: [String] {
            guard let b = bound else {
                return results.map { "\(path): \($0.result) (a lone file, bound to no model)" }
            }
            return ["\(path): \(b.model) \(b.variant) \(b.invariant), checked against \(b.modelFile)"]
                + results.map { "  \($0.name): \($0.result)" } + mismatched.map { "  \($0.name): \($0.problem)" }
        }

        var json: [String: Any] {
            var o: [String: Any] = [
                "path": path, "kind": bound == nil ? "file" : "folder", "exit_status": Int(status.rawValue),
                "obligations": results.map { ["name": $0.name, "result": $0.result] },
                "mismatched_files": mismatched.map { ["name": $0.name, "problem": $0.problem] },
            ]
            if let b = bound {
                o["model_file"] = b.modelFile
                o["model"] = b.model
                o["variant"] = b.variant
                o["invariant"] = b.invariant
            }
            return o
        }
    }

    /// Checks the folder's certificate against its model: one result per obligation.
    private func recheckFolder(_ path: String, timeout: Duration?) throws -> Rechecked {
        let bound: BoundCertificate
        do {
            bound = try BoundCertificate(folder: URL(fileURLWithPath: path), modelPath: model)
        } catch let error as BoundCertificate.Mismatch {
            throw CommandError.error("\(path): \(error)")
        } catch let error as CertificateFolder.Incomplete {
            throw CommandError.error("\(error)")
        }
        if let smtlib {
            let written = try bound.writeObligations(into: URL(fileURLWithPath: smtlib))
            Output.error("wrote \(written.count) obligations rebuilt from \(bound.modelPath) into \(smtlib)")
        }
        let checks = CertificateChecks(timeout: timeout, workers: CertificateChecker.defaultWorkers, stop: Interrupts.stop)
        let results = try checks.results(of: bound.rebuilt)
        let m = bound.manifest
        var statuses = results.map { Self.status(of: $0.result) }
        if !bound.mismatchedFiles.isEmpty { statuses.append(.violated) }
        return Rechecked(
            path: path, bound: (bound.modelPath, m.model, m.variant, m.invariant),
            results: results.map { ($0.name, "\($0.result)") }, mismatched: bound.mismatchedFiles.map { ($0.name, $0.problem) },
            status: ExitStatus.worst(of: statuses))
    }

    /// Checks one SMT-LIB file as it stands.
    private func recheckFile(_ path: String, timeout: Duration?) throws -> Rechecked {
        let results = try CertificateChecker.check(files: [URL(fileURLWithPath: path)], timeout: timeout)
        return Rechecked(
            path: path, bound: nil, results: results.map { ($0.file.path, "\($0.result)") }, mismatched: [],
            status: ExitStatus.worst(of: results.map { Self.status(of: $0.result) }))
    }

    private static func status(of result: Z3Result) -> ExitStatus {
        switch result {
        case .unsat: .success
        case .sat: .violated
        case .unknown: .noVerdict
        }
    }
}
