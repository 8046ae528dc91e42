import ArgumentParser
import Foundation
import PinLang

/// The `pincheck` command: a model checker for Linux page pinning and copy-on-write rules.
@main
struct Pincheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pincheck",
        abstract: "Model checker for the Linux kernel's page-pinning (GUP) and copy-on-write rules.",
        discussion: """
            Exit status: 0 every checked invariant holds; 1 an invariant is violated (or a \
            deadlock was found with --deadlock); 2 usage error, or an error in the model \
            (syntax, types, or a runtime fault found while exploring); 3 no verdict (a search \
            limit was reached, a solver answered unknown, or the run was interrupted).
            """,
        version: "pincheck 0.1.0",
        subcommands: [
            CheckCommand.self, CompareCommand.self, RunCommand.self, ListCommand.self, RecheckCommand.self, ProveCommand.self,
            MutateCommand.self,
        ])

    /// The verbs, as typed.
    static var verbs: [String] { configuration.subcommands.map { $0.configuration.commandName ?? "" } }

    /// Runs the command: the one place that prints a command's error and maps it to the
    /// exit status.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }  // --help, --version
            let arguments = CommandLine.arguments.dropFirst()
            if let verb = arguments.first, !verb.hasPrefix("-"), !verbs.contains(verb) {
                let guess = Suggestion.closest(to: verb, among: verbs).map { "did you mean '\($0)'? " } ?? ""
                Output.error("error: unknown command '\(verb)'; \(guess)the commands are \(verbs.joined(separator: ", "))")
            } else {
                Output.error(fullMessage(for: error))  // a usage error
            }
            Foundation.exit(ExitStatus.error.rawValue)
        }
        Interrupts.install()
        do {
            try command.run()
        } catch let failure as CommandError {
            if !failure.message.isEmpty { Output.error(failure.message) }
            Foundation.exit(failure.status.rawValue)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch  where exitCode(for: error) == .success {
            exit(withError: error)  // --help and --version, which parse as a command that prints them
        } catch let invalid as ValidationError {
            Output.error(fullMessage(for: invalid))
            Foundation.exit(ExitStatus.error.rawValue)
        } catch {
            // What a command did not anticipate, such as a Z3 failure or a file that
            // cannot be written.
            Output.error("error: \(describe(error))")
            Foundation.exit(ExitStatus.error.rawValue)
        }
    }
}
