import ArgumentParser
import Foundation
import PinExplicit
import PinLang
import PinReport
import PinSymbolic

/// `pincheck check MODEL`: decide invariants of one or every variant.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a model's invariants and print verdicts, counts and counterexample traces.",
        discussion: """
            Explores every reachable state breadth-first on all cores, so a counterexample \
            is a shortest one. Without --variant every variant of the model is checked; \
            without --invariant every invariant. A search stopped by a limit reports \
            'incomplete', never 'holds'.
            """)

    @OptionGroup var options: ModelOptions

    @Option(name: .long, help: "The variant to check (repeatable; default: every variant).")
    var variant: [String] = []

    @Option(name: .long, help: "The invariant to check (repeatable; default: every invariant).")
    var invariant: [String] = []

    @Option(
        name: .long,
        help:
            "The engine: explicit (breadth-first state search), bmc (bounded model checking with Z3), kind (k-induction with Z3) or pdr (unbounded proof by property directed reachability, writing a certificate)."
    )
    var engine: Engine = .explicit

    @Option(name: .long, help: "For bmc: the longest path checked; for kind: the largest k tried.")
    var depth: Int = 20

    @Option(
        name: .long,
        help: "Z3 timeout per query (for pdr: per invariant and prover), in milliseconds (a timeout gives 'unknown')."
    )
    var timeout: UInt32?

    @Option(
        name: .long,
        help:
            "For pdr: portfolio (the default: spacer, ic3 and mined at once, the first answer wins), spacer (Z3's fixedpoint engine on Horn clauses), ic3 (IC3 over the state bits on Z3's SAT solver), mined (lemmas mined from the explicit engine's reachable states, the inductive ones among them, then IC3 within them; needs a complete explicit search) or reachable (the explicit engine's reachable states, as a decision diagram, are the invariant: a symbolic check of the explicit answer; its step obligation is slow on large state spaces)."
    )
    var prover: PropertyDirectedReachability.Prover?

    @Flag(
        name: .long,
        help:
            "For kind: prove the invariants checked together (mutual induction: each step case assumes them all), which succeeds where each alone is not inductive."
    )
    var jointly = false

    @Flag(name: .long, help: "Print each Z3 query with its time as it finishes (on standard error).")
    var stats = false

    @Option(name: .long, help: "Where --engine pdr writes certificates (one folder per model/variant/invariant).")
    var certificates: String = "proofs/certificates"

    @Flag(
        name: .long, inversion: .prefixedNo,
        help: ArgumentHelp(
            "For pdr's default portfolio (no --prover): try first the inductive invariant of the earlier certificate in the --certificates folder (its invariant.txt), else the variant's committed one, MODEL/VARIANT.txt in the --committed-invariants folder. A proof by it is checked like any other (every obligation unsat); one that no longer fits the model is set aside and the invariant proved afresh."
        ))
    var hints = true

    @Option(
        name: .long,
        help: "Where pdr's default portfolio looks for committed inductive invariants, one per variant: MODEL/VARIANT.txt.")
    var committedInvariants: String = "proofs/invariants"

    @Option(name: .long, help: "Stop with 'incomplete' after storing this many states.")
    var maxStates: Int = 50_000_000

    @Option(name: .long, help: "Stop with 'incomplete' after exploring this many steps deep.")
    var maxDepth: Int?

    @Option(name: .long, help: "Stop with 'incomplete' after this many seconds.")
    var timeLimit: Double?

    @Option(name: .long, help: "Worker threads (default: every core).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Also report a reachable state with no enabled action.")
    var deadlock = false

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    /// The engines `--engine` selects.
    enum Engine: String, ExpressibleByArgument, CaseIterable {
        case explicit, bmc, kind, pdr
    }

    /// The figures of a symbolic run: what bounds the engine reached, then Z3's share of the time.
    func symbolicFigures(_ result: SymbolicResult, since start: Date) -> [(name: String, value: String)] {
        var figures: [(name: String, value: String)] = []
        switch engine {
        case .bmc: figures.append(("bound", String(depth)))
        case .kind:
            let ks = result.provenAt.sorted { $0.key < $1.key }.map { "\($0.key) at k=\($0.value)" }
            figures.append(("max k", String(depth)))
            if !ks.isEmpty { figures.append(("inductive", ks.joined(separator: "; "))) }
        default: break
        }
        figures.append(("queries", String(result.queries.count)))
        figures.append(("z3 time", String(format: "%.2fs", result.queries.reduce(0) { $0 + $1.seconds })))
        figures.append(("time", String(format: "%.2fs", Date().timeIntervalSince(start))))
        figures.append(("peak memory", Memory.format(bytes: Memory.peakResidentBytes())))
        return figures
    }

    func validate() throws {
        guard depth >= 0 else { throw ValidationError("--depth must not be negative") }
        if jointly && engine != .kind { throw ValidationError("--jointly applies to --engine kind only") }
        if prover != nil && engine != .pdr { throw ValidationError("--prover applies to --engine pdr only") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard maxStates >= 1 else { throw ValidationError("--max-states must be at least 1") }
        if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must not be negative") }
    }

    func run() throws {
        let loaded = try options.load()
        let program = loaded.program
        let variants = variant.isEmpty ? program.variantNames : variant
        for v in variants where !program.variantNames.contains(v) {
            Output.error(
                "error: unknown variant '\(v)'; \(options.model) declares \(program.variantNames.joined(separator: ", "))")
            throw ExitCode(2)
        }
        var reports: [CheckReport] = []
        var renderers: [TraceRenderer] = []
        for v in variants {
            let model = try program.model(variant: v)
            for name in invariant where model.invariant(named: name) == nil {
                Output.error(
                    "error: unknown invariant '\(name)'; \(options.model) declares \(model.invariants.map(\.name).joined(separator: ", "))"
                )
                throw ExitCode(2)
            }
            switch engine {
            case .explicit:
                var explorer = Explorer(model: model)
                explorer.workers = workers
                explorer.checkDeadlock = deadlock
                explorer.limits = SearchLimits(maxStates: maxStates, maxDepth: maxDepth ?? Int.max, timeLimit: timeLimit)
                if !json { explorer.progress = ProgressPrinter.make() }
                let result = explorer.run(invariants: invariant.isEmpty ? nil : invariant)
                let s = result.statistics
                reports.append(
                    CheckReport(
                        model: model.name, variant: v, engine: "explicit", verdicts: result.verdicts,
                        deadlock: result.deadlock, fault: result.fault,
                        figures: [
                            ("states", String(s.states)), ("transitions", String(s.transitions)),
                            ("depth", String(s.maxDepth)), ("time", String(format: "%.2fs", s.seconds)),
                            ("store", Memory.format(bytes: s.storeBytes)),
                            ("peak memory", Memory.format(bytes: Memory.peakResidentBytes())),
                            ("workers", String(s.workers)),
                        ]))
            case .bmc, .kind, .pdr:
                let start = Date()
                // With --stats, each query is reported as it finishes: a long run shows progress.
                let log: QueryLog? =
                    stats
                    ? { what, seconds, answer in Output.error(String(format: "  z3 %.3fs %@: %@", seconds, what, answer)) }
                    : nil
                let result: SymbolicResult
                let names = invariant.isEmpty ? nil : invariant
                do {
                    if engine == .bmc {
                        let bmc = try BoundedModelChecker(model: model, timeoutMilliseconds: timeout)
                        bmc.onQuery = log
                        result = try bmc.run(invariants: names, depth: depth)
                    } else if engine == .pdr {
                        let engine = try PropertyDirectedReachability(model: model, timeoutMilliseconds: timeout)
                        engine.onQuery = log
                        engine.prover = prover ?? .portfolio
                        if hints && engine.prover == .portfolio {
                            engine.loadHints(
                                certificates: URL(fileURLWithPath: certificates),
                                committed: URL(fileURLWithPath: committedInvariants), invariants: names)
                        }
                        let pdr = try engine.run(invariants: names)
                        result = pdr.result
                        for c in pdr.certificates {
                            let folder = URL(fileURLWithPath: certificates)
                                .appendingPathComponent(c.model).appendingPathComponent(c.variant).appendingPathComponent(
                                    c.invariant)
                            try c.write(to: folder)
                            if !json { Output.error("certificate for \(c.invariant): \(folder.path)") }
                        }
                    } else {
                        let kind = try KInduction(model: model, timeoutMilliseconds: timeout)
                        kind.onQuery = log
                        result = try kind.run(invariants: names, maxK: depth, jointly: jointly)
                    }
                } catch {
                    Output.error("error: Z3: \(error)")
                    throw ExitCode(2)
                }
                var report = CheckReport(
                    model: model.name, variant: v, engine: engine.rawValue, verdicts: result.verdicts, fault: result.fault,
                    figures: symbolicFigures(result, since: start))
                report.inductionCounterexamples = result.counterexamplesToInduction
                reports.append(report)
            }
            renderers.append(TraceRenderer(model: model))
        }
        if json {
            let objects = zip(reports, renderers).map { $0.json(renderer: $1) }
            let data = try JSONSerialization.data(
                withJSONObject: objects.count == 1 ? objects[0] : objects, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            let sources = DiagnosticRenderer(sources: loaded.sources)
            print(zip(reports, renderers).map { $0.text(renderer: $1, sources: sources) }.joined(separator: "\n\n"))
        }
        let statuses = reports.map(\.exitStatus)
        let status: Int32 = statuses.contains(2) ? 2 : statuses.contains(1) ? 1 : statuses.contains(3) ? 3 : 0
        if status != 0 { throw ExitCode(status) }
    }
}

extension PropertyDirectedReachability.Prover: ExpressibleByArgument {}
