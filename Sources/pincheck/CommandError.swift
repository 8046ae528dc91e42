import ArgumentParser
import Foundation
import PinLang

/// A command's failure: the text to print on stderr (as it stands) and the exit status.
/// Commands throw it; `Pincheck.main` prints it and exits, the one place that does.
struct CommandError: Error {
    var message: String
    var status: ExitStatus

    /// A usage or input error: `error: TEXT`, exit status 2.
    static func error(_ text: String) -> CommandError {
        CommandError(message: "error: \(text)", status: .error)
    }

    /// A run that printed its results and ends with `status` (nothing more to print).
    static func exit(_ status: ExitStatus) -> CommandError {
        CommandError(message: "", status: status)
    }
}

/// "unknown variant 'x'; MODEL declares a, b" — the message for a name a model lacks,
/// written once for variants, invariants and scenarios.
func unknown(_ what: String, _ name: String, in model: String, declared: [String]) -> CommandError {
    let list = declared.isEmpty ? "declares no \(what)s" : "declares \(declared.joined(separator: ", "))"
    return .error("unknown \(what) '\(name)'; \(model) \(list)")
}

/// Where the tool writes: results on stdout, diagnostics and progress on stderr.
enum Output {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
