import ArgumentParser
import Foundation
import PinExplicit
import PinLang

/// `pincheck export --promela MODEL --variant V`: the variant as Promela for SPIN.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model variant in another checker's language (Promela, for SPIN).",
        discussion: """
            --promela: one process looping over one d_step per action instance, the model's \
            guards, bodies and invariants in C (c_expr, c_code), the state as one c_state of \
            packed words. SPIN stores exactly the states pincheck stores; its transitions \
            (stored + matched) are pincheck's plus one, the initial state. An invariant broken \
            after a step, or a fault, is a SPIN error, reported once per invariant (pan -c0 \
            goes on after it); breadth first (-DBFS), "at depth N" means a shortest \
            counterexample of N + 1 steps. \
            Verify with: spin -a FILE && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c && \
            ./pan -m10000000 (add -DBFS for breadth-first). This gives SPIN's swarm and \
            multi-core modes to models that outgrow one machine.
            """)

    @OptionGroup var options: ModelOptions

    @Flag(help: "Write Promela (the only language so far).")
    var promela = false

    @Option(help: "The variant to export.")
    var variant: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the file here instead of standard output.", valueName: "FILE"))
    var output: String?

    func validate() throws {
        guard promela else { throw ValidationError("say which language: --promela") }
    }

    func run() throws {
        let loaded = try options.load()
        let model = try loaded.program.model(variant: try options.variants([variant], of: loaded.program)[0])
        let export = PromelaExport.export(model, modelFile: options.model)
        for warning in export.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        guard let output else {
            print(export.text, terminator: "")
            return
        }
        do {
            try export.text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw CommandError.error("cannot write '\(output)': \(describe(error))")
        }
    }
}
