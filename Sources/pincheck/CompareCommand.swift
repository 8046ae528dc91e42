import ArgumentParser
import Foundation
import PinExplicit
import PinLang
import PinReport

/// `pincheck compare MODEL_OR_PATCH`: variants side by side, each patch against its base.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Check variants side by side and say what a patch changes against its base.",
        discussion: """
            Without --variant, every variant the file itself declares is compared with the \
            variant it extends (for a patch file that imports the model: the patch against \
            the kernel it patches). With --variant A --variant B …, every variant named is \
            compared with the first. Prints the invariants × variants verdicts, every \
            scenario on every variant, one summary line per patch, and a shortest trace for \
            each invariant a patch regresses. Exit status 0 no patch regresses, 1 one \
            regresses an invariant or makes a scenario stop completing (a GUP loop that never \
            ends, say), 2 usage or model error, 3 a verdict is missing (a limit, a solver \
            unknown, a model fault, Ctrl-C).
            """)

    @OptionGroup var options: ModelOptions

    @Option(help: "A variant to compare (repeatable; the first is the base of the others).")
    var variant: [String] = []

    @OptionGroup(title: "Engine options") var engineOptions: EngineOptionGroup

    @Option(help: ArgumentHelp("Where --engine pdr writes certificates (MODEL/VARIANT/INVARIANT/).", valueName: "DIR"))
    var certificates: String = "proofs/certificates"

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Two variants: print a shortest trace that tells them apart (give the model first).",
            discussion: """
                Explores both variants side by side (each action given to both, from their \
                initial states): a shortest trace after which an invariant holds in one and not the \
                other, with both sides' states where they differ, and the shortest trace \
                after which they first behave differently at all. A variant that cannot take \
                an action stays where it is, so the pairs can be many: --max-pairs and \
                --time-limit stop the search with no verdict.
                """,
            valueName: "A B"))
    var explain: [String] = []

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Warn about a patch's override that never runs (default: on with --engine explicit).",
            discussion: "Explores each patch in full once more, as check --coverage does."))
    var coverage: Bool?

    @Option(help: "For --explain: stop with no verdict after storing this many pairs of states.")
    var maxPairs: Int = 2_000_000

    @Option(help: "The output: text, markdown (for a patch mail) or json.")
    var format: Format = .text

    @Flag(help: "Print the comparison as JSON (docs/json.md); the same as --format json.")
    var json = false

    /// The formats `--format` selects.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    /// What to print: `--format`, or JSON for `--json`.
    var output: Format { json ? .json : format }

    func validate() throws {
        if !explain.isEmpty && explain.count != 2 {
            throw ValidationError("--explain takes two variants, e.g. --explain v6_1 v6_2 (give the model file before it)")
        }
        guard maxPairs >= 1 else { throw ValidationError("--max-pairs must be at least 1") }
        if !explain.isEmpty && !variant.isEmpty { throw ValidationError("--explain names its two variants; give no --variant") }
        if json && format != .text && format != .json {
            throw ValidationError("--json and --format \(format.rawValue) print different things; choose one")
        }
        if variant.count == 1 { throw ValidationError("give --variant at least twice: the base, then what to compare with it") }
    }

    func run() throws {
        let loaded = try options.load()
        let program = loaded.program
        if !explain.isEmpty {
            try runExplain(program)
            return
        }
        let (columns, pairs) = try plan(program)
        let models = try columns.map { try program.model(variant: $0) }
        let checks = VariantChecks(
            modelOptions: options, engineOptions: engineOptions, certificates: certificates, quiet: output == .json)
        let watch = Stopwatch()
        let reports = try checks.run(loaded, models: models, invariants: [])
        var table: ScenarioTable?
        if !program.scenarios.isEmpty && reports.count == columns.count {
            table = ScenarioTable(modelPath: options.model, models: models, runs: ScenarioRunner.runAll(models))
        }
        var comparison = Comparison(
            modelPath: options.model, engine: engineOptions.engine.rawValue, reports: reports, scenarios: table,
            pairs: pairs)
        if coverage ?? (engineOptions.engine == .explicit) {
            for (column, model) in zip(columns, models) where pairs.contains(where: { $0.patch == column }) {
                if Interrupts.stop.isStopped { break }
                comparison.coverage[column] = checks.coverage(of: model)
            }
        }
        switch output {
        case .text: print(comparison.text())
        case .markdown: print(comparison.markdown())
        case .json: printJSON(comparison.json())
        }
        if output != .json {
            Output.error(
                String(
                    format: "compared %d variants in %.1fs, peak memory %@", reports.count, watch.elapsed.inSeconds,
                    Memory.format(bytes: Memory.peakResidentBytes())))
        }
        try Interrupts.finish(checked: reports.count, of: columns.count, "variant")
        if comparison.exitStatus != .success { throw CommandError.exit(comparison.exitStatus) }
    }

    /// `--explain A B`: the product search and its report.
    func runExplain(_ program: Program) throws {
        let names = try options.variants(explain, of: program)
        guard names.count == 2 else { throw CommandError.error("--explain names \(names[0]) twice; name two variants") }
        let (a, b) = (try program.model(variant: names[0]), try program.model(variant: names[1]))
        let watch = Stopwatch()
        let result: ProductResult
        do {
            let search = try ProductSearch(first: a, second: b)
            search.stop = Interrupts.stop
            search.maxPairs = maxPairs
            search.deadline = engineOptions.timeLimit.map { ContinuousClock.now + .seconds($0) }
            Interrupts.watchMemory(limit: engineOptions.memoryLimit)
            result = try search.run()
        } catch {
            throw CommandError.error(error.message)
        }
        let report = DistinctionReport(
            modelPath: options.model, first: names[0], second: names[1], result: result, renderer: TraceRenderer(model: a))
        switch output {
        case .json: printJSON(report.json())
        case .text, .markdown: print(report.text())
        }
        if output != .json {
            Output.error(
                String(
                    format: "explored in %.1fs, peak memory %@", watch.elapsed.inSeconds,
                    Memory.format(bytes: Memory.peakResidentBytes())))
        }
        if report.exitStatus != .success { throw CommandError.exit(report.exitStatus) }
    }

    /// The variants to check, in column order, and each patch with its base.
    func plan(_ program: Program) throws -> (columns: [String], pairs: [(patch: String, base: String)]) {
        if !variant.isEmpty {
            let named = try options.variants(variant, of: program)
            guard named.count > 1 else { throw CommandError.error("--variant names \(named[0]) twice; name two variants") }
            return (named, named.dropFirst().map { ($0, named[0]) })
        }
        let pairs = program.ownVariants.compactMap { v in v.base.map { (patch: v.name, base: $0) } }
        guard !pairs.isEmpty else {
            throw CommandError.error(
                "\(options.model) declares no variant that extends another; name the variants to compare with "
                    + "--variant A --variant B (the model's: \(program.variantNames.joined(separator: ", ")))")
        }
        let wanted = Set(pairs.flatMap { [$0.patch, $0.base] })
        return (program.variantNames.filter { wanted.contains($0) }, pairs)
    }
}
