import ArgumentParser
import Foundation
import PinExplicit
import PinLang
import PinReport

/// `pincheck repro MODEL --variant V (--scenario S | --invariant I)`: a C reproducer.
struct ReproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repro",
        abstract: "Write a C program that performs a scenario or a counterexample on a real kernel.",
        discussion: """
            The program performs each step of the scenario's run (or of the shortest \
            counterexample of --invariant) in the variant, as the model's table says \
            (MODEL with .repro for .pin, e.g. models/gup_cow.repro), one commented block per \
            step, and prints PASS or FAIL for each invariant the table observes. A step the \
            table cannot perform makes the program print SKIP with the reason. Long-term and \
            short-term pins go through the test module kernel/pintest. Compile with \
            gcc -Wall -Werror -static -I kernel/repro -I kernel/pintest; scripts/kernel-oracle.sh \
            runs every reproducer on Linux 6.1 and 6.12 under QEMU.
            """)

    @OptionGroup var options: ModelOptions

    @Option(help: "The variant whose rules the steps follow.")
    var variant: String

    @Option(help: "The scenario to reproduce.")
    var scenario: String?

    @Option(help: "The invariant whose shortest counterexample to reproduce.")
    var invariant: String?

    @Option(help: "The name the program prints on each line (default: the scenario, or VARIANT_INVARIANT).")
    var title: String?

    @Option(name: .customLong("table"), help: ArgumentHelp("The table of C (default: the model's .repro).", valueName: "FILE"))
    var tablePath: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the program here instead of standard output.", valueName: "FILE"))
    var output: String?

    func validate() throws {
        if (scenario == nil) == (invariant == nil) { throw ValidationError("give --scenario or --invariant, one of them") }
    }

    func run() throws {
        let loaded = try options.load()
        let model = try loaded.program.model(variant: try options.variants([variant], of: loaded.program)[0])
        let path = tablePath ?? (options.model.hasSuffix(".pin") ? String(options.model.dropLast(4)) : options.model) + ".repro"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CommandError.error("cannot read the table '\(path)' (give one with --table)")
        }
        let table: ReproTable
        do {
            table = try ReproTable.parse(text, path: path)
        } catch let error as DiagnosticError {
            let renderer = DiagnosticRenderer(sources: error.sources)
            throw CommandError(
                message: error.diagnostics.map { renderer.render($0) }.joined(separator: "\n"), status: .error,
                diagnostics: error.diagnostics, summary: "\(path) is not a well-formed table")
        }
        let (trace, defaultTitle) = try self.trace(model)
        let title = self.title ?? defaultTitle
        let origin =
            (["pincheck repro", options.model, "--variant", variant]
            + (scenario.map { ["--scenario", $0] } ?? ["--invariant", invariant ?? ""])).joined(separator: " ")
        let program = Reproducer.program(
            trace, table: table, tablePath: path, variant: model.variant, title: title, origin: origin)
        if let output {
            do {
                try program.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CommandError.error("cannot write '\(output)': \(describe(error))")
            }
        } else {
            print(program, terminator: "")
        }
    }

    /// The steps to perform and the title the program prints: the scenario's run, or the
    /// shortest counterexample of the invariant.
    func trace(_ model: Model) throws -> (Trace, String) {
        if let scenario {
            guard let resolved = model.scenarios.first(where: { $0.name == scenario }) else {
                throw unknown("scenario", scenario, in: options.model, declared: model.scenarios.map(\.name))
            }
            return (ScenarioRunner(model: model).run(resolved).trace, scenario)
        }
        let names = try options.invariants([invariant ?? ""], of: model)
        var explorer = Explorer(model: model)
        explorer.stop = Interrupts.stop
        let result = explorer.run(invariants: names)
        guard case .violated(let trace)? = result.verdicts.first?.verdict else {
            let verdict = result.verdicts.first?.verdict.name ?? "not decided"
            throw CommandError.error("\(invariant ?? "") \(verdict) in \(model.variant): no counterexample to reproduce")
        }
        return (trace, "\(model.variant)_\(invariant ?? "")")
    }
}
