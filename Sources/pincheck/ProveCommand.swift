import ArgumentParser
import Foundation
import PinExplicit
import PinLang
import PinSymbolic

/// `pincheck prove FILE`: check every proof obligation of a file against its expected verdict.
struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Check a file of proof obligations (model, variant, invariant, expected verdict).",
        discussion: """
            Each line reads 'MODEL VARIANT INVARIANT holds [certificate FOLDER]' or \
            'MODEL VARIANT INVARIANT violated STEPS' (paths relative to the file; '#' starts \
            a comment). Every obligation is decided with the chosen engine and compared: a \
            different verdict, a different shortest-trace length, or a certificate that does \
            not re-check is an error. Exit status 0 when all match, 1 on any difference, 2 \
            on a malformed file or model, 3 when an engine gave no verdict.
            """)

    @Argument(help: "The obligations file, e.g. proofs/obligations.txt.", completion: .file())
    var file: String

    @Option(help: "The engine deciding the obligations: explicit, kind or pdr (bmc cannot prove).")
    var engine: CheckCommand.Engine = .explicit

    @Option(help: "For kind: the largest k tried.")
    var depth: Int = 20

    @Flag(
        name: .long, inversion: .prefixedNo,
        help: ArgumentHelp(
            "For pdr: try first each variant's committed inductive invariant, invariants/MODEL/VARIANT.txt beside the obligations file (as check --engine pdr does). A proof by it is checked like any other (every obligation of its certificate unsat); one that no longer fits is set aside and the provers run."
        ))
    var hints = true

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            Output.error("error: cannot read obligations file '\(file)'")
            throw ExitCode(2)
        }
        let obligations: [ProofObligation]
        do {
            obligations = try ProofObligation.parse(text, path: file)
        } catch {
            let renderer = DiagnosticRenderer(sources: error.sources)
            Output.error(error.diagnostics.map { renderer.render($0) }.joined(separator: "\n"))
            throw ExitCode(2)
        }
        var status: Int32 = 0
        var loaded: [String: LoadedProgram] = [:]
        var verdictCache: [String: [String: Verdict]] = [:]
        for o in obligations {
            let where_ = "\(o.location.file):\(o.location.line)"
            let label = "\(o.modelPath) \(o.variant) \(o.invariant)"
            let program: LoadedProgram
            if let p = loaded[o.modelPath] {
                program = p
            } else {
                program = try ModelOptions(model: o.modelPath).load()
                loaded[o.modelPath] = program
            }
            guard program.program.variantNames.contains(o.variant) else {
                Output.error("\(where_): error: \(o.modelPath) has no variant '\(o.variant)'")
                status = 2
                continue
            }
            let model = try program.program.model(variant: o.variant)
            guard model.invariant(named: o.invariant) != nil else {
                Output.error("\(where_): error: \(o.modelPath) has no invariant '\(o.invariant)'")
                status = 2
                continue
            }
            let key = "\(o.modelPath)|\(o.variant)"
            if verdictCache[key]?[o.invariant] == nil {
                let names = obligations.filter { $0.modelPath == o.modelPath && $0.variant == o.variant }.map(\.invariant)
                verdictCache[key] = try decide(model, Array(Set(names)).sorted())
            }
            let verdict = verdictCache[key]?[o.invariant] ?? .unknown(reason: "not decided")
            switch (o.expected, verdict) {
            case (.holds, .holds):
                if let certificate = o.certificate {
                    let files: [URL]
                    do {
                        files = try CertificateFolder.obligationFiles(in: URL(fileURLWithPath: certificate))
                    } catch {
                        Output.error("\(where_): error: \(label): the certificate does not re-check: \(error)")
                        status = max(status, 1)
                        continue
                    }
                    let bad = try CertificateChecker.check(files: files).filter { $0.result != .unsat }
                    if !bad.isEmpty {
                        Output.error(
                            "\(where_): error: \(label): the certificate \(certificate) does not re-check: "
                                + bad.map { "\($0.file.lastPathComponent) is \($0.result)" }.joined(separator: ", "))
                        status = max(status, 1)
                        continue
                    }
                    print("ok    \(label): holds (\(engine.rawValue)); certificate re-checks (\(files.count) obligations unsat)")
                } else {
                    print("ok    \(label): holds (\(engine.rawValue))")
                }
            case (.violated(let n), .violated(let trace)) where trace.steps.count == n:
                print("ok    \(label): violated in \(n) steps (\(engine.rawValue))")
            case (.violated(let n), .violated(let trace)):
                Output.error(
                    "\(where_): error: \(label): expected a shortest counterexample of \(n) steps, found \(trace.steps.count)")
                status = max(status, 1)
            case (_, .incomplete(let reason)), (_, .unknown(let reason)):
                Output.error("\(where_): error: \(label): no verdict from \(engine.rawValue): \(reason)")
                if status == 0 { status = 3 }
            case (.holds, .violated(let trace)):
                Output.error("\(where_): error: \(label): expected to hold, but it is VIOLATED after \(trace.steps.count) steps")
                status = max(status, 1)
            case (.violated(let n), .holds):
                Output.error("\(where_): error: \(label): expected a violation in \(n) steps, but it HOLDS")
                status = max(status, 1)
            }
        }
        print(
            "\(obligations.count) obligation\(obligations.count == 1 ? "" : "s") checked with \(engine.rawValue): "
                + (status == 0 ? "all as expected" : "DIFFERENCES FOUND"))
        if status != 0 { throw ExitCode(status) }
    }

    /// Decides the named invariants of one variant with the chosen engine.
    func decide(_ model: Model, _ invariants: [String]) throws -> [String: Verdict] {
        let verdicts: [(invariant: String, verdict: Verdict)]
        switch engine {
        case .explicit:
            let result = Explorer(model: model).run(invariants: invariants)
            if let fault = result.fault {
                Output.error("\(fault.range.start): error: \(fault.message) (in \(fault.action))")
                throw ExitCode(2)
            }
            verdicts = result.verdicts
        case .bmc:
            Output.error("error: bmc cannot prove an invariant; use explicit, kind or pdr")
            throw ExitCode(2)
        case .kind:
            verdicts = try KInduction(model: model).run(invariants: invariants, maxK: depth).verdicts
        case .pdr:
            let pdr = try PropertyDirectedReachability(model: model)
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("invariants")
            let tried = hints ? pdr.loadHints(certificates: nil, committed: folder, invariants: invariants) : 0
            let result = try pdr.run(invariants: invariants).result
            if tried > 0 {
                let proved = pdr.provedByHints.count
                let path = PropertyDirectedReachability.committedInvariant(
                    in: folder, model: model.name, variant: model.variant
                ).path
                print("      \(model.variant): \(proved) of \(invariants.count) invariants proved by \(path)")
            }
            verdicts = result.verdicts
        }
        return Dictionary(verdicts.map { ($0.invariant, $0.verdict) }, uniquingKeysWith: { a, _ in a })
    }
}
