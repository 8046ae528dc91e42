import ArgumentParser
import Foundation
import PinLang
import PinReport

/// `pincheck check MODEL`: decide invariants of one or every variant.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a model's invariants and print verdicts, counts and counterexample traces.",
        discussion: """
            By default explores every reachable state breadth-first on all cores, so a \
            counterexample is a shortest one. Without --variant every variant of the model is \
            checked; without --invariant every invariant. A search stopped by a limit or by \
            Ctrl-C reports 'incomplete', never 'holds'.
            """)

    @OptionGroup var options: ModelOptions

    @Option(help: "The variant to check (repeatable; default: every variant).")
    var variant: [String] = []

    @Option(help: "The invariant to check (repeatable; default: every invariant).")
    var invariant: [String] = []

    @OptionGroup(title: "Engine options") var engineOptions: EngineOptionGroup

    @Option(help: ArgumentHelp("Where --engine pdr writes certificates (MODEL/VARIANT/INVARIANT/).", valueName: "DIR"))
    var certificates: String = "proofs/certificates"

    @Flag(
        help: ArgumentHelp(
            "Also report what the reachable states never exercise.",
            discussion: """
                Explores each variant in full (the explicit engine, whatever --engine) and runs \
                every invariant and action instance in every reachable state: action instances \
                never enabled, functions, procedures and actions never run, if branches never \
                taken (overrides marked with their variant), and implications in invariants \
                whose premise never holds (the invariant holds vacuously there).
                """))
    var coverage = false

    @Flag(
        help: ArgumentHelp(
            "Show every fn and proc call under each step of a counterexample.",
            discussion: """
                By default a counterexample's steps show the calls of the rules that some variant \
                overrides (gup_must_unshare(), do_wp_page(), …), with their arguments, result, the \
                variant whose definition ran and its line. JSON always has every call.
                """))
    var calls = false

    @Flag(help: "Print the result as JSON (docs/json.md); the same as --format json.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "The output: text, json, markdown, html, dot or svg.",
            discussion: """
                markdown: the verdicts and each counterexample as a numbered list for a patch mail. \
                html: one self-contained page (no script, no network) with each counterexample as a \
                table, one column per process, the changed cells highlighted and the call tree \
                folded under each step. dot: each counterexample as a Graphviz timeline; svg: the \
                same drawn by Graphviz's dot (which must be installed).
                """))
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown, html, dot, svg
    }

    /// What to print: `--format`, or JSON for `--json`.
    var output: OutputFormat { json ? .json : format }

    @Option(
        help: ArgumentHelp(
            "Print each counterexample as KIND instead of the report: 'scenario'.",
            discussion: """
                'scenario' prints one scenario block per counterexample, to paste into the model \
                (or a file that imports it): the trace's actions as plain steps, and one 'expect' \
                per outcome the model gives those steps in each variant. Verdicts and progress \
                stay on standard error; the exit status is the check's.
                """, valueName: "KIND"))
    var emit: EmitKind?

    enum EmitKind: String, ExpressibleByArgument, CaseIterable {
        case scenario
    }

    func validate() throws {
        if json && format != .text && format != .json {
            throw ValidationError("--json and --format \(format.rawValue) print different things; choose one")
        }
        if output == .json && emit != nil { throw ValidationError("--json and --emit print different things; choose one") }
        if output != .text && output != .json && emit != nil {
            throw ValidationError("--format \(format.rawValue) and --emit print different things; choose one")
        }
    }

    func run() throws {
        let loaded = try options.load()
        let variants = try options.variants(variant, of: loaded.program)
        var checks = VariantChecks(
            modelOptions: options, engineOptions: engineOptions, certificates: certificates, quiet: output == .json)
        checks.coverage = coverage
        checks.allCalls = calls
        let reports = try checks.run(loaded, variants: variants, invariants: invariant)
        if emit == .scenario {
            let blocks = try ScenarioEmission.blocks(for: reports.map(\.report), in: loaded)
            if blocks.isEmpty {
                Output.error("no counterexample to emit: no invariant checked was violated")
            } else {
                print(blocks.map(\.text).joined(separator: "\n\n"))
            }
            for (report, _) in reports {
                for (name, verdict) in report.verdicts {
                    Output.error("\(report.variant): \(name): \(verdict.name)")
                }
            }
        } else if output == .json {
            let status = Interrupts.status(ExitStatus.worst(of: reports.map(\.report.exitStatus)))
            var document = JSONDocument.envelope(verb: "check", exitStatus: status)
            document["model"] = loaded.program.name
            document["model_file"] = options.model
            document["engine"] = engineOptions.engine.rawValue
            document["variants"] = reports.map { $0.report.json(renderer: $0.renderer) }
            printJSON(document)
        } else {
            try print(render(reports, loaded))
        }
        try Interrupts.finish(checked: reports.count, of: variants.count, "variant")
        let status = ExitStatus.worst(of: reports.map(\.report.exitStatus))
        if status != .success { throw CommandError.exit(status) }
    }

    /// The reports in a format other than JSON.
    func render(_ reports: [(report: CheckReport, renderer: TraceRenderer)], _ loaded: LoadedProgram) throws -> String {
        switch output {
        case .markdown: return MarkdownReport.render(reports, modelPath: options.model)
        case .html: return HTMLReport.render(reports, modelPath: options.model)
        case .dot: return DotTimeline.render(reports, modelPath: options.model)
        case .svg: return try Graphviz.svg(DotTimeline.render(reports, modelPath: options.model))
        case .text, .json:
            let sources = DiagnosticRenderer(sources: loaded.sources)
            return reports.map { $0.report.text(renderer: $0.renderer, sources: sources) }.joined(separator: "\n\n")
        }
    }
}
