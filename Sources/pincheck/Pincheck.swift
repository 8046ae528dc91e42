import ArgumentParser
import Foundation
import PinLang
import PinReport

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
            MutateCommand.self, ReproCommand.self, ExportCommand.self,
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
            let message: String
            if let verb = arguments.first, !verb.hasPrefix("-"), !verbs.contains(verb) {
                let guess = Suggestion.closest(to: verb, among: verbs).map { "did you mean '\($0)'? " } ?? ""
                message = "error: unknown command '\(verb)'; \(guess)the commands are \(verbs.joined(separator: ", "))"
            } else {
                message = fullMessage(for: error)  // a usage error
            }
            Output.error(message)
            if arguments.contains("--json") || arguments.contains("--format=json") {
                let verb = arguments.first.map { verbs.contains($0) ? $0 : "" } ?? ""
                let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
                printJSON(
                    errorDocument(verb: verb, status: .error, message: firstLine.replacingOccurrences(of: "Error: ", with: "")))
            }
            Foundation.exit(ExitStatus.error.rawValue)
        }
        Interrupts.install()
        do {
            try command.run()
        } catch let failure as CommandError {
            if !failure.message.isEmpty {
                Output.error(failure.message)
                report(failure.summary ?? failure.message, failure.status, failure.diagnostics, of: command)
            }
            Foundation.exit(failure.status.rawValue)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch  where exitCode(for: error) == .success {
            exit(withError: error)  // --help and --version, which parse as a command that prints them
        } catch let invalid as ValidationError {
            Output.error(fullMessage(for: invalid))
            report(invalid.message, .error, [], of: command)
            Foundation.exit(ExitStatus.error.rawValue)
        } catch {
            // What a command did not anticipate, such as a Z3 failure or a file that
            // cannot be written.
            Output.error("error: \(describe(error))")
            report(describe(error), .error, [], of: command)
            Foundation.exit(ExitStatus.error.rawValue)
        }
    }

    /// Under `--json`, an error is also a JSON document on stdout, so that a program reading
    /// the output always gets one.
    private static func report(_ message: String, _ status: ExitStatus, _ diagnostics: [Diagnostic], of command: ParsableCommand)
    {
        guard let json = command as? JSONCommand, json.printsJSON, !JSONPrinted.flag else { return }
        let verb = type(of: command).configuration.commandName ?? ""
        printJSON(errorDocument(verb: verb, status: status, message: message, diagnostics: diagnostics))
    }
}
