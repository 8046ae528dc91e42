import ArgumentParser
import Foundation
import PinExplicit
import PinLang
import PinProof

/// The engine options `check` and `prove` share, turned into the one `EngineOptions`
/// value every engine reads.
struct EngineOptionGroup: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The engine: explicit, bmc, kind or pdr.",
            discussion: """
                explicit: breadth-first search of every reachable state. bmc: bounded model \
                checking with Z3. kind: k-induction with Z3. pdr: unbounded proof by property \
                directed reachability, writing a certificate.
                """))
    var engine: EngineKind = .explicit

    @Option(help: "Worker threads for every engine and prover (default: every core).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "For bmc: the longest path checked; for kind: the largest k tried.")
    var depth: Int = 20

    @Option(
        help: ArgumentHelp(
            "Z3 timeout per query, in milliseconds.",
            discussion: "For pdr: per invariant and prover. A timeout gives 'unknown'."))
    var timeout: UInt32?

    @Option(
        help: ArgumentHelp(
            "For pdr: the prover (default portfolio).",
            discussion: """
                portfolio: spacer, ic3 and mined at once, the first answer wins. spacer: Z3's \
                fixedpoint engine on Horn clauses. ic3: IC3 over the state bits on Z3's SAT \
                solver. mined: lemmas mined from the explicit engine's reachable states, the \
                inductive ones among them, then IC3 within them (needs a complete explicit \
                search). reachable: the explicit engine's reachable states, as a decision \
                diagram, are the invariant (a symbolic check of the explicit answer; slow on \
                large state spaces).
                """))
    var prover: PropertyDirectedReachability.ProverName?

    @Flag(
        help: ArgumentHelp(
            "For kind: prove the invariants checked together.",
            discussion: "Mutual induction: each step case assumes them all, which succeeds where each alone is not inductive."))
    var jointly = false

    @Flag(help: "Print each Z3 query with its time as it finishes (on standard error).")
    var stats = false

    @Option(
        name: .customLong("progress"),
        help: ArgumentHelp(
            "Print what the engine is doing on standard error every this many seconds (0: never).",
            discussion: """
                Every engine: the explicit search's level, the bounded depth, the prover step \
                or query last finished. Also with --json (standard output stays JSON).
                """, valueName: "SECONDS"))
    var progressInterval: Double = 5

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "For pdr's default portfolio: try an earlier proof's invariant first.",
            discussion: """
                The invariant.txt of the earlier certificate, else the variant's committed \
                invariant, MODEL/VARIANT.txt in the committed-invariants folder. A proof by it is \
                checked like any other (every obligation unsat); one that no longer fits the \
                model is set aside and the invariant proved afresh.
                """))
    var hints = true

    @Option(help: ArgumentHelp("For pdr: the folder of committed inductive invariants (MODEL/VARIANT.txt).", valueName: "DIR"))
    var committedInvariants: String?

    @Option(help: "For explicit: stop with 'incomplete' after storing this many states.")
    var maxStates: Int = 50_000_000

    @Option(help: "For explicit: stop with 'incomplete' after exploring this many steps deep.")
    var maxDepth: Int?

    @Option(help: "For explicit: stop with 'incomplete' after this many seconds.")
    var timeLimit: Double?

    @Flag(help: "For explicit: also report a reachable state with no enabled action.")
    var deadlock = false

    @Option(
        help: ArgumentHelp(
            "For explicit: how to run the model: auto, compiled or interpreted.",
            discussion: """
                compiled: the model as C, compiled by the machine's C compiler ($PINCHECK_CC, else \
                cc, clang or gcc) and cached in ~/.cache/pincheck ($PINCHECK_CACHE). interpreted: \
                pincheck's own interpreter, the reference. auto: interpreted, then compiled once \
                the search has run for a second (the compiler works meanwhile), so small models \
                never wait for it; interpreted where there is no compiler. All three give the same \
                states, verdicts and traces. Default: auto, or $PINCHECK_CODE.
                """))
    var code: CodeChoice = .standard

    @Option(
        help: ArgumentHelp(
            "Stop with 'incomplete' once the process uses this much memory, e.g. 8G or 512M.",
            discussion: "Any engine. Default: 90% of the machine's memory.", valueName: "SIZE"))
    var maxMemory: String?

    /// `--max-memory` in bytes: as given, else 90% of the machine's memory.
    var memoryLimit: Int {
        maxMemory.flatMap(Memory.parse(size:)) ?? Int(Double(ProcessInfo.processInfo.physicalMemory) * 0.9)
    }

    /// More threads than this only cost memory: each worker keeps its own buffers.
    static let maxWorkers = 1024

    func validate() throws {
        guard depth >= 0 else { throw ValidationError("--depth must not be negative") }
        if jointly && engine != .kind { throw ValidationError("--jointly applies to --engine kind only") }
        if prover != nil && engine != .pdr { throw ValidationError("--prover applies to --engine pdr only") }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
        guard workers <= Self.maxWorkers else {
            throw ValidationError(
                "--workers must be at most \(Self.maxWorkers) (this machine has \(ProcessInfo.processInfo.activeProcessorCount) cores)"
            )
        }
        if let timeLimit {
            guard timeLimit > 0, timeLimit.isFinite else {
                throw ValidationError("--time-limit must be a positive number of seconds, not \(timeLimit)")
            }
            guard engine == .explicit else {
                throw ValidationError("--time-limit applies to --engine explicit; the symbolic engines take --timeout")
            }
        }
        guard maxStates >= 1 else { throw ValidationError("--max-states must be at least 1") }
        if let maxMemory, Memory.parse(size: maxMemory) == nil {
            throw ValidationError("--max-memory takes a size such as 8G, 512M or 1.5G, not '\(maxMemory)'")
        }
        if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must not be negative") }
        if code == .compiled && NativeCode.compiler() == nil {
            throw ValidationError("--code compiled needs a C compiler: none of cc, clang or gcc is on the PATH (set PINCHECK_CC)")
        }
        guard progressInterval >= 0, progressInterval.isFinite else {
            throw ValidationError("--progress takes a number of seconds, 0 or more, not \(progressInterval)")
        }
    }

    /// The explicit search's limits.
    var limits: SearchLimits {
        SearchLimits(maxStates: maxStates, maxDepth: maxDepth ?? Int.max, timeLimit: timeLimit.map { .seconds($0) })
    }

    /// The options every engine reads; pdr looks for earlier invariants in `certificates`
    /// and in `--committed-invariants`, else `committedDefault`.
    func options(certificates: URL?, committedDefault: URL) -> EngineOptions {
        var options = EngineOptions()
        options.workers = workers
        options.limits = limits
        options.deadlock = deadlock
        options.code = code
        options.depth = depth
        options.jointly = jointly
        options.timeout = timeout.map { .milliseconds($0) }
        options.prover = prover ?? .portfolio
        if hints {
            options.hintFolders = (certificates, committedInvariants.map { URL(fileURLWithPath: $0) } ?? committedDefault)
        }
        return options
    }

    /// Renders a run's events on stderr: `progress`, and with `--stats` each query as it
    /// finishes.
    func eventPrinter(progress: Progress?) -> EventSink {
        let stats = self.stats
        return { event in
            progress?.note(event)
            if stats, case .query(let what, let took, let answer) = event {
                Output.error(String(format: "  z3 %.3fs %@: %@", took.inSeconds, what, answer))
            }
        }
    }

    /// A progress reporter for one run, labelled `label` (nil for `--progress 0`).
    func progress(_ label: String) -> Progress? {
        progressInterval > 0 ? Progress(label: label, interval: .seconds(progressInterval)) : nil
    }
}

extension EngineKind: ExpressibleByArgument {}
extension PropertyDirectedReachability.ProverName: ExpressibleByArgument {}
extension CodeChoice: ExpressibleByArgument {}
