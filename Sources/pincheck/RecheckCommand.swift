import ArgumentParser
import Foundation
import PinLang
import PinProof
import Z3

/// `pincheck recheck CERT…`: re-check proof certificates with the built-in Z3.
struct RecheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recheck",
        abstract: "Re-check proof certificates (SMT-LIB obligation files) with the built-in Z3.",
        discussion: """
            Each argument is a certificate folder written by 'check --engine pdr' or an .smt2 \
            obligation file. A folder must hold init.smt2, every part of the step obligation \
            (step-K-of-N-CALL.smt2, one per action instance), safe.smt2 (the invariant) \
            and nofault.smt2 (no action instance faults). Every obligation asserts the \
            negation of one proof step, so each must be unsat; they are checked in parallel \
            on every core. Exit status 0 when all are unsat, 1 when one is sat, 3 when Z3 \
            answers unknown, 2 on unreadable input.
            """)

    @Argument(help: "Certificate folders or .smt2 files.", completion: .file())
    var paths: [String]

    @Option(help: "Z3 timeout per obligation, in milliseconds.")
    var timeout: UInt32?

    func run() throws {
        var files: [URL] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CommandError.error("no such certificate '\(path)'")
            }
            if isFolder.boolValue {
                do {
                    files += try CertificateFolder.obligationFiles(in: URL(fileURLWithPath: path))
                } catch {
                    throw CommandError.error("\(error)")
                }
            } else {
                files.append(URL(fileURLWithPath: path))
            }
        }
        let results = try CertificateChecker.check(files: files, timeout: timeout.map { .milliseconds($0) })
        for r in results { print("\(r.file.path): \(r.result)") }
        let status = ExitStatus.worst(
            of: results.map { r in
                switch r.result {
                case .unsat: .success
                case .sat: .violated
                case .unknown: .noVerdict
                }
            })
        if status != .success { throw CommandError.exit(status) }
    }
}
