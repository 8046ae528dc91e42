import ArgumentParser
import Foundation

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
            limit was reached, or a solver answered unknown).
            """,
        subcommands: [CheckCommand.self, RunCommand.self, ListCommand.self, RecheckCommand.self, ProveCommand.self])

    /// Runs the command, mapping argument errors to exit status 2 as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            if status == .success {
                exit(withError: error)  // --help, --version
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
