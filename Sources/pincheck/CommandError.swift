import ArgumentParser
import Foundation
import PinLang
import PinReport

/// A command's failure: the text to print on stderr (as it stands) and the exit status.
/// Commands throw it; `Pincheck.main` prints it and exits, the one place that does.
struct CommandError: Error {
    var message: String
    var status: ExitStatus
    /// The model's diagnostics, when the error is that it does not load (for `--json`).
    var diagnostics: [Diagnostic] = []
    /// One line for `--json`'s `error` when `message` is the diagnostics' rendering.
    var summary: String?

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
    guard
        let data = try? JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else {
        return
    }
    print(String(decoding: data, as: UTF8.self))
    JSONPrinted.flag = true
}

/// Whether a run printed its JSON document: an error after it (an interrupt) prints none,
/// so that stdout stays one document. Set on the main thread only.
enum JSONPrinted {
    nonisolated(unsafe) static var flag = false
}

extension Diagnostic {
    /// The diagnostic as `--json` prints it: where it starts and ends (no line and column
    /// for one about a whole file, such as a missing one), and its notes.
    var json: [String: Any] {
        var o: [String: Any] = [
            "file": range.start.file, "severity": severity.rawValue, "message": message,
            "notes": notes.map { ["message": $0.message, "location": $0.range.start.json] as [String: Any] },
        ]
        if range.start.line > 0 {
            o["line"] = range.start.line
            o["column"] = range.start.column
            o["end_line"] = range.end.line
            o["end_column"] = range.end.column
        }
        return o
    }
}

/// A command with a `--json` output: its errors are JSON documents on stdout too.
protocol JSONCommand {
    var printsJSON: Bool { get }
}

/// The JSON document of a command that failed: the envelope, the error in one line, and the
/// model's diagnostics (empty when the error is not the model's).
func errorDocument(verb: String, status: ExitStatus, message: String, diagnostics: [Diagnostic] = []) -> [String: Any] {
    var document = JSONDocument.envelope(verb: verb, exitStatus: status)
    var text = message
    if text.hasPrefix("error: ") { text.removeFirst("error: ".count) }
    document["error"] = text
    document["diagnostics"] = diagnostics.map(\.json)
    return document
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

extension CheckCommand: JSONCommand { var printsJSON: Bool { output == .json } }
extension RunCommand: JSONCommand { var printsJSON: Bool { json } }
extension MutateCommand: JSONCommand { var printsJSON: Bool { json } }
extension CompareCommand: JSONCommand { var printsJSON: Bool { output == .json } }
extension ListCommand: JSONCommand { var printsJSON: Bool { json } }
extension ProveCommand: JSONCommand { var printsJSON: Bool { json } }
extension RecheckCommand: JSONCommand { var printsJSON: Bool { json } }
