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
    let guess = Suggestion.closest(to: name, among: declared).map { "did you mean '\($0)'? " } ?? ""
    return .error("unknown \(what) '\(name)'; \(guess)\(model) \(list)")
}

/// Prints `object` on stdout as pretty JSON with sorted keys (the one format of `--json`).
func printJSON(_ object: Any) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else {
        return
    }
    print(String(decoding: data, as: UTF8.self))
}

extension Diagnostic {
    /// The diagnostic as `--json` prints it.
    var json: [String: Any] {
        [
            "file": range.start.file, "line": range.start.line, "column": range.start.column,
            "severity": severity.rawValue, "message": message,
        ]
    }
}

/// An error as a person reads it. Foundation's file errors print as `Error Domain=
/// NSCocoaErrorDomain Code=4 …`; this gives the path and the system's reason instead,
/// e.g. `'/proc/x': No such file or directory`.
func describe(_ error: Error) -> String {
    let ns = error as NSError
    guard ns.domain == NSCocoaErrorDomain else { return "\(error)" }
    let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
    var reason = ns.localizedDescription
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? Error {
        let posix = underlying as NSError
        reason = posix.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(posix.code))) : describe(underlying)
    }
    return path.map { "'\($0)': \(reason)" } ?? reason
}

/// Where the tool writes: results on stdout, diagnostics and progress on stderr.
enum Output {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
