/// Content hashes that tie a proof certificate to what it proves: `LoadedProgram.sourceHash`
/// changes with any byte of the model's files, `Model.fingerprint` only with what one
/// variant means (its state, actions, functions, invariants and initial state), so that
/// `recheck` can say which of the two changed.
extension Model {
    /// SHA-256 of the resolved variant with source positions and scenarios left out: a
    /// comment, a moved declaration or an edit to another variant leaves it as it is.
    public var fingerprint: String {
        var resolved = self
        resolved.scenarios = []
        var text = ""
        Self.describe(resolved, into: &text)
        return SHA256.hex(text)
    }

    /// Writes `value` as nested labelled fields, skipping source ranges and ordering the
    /// entries of dictionaries and sets (whose iteration order changes from run to run).
    private static func describe(_ value: Any, into text: inout String) {
        if value is SourceRange || value is SourceLocation { return }
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty {
            text += "\(type(of: value)):\(String(describing: value));"
            return
        }
        var parts: [String] = []
        for child in mirror.children {
            if child.value is SourceRange || child.value is SourceLocation { continue }
            var part = (child.label ?? "_") + "="
            describe(child.value, into: &part)
            parts.append(part)
        }
        if mirror.displayStyle == .dictionary || mirror.displayStyle == .set { parts.sort() }
        text += "\(type(of: value))(" + parts.joined(separator: ",") + ")"
    }
}

extension LoadedProgram {
    /// SHA-256 over the texts of the model's files (the model and what it imports), each
    /// preceded by its file name, in name order.
    public var sourceHash: String {
        let named = sources.map { path, text in (name: path.split(separator: "/").last.map(String.init) ?? path, text: text) }
        return SHA256.hex(named.sorted { $0.name < $1.name }.map { "\($0.name)\n\($0.text.utf8.count)\n\($0.text)" }.joined())
    }
}
