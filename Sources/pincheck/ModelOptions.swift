import ArgumentParser
import Foundation
import PinLang

/// The model file argument shared by every verb, and loading it.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The model file (.pin).", completion: .file(extensions: ["pin"]))
    var model: String

    @Option(
        name: .customLong("allow-imports-from"),
        help: ArgumentHelp(
            "A folder whose files the model may also import (repeatable).",
            discussion: "Imports are confined to the model's own folder tree by default.", valueName: "DIR"))
    var allowedImportFolders: [String] = []

    init() {}

    /// Options made in code (a model named by an obligations file): every property wrapper
    /// must be given its value, or reading it traps.
    init(model: String, allowedImportFolders: [String] = []) {
        self.model = model
        self.allowedImportFolders = allowedImportFolders
    }

    /// How many diagnostics a model that does not load prints (`--json` gives every one).
    static let diagnosticsShown = 50

    /// Loads and checks the model; throws its diagnostics, as `file:line:col: error: …`
    /// (and, for `--json`, as the error's `diagnostics`).
    func load() throws -> LoadedProgram {
        do {
            return try LoadedProgram.load(path: model, allowingImportsFrom: allowedImportFolders)
        } catch {
            let renderer = DiagnosticRenderer(sources: error.sources)
            // The first ones are what a person reads; thousands (a file of duplicated lines)
            // would bury the count.
            let shown = error.diagnostics.prefix(Self.diagnosticsShown)
            var text = shown.map { renderer.render($0) }.joined(separator: "\n")
            if error.diagnostics.count > shown.count {
                text += "\n… and \(error.diagnostics.count - shown.count) more not shown"
            }
            let count = error.diagnostics.filter { $0.severity == .error }.count
            let summary = "\(count) error\(count == 1 ? "" : "s") in \(model)"
            throw CommandError(
                message: text + "\n" + summary, status: .error, diagnostics: error.diagnostics,
                summary: "the model does not load: " + summary)
        }
    }

    /// The variants named, each checked to be one of the program's (every variant when none is named).
    func variants(_ names: [String], of program: Program) throws -> [String] {
        for name in names where !program.variantNames.contains(name) {
            throw unknown("variant", name, in: model, declared: program.variantNames)
        }
        return names.isEmpty ? program.variantNames : unique(names)
    }

    /// The invariants named, each checked to be one of the model's (nil, for every one, when none is named).
    func invariants(_ names: [String], of resolved: Model) throws -> [String]? {
        for name in names where resolved.invariant(named: name) == nil {
            throw unknown("invariant", name, in: model, declared: resolved.invariants.map(\.name))
        }
        return names.isEmpty ? nil : unique(names)
    }

    /// `names` without repeats, in the order first given (a name given twice is checked once).
    private func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
