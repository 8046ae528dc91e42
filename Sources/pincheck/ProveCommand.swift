import ArgumentParser
import Foundation
import PinLang
import PinProof
import PinReport

/// `pincheck prove FILE`: check every proof obligation of a file against its expected verdict.
struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Check a file of proof obligations (model, variant, invariant, expected verdict).",
        discussion: """
            Each line reads 'MODEL VARIANT INVARIANT holds [certificate FOLDER]' or \
            'MODEL VARIANT INVARIANT violated STEPS' (paths relative to the file; '#' starts \
            a comment). Every obligation is decided with the chosen engine (explicit, kind or \
            pdr; bmc cannot prove) and compared: a different verdict, a different \
            shortest-trace length, or a certificate that does not re-check is an error. With \
            --engine pdr, each variant's committed inductive invariant, invariants/MODEL/VARIANT.txt \
            beside the file, is tried first. Exit status 0 when all match, 1 on any difference, \
            2 on a malformed file or model, 3 when an engine gave no verdict.
            """)

    @Argument(help: "The obligations file, e.g. proofs/obligations.txt.", completion: .file())
    var file: String

    @OptionGroup(title: "Engine options") var engineOptions: EngineOptionGroup

    @Flag(help: "Print the obligations' results as JSON (docs/json.md); the lines of text go to standard error.")
    var json = false

    func validate() throws {
        if engineOptions.engine == .bmc { throw ValidationError("bmc cannot prove an invariant; use explicit, kind or pdr") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw CommandError.error("cannot read obligations file '\(file)'")
        }
        let obligations: [ProofObligation]
        do {
            obligations = try ProofObligation.parse(text, path: file)
        } catch {
            let renderer = DiagnosticRenderer(sources: error.sources)
            throw CommandError(
                message: error.diagnostics.map { renderer.render($0) }.joined(separator: "\n"), status: .error,
                diagnostics: error.diagnostics, summary: "\(file) is not a well-formed obligations file")
        }
        if obligations.isEmpty {
            throw CommandError.error("\(file) holds no obligations: nothing would be checked")
        }
        Interrupts.watchMemory(limit: engineOptions.memoryLimit)
        var session = ProofSession(command: self)
        let statuses = try obligations.map { try session.check($0, among: obligations) }
        let status = ExitStatus.worst(of: statuses)
        let name = engineOptions.engine.rawValue
        session.say(
            "\(obligations.count) obligation\(obligations.count == 1 ? "" : "s") checked with \(name): "
                + (status == .success ? "all as expected" : "DIFFERENCES FOUND"))
        if json {
            var document = JSONDocument.envelope(verb: "prove", exitStatus: Interrupts.status(status))
            document["file"] = file
            document["engine"] = name
            document["obligations"] = session.records
            printJSON(document)
        }
        try Interrupts.finish(checked: obligations.count, of: obligations.count, "obligation")
        if status != .success { throw CommandError.exit(status) }
    }
}

/// The models loaded and the verdicts decided so far in one `prove` run: each variant is
/// decided once, for all its obligations.
struct ProofSession {
    let command: ProveCommand
    private var loaded: [String: LoadedProgram] = [:]
    private var verdicts: [String: [String: Verdict]] = [:]
    /// Per obligation checked, its result as `--json` prints it.
    private(set) var records: [[String: Any]] = []

    init(command: ProveCommand) { self.command = command }

    /// A line of the report: on stdout, or on stderr when stdout is JSON.
    func say(_ line: String) {
        if command.json { Output.error(line) } else { print(line) }
    }

    private var engineName: String { command.engineOptions.engine.rawValue }

    /// Decides obligation `o` (and the others of its variant) and prints whether it is as
    /// expected; the status it calls for.
    mutating func check(_ o: ProofObligation, among all: [ProofObligation]) throws -> ExitStatus {
        let (status, verdict, message) = try outcome(of: o, among: all)
        var record: [String: Any] = [
            "location": o.location.json, "model_file": o.modelPath, "variant": o.variant, "invariant": o.invariant,
            "as_expected": status == .success, "exit_status": Int(status.rawValue),
        ]
        switch o.expected {
        case .holds: record["expected"] = ["verdict": "holds"]
        case .violated(let n): record["expected"] = ["verdict": "violated", "steps": n] as [String: Any]
        }
        if let certificate = o.certificate { record["certificate"] = certificate }
        if let verdict {
            var found: [String: Any] = ["verdict": verdict.name]
            if case .violated(let trace) = verdict { found["steps"] = trace.steps.count }
            record["found"] = found
        }
        if let message { record["message"] = message }
        records.append(record)
        return status
    }

