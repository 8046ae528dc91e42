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

    func run() throws {
        let loaded = try options.load()
        if let variant { _ = try options.variants([variant], of: loaded.program) }
        print(ModelSummary(program: loaded.program, variant: variant).text())
    }
}
