import ArgumentParser
import Foundation
import PinLang

/// The model file argument shared by every verb, and loading it with diagnostics on stderr.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The model file (.pin).", completion: .file(extensions: ["pin"]))
    var model: String

    init() {}

    init(model: String) {
        self.model = model
    }

    /// Loads and checks the model; on errors prints them as `file:line:col: error: …` and exits 2.
    func load() throws -> LoadedProgram {
        do {
            return try LoadedProgram.load(path: model)
        } catch {
            let renderer = DiagnosticRenderer(sources: error.sources)
            let text = error.diagnostics.map { renderer.render($0) }.joined(separator: "\n")
            let count = error.diagnostics.filter { $0.severity == .error }.count
            Output.error(text + "\n\(count) error\(count == 1 ? "" : "s") in \(model)")
            throw ExitCode(2)
        }
    }
}

/// Where the tool writes: results on stdout, diagnostics and progress on stderr.
enum Output {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