    /// Decides obligation `o`: its status, the verdict found (nil when none was decided) and
    /// what is wrong when it is not as expected.
    private mutating func outcome(of o: ProofObligation, among all: [ProofObligation]) throws
        -> (ExitStatus, Verdict?, String?)
    {
        let place = "\(o.location.file):\(o.location.line)"
        let label = "\(o.modelPath) \(o.variant) \(o.invariant)"
        let program = try loaded[o.modelPath] ?? ModelOptions(model: o.modelPath).load()
        loaded[o.modelPath] = program
        guard program.program.variantNames.contains(o.variant) else {
            Output.error("\(place): error: \(o.modelPath) has no variant '\(o.variant)'")
            return (.error, nil, "\(o.modelPath) has no variant '\(o.variant)'")
        }
        let model = try program.program.model(variant: o.variant)
        guard model.invariant(named: o.invariant) != nil else {
            Output.error("\(place): error: \(o.modelPath) has no invariant '\(o.invariant)'")
            return (.error, nil, "\(o.modelPath) has no invariant '\(o.invariant)'")
        }
        let key = "\(o.modelPath)|\(o.variant)"
        if verdicts[key]?[o.invariant] == nil {
            let names = all.filter { $0.modelPath == o.modelPath && $0.variant == o.variant }.map(\.invariant)
            verdicts[key] = try decide(model, Array(Set(names)).sorted())
        }
        let verdict = verdicts[key]?[o.invariant] ?? .unknown(reason: "not decided")
        var message: String?
        let status = try compare(o, verdict, place: place, label: label) { message = $0 }
        return (status, verdict, message)
    }

    /// Prints `ok` or the difference between what `o` expects and `verdict` (also given to `problem`).
    private func compare(
        _ o: ProofObligation, _ verdict: Verdict, place: String, label: String, problem: (String) -> Void
    ) throws -> ExitStatus {
        func differs(_ text: String) -> ExitStatus {
            Output.error("\(place): error: \(label): \(text)")
            problem(text)
            return .violated
        }
        switch (o.expected, verdict) {
        case (.holds, .holds):
            guard let certificate = o.certificate else {
                say("ok    \(label): holds (\(engineName))")
                return .success
            }
            let bound: BoundCertificate
            do {
                bound = try BoundCertificate(folder: URL(fileURLWithPath: certificate), modelPath: o.modelPath)
            } catch {
                return differs("the certificate \(certificate) does not re-check: \(error)")
            }
            let m = bound.manifest
            guard m.variant == o.variant, m.invariant == o.invariant else {
                return differs("the certificate \(certificate) proves \(m.variant) \(m.invariant), not this line's")
            }
            let checks = CertificateChecks(workers: command.engineOptions.workers, stop: Interrupts.stop)
            let bad = try checks.results(of: bound.rebuilt).filter { $0.result != .unsat }
            let what =
                bad.map { "\($0.name) is \($0.result)" } + bound.mismatchedFiles.map { "\($0.name) is \($0.problem)" }
            if !what.isEmpty {
                return differs("the certificate \(certificate) does not re-check: \(what.joined(separator: ", "))")
            }
            let count = bound.rebuilt.obligations.count
            say("ok    \(label): holds (\(engineName)); certificate re-checks against the model (\(count) obligations unsat)")
            return .success
        case (.violated(let n), .violated(let trace)) where trace.steps.count == n:
            say("ok    \(label): violated in \(n) steps (\(engineName))")
            return .success
        case (.violated(let n), .violated(let trace)):
            return differs("expected a shortest counterexample of \(n) steps, found \(trace.steps.count)")
        case (_, .incomplete(let reason)), (_, .unknown(let reason)):
            Output.error("\(place): error: \(label): no verdict from \(engineName): \(reason)")
            problem("no verdict from \(engineName): \(reason)")
            return .noVerdict
        case (.holds, .violated(let trace)):
            return differs("expected to hold, but it is VIOLATED after \(trace.steps.count) steps")
        case (.violated(let n), .holds):
            return differs("expected a violation in \(n) steps, but it HOLDS")
        }
    }

    /// Decides the named invariants of one variant with the chosen engine; for pdr, first by
    /// the variant's committed invariant beside the obligations file.
    private func decide(_ model: Model, _ invariants: [String]) throws -> [String: Verdict] {
        let committed = URL(fileURLWithPath: command.file).deletingLastPathComponent().appendingPathComponent("invariants")
        let options = command.engineOptions.options(certificates: nil, committedDefault: committed)
        let engine = command.engineOptions.engine.make(options)
        let progress = command.engineOptions.progress("\(model.name) \(model.variant)")
        defer { progress?.finish() }
        let result = try engine.check(
            model, invariants: invariants, stop: Interrupts.stop, events: command.engineOptions.eventPrinter(progress: progress))
        if let fault = result.fault, command.engineOptions.engine == .explicit {
            throw CommandError(message: "\(fault.range.start): error: \(fault.message) (in \(fault.action))", status: .error)
        }
        if let folders = options.hintFolders, command.engineOptions.engine == .pdr,
            !HintProver.hints(for: model, certificates: nil, committed: folders.committed, invariants: invariants).isEmpty
        {
            let proved = (result.statistics as? ProofStatistics)?.provedByHints ?? []
            let path = HintProver.committedInvariant(
                in: folders.committed ?? committed, model: model.name, variant: model.variant
            ).path
            say("      \(model.variant): \(proved.count) of \(invariants.count) invariants proved by \(path)")
        }
        return Dictionary(result.verdicts.map { ($0.invariant, $0.verdict) }, uniquingKeysWith: { a, _ in a })
    }
}
