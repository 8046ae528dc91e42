import ArgumentParser
import Foundation
import PinExplicit
import PinLang
import PinReport

/// `pincheck run MODEL`: run a scenario on one variant, or every scenario on every variant.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario (a concrete operation sequence) and compare it with the kernel's documented behaviour.",
        discussion: """
            With --scenario, applies the scenario's steps from the initial state of one variant \
            and prints the run as a trace, each invariant's result along it, and the variant's \
            documented outcome. Exit status 0 no invariant violated, 1 some violated, 2 usage \
            or model error, 3 the run was blocked, faulted or a repeat did not terminate. \
            With --table, runs every scenario on every variant and prints the scenario × \
            variant table; exit status 0 when every run has a documented outcome and matches \
            it, 1 otherwise.
            """)

    @OptionGroup var options: ModelOptions

    @Option(
        help: ArgumentHelp(
            "The variant to run on (default: the model's only variant).",
            discussion: "With --table: a column to show (repeatable; default: every variant)."))
    var variant: [String] = []

    @Option(help: "The scenario to run.")
    var scenario: String?

    @Flag(help: "Run every scenario on every variant and print the table.")
    var table = false

    @Option(help: "The table's format: text or markdown (with --table; default text).")
    var format: TableFormat?

    @Flag(help: "Print the run (or with --table, the table) as JSON (docs/json.md).")
    var json = false

    /// The formats `--format` selects.
    enum TableFormat: String, ExpressibleByArgument, CaseIterable {
        case text, markdown
    }

    func validate() throws {
        if table && scenario != nil { throw ValidationError("--table runs every scenario; it takes no --scenario") }
        if json && format != nil { throw ValidationError("--json and --format print different things; choose one") }
        if !table && variant.count > 1 { throw ValidationError("a scenario runs on one variant; give --variant once") }
        if !table && format != nil { throw ValidationError("--format applies to --table only") }
    }

    func run() throws {
        let loaded = try options.load()
        let program = loaded.program
        if table {
            try runTable(program)
            return
        }
        let names = program.scenarios.map(\.name.name)
        guard let scenarioName = scenario else {
            let declared = names.isEmpty ? "declares no scenarios" : "declares \(names.joined(separator: ", "))"
            throw CommandError.error(
                "choose a scenario with --scenario (or run them all with --table); \(options.model) \(declared)")
        }
        guard names.contains(scenarioName) else {
            throw unknown("scenario", scenarioName, in: options.model, declared: names)
        }
        let variants = program.variantNames
        let chosen: String
        if let variant = variant.first {
            chosen = try options.variants([variant], of: program)[0]
        } else if variants.count == 1 {
            chosen = variants[0]
        } else {
            throw CommandError.error(
                "\(options.model) has several variants; choose one with --variant: \(variants.joined(separator: ", "))")
        }
        let model = try program.model(variant: chosen)
        guard let resolved = model.scenarios.first(where: { $0.name == scenarioName }) else {
            throw unknown("scenario", scenarioName, in: options.model, declared: names)
        }
        let report = ScenarioReport(model: model, scenario: resolved, run: ScenarioRunner(model: model).run(resolved))
        let renderer = TraceRenderer(explaining: model, of: program)
        if json {
            var document = JSONDocument.envelope(verb: "run", exitStatus: report.run.exitStatus)
            document["model_file"] = options.model
            document["run"] = report.json(renderer: renderer)
            printJSON(document)
        } else {
            print(report.text(renderer: renderer, sources: DiagnosticRenderer(sources: loaded.sources)))
        }
        if report.run.exitStatus != .success { throw CommandError.exit(report.run.exitStatus) }
    }

    /// Every scenario on every variant, as a table.
    func runTable(_ program: Program) throws {
        if program.scenarios.isEmpty && !json {
            print("\(options.model) declares no scenarios")
            return
        }
        let models = try options.variants(variant, of: program).map { try program.model(variant: $0) }
        let table = ScenarioTable(modelPath: options.model, models: models, runs: ScenarioRunner.runAll(models))
        if json {
            printJSON(table.json())
        } else {
            print((format ?? .text) == .markdown ? table.markdown() : table.text())
        }
        if table.exitStatus != .success { throw CommandError.exit(table.exitStatus) }
    }
}
