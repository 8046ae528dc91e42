import ArgumentParser
import PinLang
import PinReport

/// `pincheck list MODEL`: what a model declares.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a model's variants, actions, invariants and state variables.")

    @OptionGroup var options: ModelOptions

    @Option(help: "Show actions as resolved in this variant (default: the first).")
    var variant: String?

    @Flag(help: "Print the list as JSON (docs/json.md).")
    var json = false

    func run() throws {
        let loaded = try options.load()
        if let variant { _ = try options.variants([variant], of: loaded.program) }
        let summary = ModelSummary(program: loaded.program, variant: variant)
        if json {
            let document = summary.json(modelPath: options.model)
            printJSON(document)
            if let status = document["exit_status"] as? Int, status != 0 { throw CommandError.exit(.error) }
        } else {
            print(summary.text())
        }
    }
}
