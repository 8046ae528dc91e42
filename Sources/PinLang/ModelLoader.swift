import Foundation

/// Reads a model file and, transitively, the files it imports. Imports are confined to the
/// folder trees of the model loaded, of the current folder and of `allowedFolders`
/// (`confine(to:)`): a model cannot make the tool read, and echo in a diagnostic, any file
/// on the system. A file imported that does not begin with `model` is reported without
/// its text.
public struct ModelLoader {
    /// Every file read, imports before the files that import them, and their texts for diagnostics.
    public private(set) var files: [SourceFile] = []
    public private(set) var sources: [String: String] = [:]
    /// Folders whose trees imports may also read (`--allow-imports-from`).
    public var allowedFolders: [String] = []
    /// The canonical folders imports may read: the loaded model's, then `allowedFolders`.
    private var roots: [String] = []

    public init(allowedFolders: [String] = []) {
        self.allowedFolders = allowedFolders
    }

    /// Loads `path` and its imports. Throws every diagnostic found (unreadable files, syntax
    /// errors, import cycles).
    public mutating func load(path: String) throws(DiagnosticError) {
        confine(to: path)
        var diagnostics: [Diagnostic] = []
        var visiting: [String] = []
        var done: Set<String> = []
        load(path: path, from: nil, visiting: &visiting, done: &done, diagnostics: &diagnostics)
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
    }

    /// Loads a model held in memory (for tests and tools); imports are resolved against `path`'s folder.
    public mutating func load(text: String, path: String) throws(DiagnosticError) {
        confine(to: path)
        var diagnostics: [Diagnostic] = []
        var visiting: [String] = []
        var done: Set<String> = []
        parse(text: text, path: path, visiting: &visiting, done: &done, diagnostics: &diagnostics)
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
    }

    private mutating func load(
        path: String, from importer: Import?, visiting: inout [String], done: inout Set<String>,
        diagnostics: inout [Diagnostic]
    ) {
        let key = Self.canonical(path)
        if done.contains(key) { return }
        if visiting.contains(key) {
            let cycle = (visiting.drop { $0 != key } + [key]).map { ($0 as NSString).lastPathComponent }
            diagnostics.append(
                .error(
                    "import cycle: \(cycle.joined(separator: " -> "))",
                    at: importer?.range ?? SourceRange(at: SourceLocation(file: path, line: 1, column: 1))))
            return
        }
        if visiting.count >= ModelLimits.maximumImportChain {
            diagnostics.append(
                .error(
                    "'\((path as NSString).lastPathComponent)' is imported through a chain of more than "
                        + "\(ModelLimits.maximumImportChain) files",
                    at: importer?.range ?? SourceRange(at: SourceLocation(file: path, line: 1, column: 1))))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let message =
                FileManager.default.fileExists(atPath: path) ? "cannot read '\(path)'" : Self.missing(path)
            diagnostics.append(.error(message, at: importer?.range ?? SourceRange(at: .wholeFile(path))))
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(
                .error(
                    "'\(path)' is not UTF-8 text",
                    at: importer?.range ?? SourceRange(at: SourceLocation(file: path, line: 1, column: 1))))
            return
        }
        if let importer, !Self.beginsWithModel(text) {
            diagnostics.append(
                .error("'\(importer.path)' is not a model file: it does not begin with 'model'", at: importer.range))
            return
        }
        parse(text: text, path: path, visiting: &visiting, done: &done, diagnostics: &diagnostics)
    }

    private mutating func parse(
        text: String, path: String, visiting: inout [String], done: inout Set<String>,
        diagnostics: inout [Diagnostic]
    ) {
        let key = Self.canonical(path)
        sources[path] = text
        let file: SourceFile
        do {
            file = try Parser.parse(text, path: path)
        } catch {
            diagnostics += error.diagnostics
            done.insert(key)
            return
        }
        visiting.append(key)
        let folder = (path as NSString).deletingLastPathComponent
        for item in file.imports {
            let target = item.path.hasPrefix("/") ? item.path : (folder.isEmpty ? item.path : folder + "/" + item.path)
            guard isAllowed(target) else {
                diagnostics.append(
                    .error(
                        "import '\(item.path)' is outside the model's folder \(roots[0]) and the current folder; "
                            + "imports are confined to them unless --allow-imports-from names another folder",
                        at: item.range))
                continue
            }
            load(path: target, from: item, visiting: &visiting, done: &done, diagnostics: &diagnostics)
        }
        visiting.removeLast()
        done.insert(key)
        files.append(file)
    }

    /// The roots for a model at `path`: its folder; the current folder, where the user
    /// works (so that `models/patches/fix.pin` may import `../gup_cow.pin` when run from
    /// the project), unless that is `/` or the home folder, which would allow everything;
    /// then `allowedFolders`.
    private mutating func confine(to path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let current = Self.canonical(FileManager.default.currentDirectoryPath)
        let wide = ["/", Self.canonical(NSHomeDirectory())]
        roots =
            [Self.canonical(folder.isEmpty ? "." : folder)] + (wide.contains(current) ? [] : [current])
            + allowedFolders.map(Self.canonical)
    }

    /// Whether `path`, symbolic links resolved, lies in one of the roots' trees.
    private func isAllowed(_ path: String) -> Bool {
        let target = Self.canonical(path)
        return roots.contains { root in root == "/" || target == root || target.hasPrefix(root + "/") }
    }

    /// Whether the file's first word, after white space and comments, is `model`.
    private static func beginsWithModel(_ text: String) -> Bool {
        if case .keyword(.model)? = Lexer.scan(text, path: "").tokens.first?.kind { return true }
        return false
    }

    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// `no such model file 'x.pin' (looked in DIR; did you mean 'y.pin'?)`: the folder searched,
    /// as an absolute path, and the closest model file in it by name.
    static func missing(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            return "no such model file '\(path)' (no folder \(folder.path))"
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".pin") } ?? []
        let guess = Suggestion.closest(to: url.lastPathComponent, among: files.sorted()).map { "; did you mean '\($0)'?" }
        return "no such model file '\(path)' (looked in \(folder.path)\(guess ?? ""))"
    }
}

/// A parsed and checked program with the texts of its files (for rendering diagnostics).
public struct LoadedProgram: Sendable {
    public var program: Program
    public var sources: [String: String]

    /// Reads `path` and its imports, gathers the declarations and checks every variant.
    /// Throws all diagnostics found, in source order.
    public static func load(path: String, allowingImportsFrom folders: [String] = []) throws(DiagnosticError)
        -> LoadedProgram
    {
        var loader = ModelLoader(allowedFolders: folders)
        do {
            try loader.load(path: path)
        } catch {
            throw DiagnosticError(error.diagnostics, sources: loader.sources)
        }
        return try check(loader)
    }

    /// As `load(path:)`, for a model held in memory.
    public static func load(text: String, path: String) throws(DiagnosticError) -> LoadedProgram {
        var loader = ModelLoader()
        do {
            try loader.load(text: text, path: path)
        } catch {
            throw DiagnosticError(error.diagnostics, sources: loader.sources)
        }
        return try check(loader)
    }

    private static func check(_ loader: ModelLoader) throws(DiagnosticError) -> LoadedProgram {
        let program: Program
        do {
            program = try Program(files: loader.files)
        } catch {
            throw DiagnosticError(error.diagnostics, sources: loader.sources)
        }
        let diagnostics = program.checkAllVariants()
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics, sources: loader.sources) }
        return LoadedProgram(program: program, sources: loader.sources)
    }
}
