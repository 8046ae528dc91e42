/// All declarations of a model and its imports, gathered by name, with the variant graph.
/// `model(variant:)` resolves one variant into a checked `Model`.
public struct Program: Sendable {
    public var name: String
    public var variants: [VariantInfo]
    /// The implicit variant of a file that declares none.
    public static let implicitVariant = "base"

    var enums: [EnumDecl] = []
    var aliases: [TypeAliasDecl] = []
    var records: [RecordDecl] = []
    var constants: [Overridable<ConstDecl>] = []
    var variables: [VarDecl] = []
    var initializer: Block?
    var functions: [Overridable<FunctionDecl>] = []
    var procedures: [Overridable<ProcedureDecl>] = []
    var actions: [Overridable<ActionDecl>] = []
    var invariants: [InvariantDecl] = []
    /// Variants declared past `ModelLimits.maximumVariants` (only the first is reported).
    private var variantsPastTheLimit = 0
    /// The scenarios, in declaration order (imports first); they belong to every variant.
    public private(set) var scenarios: [ScenarioDecl] = []
    /// The files' paths in load order: every file after the files it imports.
    var fileOrder: [String] = []
    /// The model name each file declares, by path.
    var modelOfFile: [String: String] = [:]

    /// A declaration with its per-variant replacements.
    struct Overridable<Decl: Sendable>: Sendable {
        var name: String
        var base: Decl?
        var baseRange: SourceRange?
        var overrides: [(variant: Identifier, decl: Decl, range: SourceRange)] = []
    }

    /// Gathers the files' declarations, reporting duplicates and a malformed variant graph.
    public init(files: [SourceFile]) throws(DiagnosticError) {
        name = files.last?.modelName.name ?? "model"
        variants = []
        var names = DeclaredNames()
        var overrideDecls: [Declaration] = []
        fileOrder = files.map(\.path)
        modelOfFile = Dictionary(files.map { ($0.path, $0.modelName.name) }, uniquingKeysWith: { first, _ in first })
        for file in files {
            var skipped: Int?
            for (k, decl) in file.declarations.enumerated() where k != skipped {
                if let hint = overrideOnTheNextLine(decl, next: file.declarations.dropFirst(k + 1).first, names) {
                    // `variant V` then a newline: one error that says so, not two that do not.
                    if case .variant(let v) = decl.kind, !variants.contains(where: { $0.name == v.name.name }) {
                        gather(decl, &names)
                    }
                    names.diagnostics.append(hint)
                    skipped = k + 1
                } else if decl.variant != nil {
                    overrideDecls.append(decl)
                } else {
                    gather(decl, &names)
                }
            }
        }
        var diagnostics = names.diagnostics + variantGraphErrors()
        for decl in overrideDecls { diagnostics += applyOverride(decl) }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
    }

    /// The names declared so far, and the duplicates found.
    private struct DeclaredNames {
        var seen: [String: (kind: String, range: SourceRange)] = [:]
        var diagnostics: [Diagnostic] = []

        mutating func declare(_ id: Identifier, _ kind: String) {
            if let previous = seen[id.name] {
                diagnostics.append(
                    .error(
                        "'\(id.name)' is already declared as \(previous.kind)", at: id.range,
                        notes: [.init(message: "previous declaration of '\(id.name)' is here", range: previous.range)]))
            } else {
                seen[id.name] = (kind, id.range)
            }
        }
    }

    /// Adds a variant, unless it is a duplicate or one past `ModelLimits.maximumVariants`;
    /// the error it makes.
    private mutating func declare(_ v: VariantDecl) -> [Diagnostic] {
        if let previous = variants.first(where: { $0.name == v.name.name }) {
            return [
                .error(
                    "variant '\(v.name.name)' is already declared", at: v.name.range,
                    notes: [.init(message: "previous declaration is here", range: previous.range)])
            ]
        }
        guard variants.count < ModelLimits.maximumVariants else {
            variantsPastTheLimit += 1
            guard variantsPastTheLimit == 1 else { return [] }
            let message =
                "variant '\(v.name.name)' is one too many: a model declares at most \(ModelLimits.maximumVariants) variants"
            return [.error(message, at: v.name.range)]
        }
        variants.append(VariantInfo(name: v.name.name, base: v.base?.name, doc: v.doc, range: v.name.range))
        return []
    }

    /// Adds a declaration that is not a variant's override.
    private mutating func gather(_ decl: Declaration, _ names: inout DeclaredNames) {
        switch decl.kind {
        case .variant(let v):
            names.diagnostics += declare(v)
        case .enumeration(let e):
            names.declare(e.name, "an enum")
            for c in e.cases { names.declare(c, "an enum constant") }
            enums.append(e)
        case .typeAlias(let t):
            names.declare(t.name, "a type")
            aliases.append(t)
        case .flags(let t, let list):
            names.declare(t.name, "a type")
            aliases.append(t)
            for c in list {
                names.declare(c.name, "a constant")
                constants.append(Overridable(name: c.name.name, base: c, baseRange: c.name.range))
            }
        case .record(let r):
            names.declare(r.name, "a record")
            records.append(r)
        case .constants(let list):
            for c in list {
                names.declare(c.name, "a constant")
                constants.append(Overridable(name: c.name.name, base: c, baseRange: c.name.range))
            }
        case .variables(let list):
            for v in list {
                names.declare(v.name, "a state variable")
                variables.append(v)
            }
        case .initializer(let block):
            if initializer != nil {
                names.diagnostics.append(.error("a model has at most one 'init' block", at: decl.range))
            }
            initializer = block
        case .function(let f):
            names.declare(f.name, "a function")
            functions.append(Overridable(name: f.name.name, base: f, baseRange: f.name.range))
        case .procedure(let p):
            names.declare(p.name, "a procedure")
            procedures.append(Overridable(name: p.name.name, base: p, baseRange: p.name.range))
        case .action(let a):
            names.declare(a.name, "an action")
            actions.append(Overridable(name: a.name.name, base: a, baseRange: a.name.range))
        case .invariant(let i):
            names.declare(i.name, "an invariant")
            invariants.append(i)
        case .scenario(let scenario):
            // Scenario names are a namespace of their own: they never appear in expressions.
            if let previous = scenarios.first(where: { $0.name.name == scenario.name.name }) {
                names.diagnostics.append(
                    .error(
                        "scenario '\(scenario.name.name)' is already declared", at: scenario.name.range,
                        notes: [.init(message: "previous declaration is here", range: previous.name.range)]))
            } else {
                scenarios.append(scenario)
            }
        }
    }

    /// The variant graph's errors: a base that does not exist, a cycle.
    private func variantGraphErrors() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let variantNames = Set(variants.map(\.name))
        for v in variants {
            if let base = v.base, !variantNames.contains(base) {
                diagnostics.append(
                    .error(
                        "variant '\(v.name)' extends unknown variant '\(base)'"
                            + Suggestion.hint(for: base, among: variants.map(\.name)), at: v.range))
            }
        }
        let bases = baseOfVariant
        for v in variants {
            var chain: [String] = [v.name]
            var seen: Set<String> = [v.name]
            var current = v.base
            while let next = current, let base = bases[next] {
                if seen.contains(next) {
                    diagnostics.append(
                        .error(
                            "variant '\(v.name)' extends itself through \(chain.joined(separator: " -> ")) -> \(next)",
                            at: v.range))
                    break
                }
                chain.append(next)
                seen.insert(next)
                current = base
                if chain.count > Self.maximumVariantChain {
                    diagnostics.append(
                        .error(
                            "variant '\(v.name)' extends a chain of more than \(Self.maximumVariantChain) variants "
                                + "(\(chain.prefix(3).joined(separator: " -> ")) -> …); pincheck allows \(Self.maximumVariantChain)",
                            at: v.range))
                    break
                }
            }
        }
        return diagnostics
    }

    /// The longest chain of variants, each extending the next, that a model may declare
    /// (the kernel model's longest is 8): each variant is checked along its whole chain, so
    /// the cost of a model grows with the square of the chain's length.
    public static let maximumVariantChain = 100

    /// Each variant's base (nil for a root), by name: the chains are walked through this,
    /// in time linear in their length (a linear search per step made a chain of 800
    /// variants take seconds to check).
    private var baseOfVariant: [String: String?] {
        Dictionary(variants.map { ($0.name, $0.base) }, uniquingKeysWith: { first, _ in first })
    }

    /// `variant V` alone on its line, then on the next line a `fn`, `proc`, `action` or
    /// `const`, where V is already declared or the name is taken: an override split over two
    /// lines (a `variant V` of its own declares a variant). The error that says so, or nil.
    private func overrideOnTheNextLine(_ decl: Declaration, next: Declaration?, _ names: DeclaredNames) -> Diagnostic? {
        guard case .variant(let v) = decl.kind, v.base == nil, v.doc == nil, let next, next.variant == nil,
            next.range.start.line > v.name.range.end.line, let (keyword, name) = Self.overridable(next)
        else { return nil }
        let again = variants.contains(where: { $0.name == v.name.name })
        guard again || names.seen[name.name] != nil else { return nil }
        let what = again ? "declares variant '\(v.name.name)' again" : "declares a new variant '\(v.name.name)'"
        return .error(
            "'variant \(v.name.name)' on a line of its own \(what); to override "
                + "'\(name.name)' in it, write 'variant \(v.name.name) \(keyword) \(name.name)' on one line",
            at: v.name.range,
            notes: [.init(message: "the \(keyword) on the next line", range: name.range)])
    }

    /// The keyword and name of a declaration a variant can override.
    private static func overridable(_ decl: Declaration) -> (String, Identifier)? {
        switch decl.kind {
        case .function(let f): ("fn", f.name)
        case .procedure(let p): ("proc", p.name)
        case .action(let a): ("action", a.name)
        case .constants(let list): list.first.map { ("const", $0.name) }
        default: nil
        }
    }

    /// Records a variant's override of a declaration; the errors it makes.
    private mutating func applyOverride(_ decl: Declaration) -> [Diagnostic] {
        guard let variant = decl.variant else { return [] }
        guard variants.contains(where: { $0.name == variant.name }) else {
            let hint = Suggestion.hint(for: variant.name, among: variants.map(\.name))
            return [.error("unknown variant '\(variant.name)'\(hint)", at: variant.range)]
        }
        var diagnostics: [Diagnostic] = []
        let declaredAs = kinds
        func add<D>(_ list: inout [Overridable<D>], _ id: Identifier, _ d: D, _ kind: String) {
            guard let i = list.firstIndex(where: { $0.name == id.name }) else {
                diagnostics.append(
                    .error(
                        "variant '\(variant.name)' overrides \(kind) '\(id.name)', but the model declares no \(kind) of that name"
                            + Self.otherKind(declaredAs[id.name] ?? [], of: id.name, than: kind, in: variant.name)
                            + Suggestion.hint(for: id.name, among: list.map(\.name)),
                        at: id.range))
                return
            }
            if let previous = list[i].overrides.first(where: { $0.variant.name == variant.name }) {
                diagnostics.append(
                    .error(
                        "\(kind) '\(id.name)' is overridden twice in variant '\(variant.name)'", at: id.range,
                        notes: [.init(message: "previous override is here", range: previous.range)]))
                return
            }
            list[i].overrides.append((variant, d, id.range))
        }
        switch decl.kind {
        case .constants(let list):
            for c in list { add(&constants, c.name, c, "constant") }
        case .function(let f): add(&functions, f.name, f, "function")
        case .procedure(let p): add(&procedures, p.name, p, "procedure")
        case .action(let a): add(&actions, a.name, a, "action")
        default:
            diagnostics.append(
                .error(
                    "only 'const', 'fn', 'proc' and 'action' declarations can be overridden in a variant", at: decl.range))
        }
        return diagnostics
    }

    /// Per name, the kinds it is declared as (`function`, `procedure`, `action`, `constant`).
    private var kinds: [String: [String]] {
        var result: [String: [String]] = [:]
        for f in functions { result[f.name, default: []].append("function") }
        for p in procedures { result[p.name, default: []].append("procedure") }
        for a in actions { result[a.name, default: []].append("action") }
        for c in constants { result[c.name, default: []].append("constant") }
        return result
    }

    /// `; it declares a function of that name: use 'variant V fn NAME'` when `name` is declared
    /// (`declared`) as another kind than `kind`, or nothing.
    private static func otherKind(_ declared: [String], of name: String, than kind: String, in variant: String) -> String {
        let keywords = ["function": "fn", "procedure": "proc", "action": "action", "constant": "const"]
        guard let other = declared.first(where: { $0 != kind }), let keyword = keywords[other] else { return "" }
        let article = other == "action" ? "an" : "a"
        return "; it declares \(article) \(other) of that name: use 'variant \(variant) \(keyword) \(name)'"
    }

    /// Whether a scenario written in `file` knew variant `name` when it was written: the
    /// variant is declared in that file or in one loaded before it (the files it imports).
    /// A variant declared later, in a patch that imports the model, was not, and the
    /// scenario's `others` does not speak for it.
    func scenario(in file: String, knows name: String) -> Bool {
        guard let variant = variants.first(where: { $0.name == name }),
            let declared = fileOrder.firstIndex(of: variant.range.start.file), let here = fileOrder.firstIndex(of: file)
        else { return true }
        return declared <= here
    }

    /// `variant`, then its ancestors nearest first, each with the name of the model whose
    /// file declares it (`gup_cow` for `v6_2` also when a patch that imports the bundled
    /// model is loaded): where a proof looks for a committed inductive invariant.
    public func lineage(of variant: String) -> [VariantName] {
        chain(of: variant).map(declared)
    }

    /// `variant` with the name of the model whose file declares it.
    func declared(_ variant: String) -> VariantName {
        let file = variants.first { $0.name == variant }?.range.start.file
        return VariantName(model: file.flatMap { modelOfFile[$0] } ?? name, variant: variant)
    }

    /// The variants the loaded file itself declares (not those of the files it imports),
    /// in declaration order: a patch's own variants.
    public var ownVariants: [VariantInfo] {
        variants.filter { $0.range.start.file == fileOrder.last }
    }

    /// The functions and procedures some variant overrides: the rules that differ between
    /// variants, whose calls a trace shows by default.
    public var overriddenCallables: Set<String> {
        Set(functions.filter { !$0.overrides.isEmpty }.map(\.name) + procedures.filter { !$0.overrides.isEmpty }.map(\.name))
    }

    /// The names of the selectable variants, in declaration order.
    public var variantNames: [String] {
        variants.isEmpty ? [Self.implicitVariant] : variants.map(\.name)
    }

    /// The variant and its ancestors, nearest first, in time linear in the number of
    /// variants (each of which is checked).
    func chain(of variant: String) -> [String] {
        let bases = baseOfVariant
        var chain: [String] = []
        var seen: Set<String> = []
        var current: String? = variant
        while let name = current, seen.insert(name).inserted {
            chain.append(name)
            current = bases[name] ?? nil
        }
        return chain
    }

    /// The declaration in force for `variant`: the nearest override along the chain, else the base.
    func select<D>(_ item: Overridable<D>, for chain: [String]) -> (decl: D, variant: String?)? {
        for name in chain {
            if let o = item.overrides.first(where: { $0.variant.name == name }) { return (o.decl, name) }
        }
        return item.base.map { ($0, nil) }
    }

    /// Resolves and checks one variant.
    public func model(variant: String) throws(DiagnosticError) -> Model {
        guard variantNames.contains(variant) else {
            throw DiagnosticError([
                .error(
                    "unknown variant '\(variant)'; the model declares \(variantNames.joined(separator: ", "))",
                    at: SourceRange(at: SourceLocation(file: "<command line>", line: 1, column: 1)))
            ])
        }
        var checker = Checker(program: self, variant: variant)
        return try checker.run()
    }

    /// Checks every variant and returns the diagnostics found in any of them, without duplicates.
    public func checkAllVariants() -> [Diagnostic] {
        var all: [Diagnostic] = []
        var seen = Set<Diagnostic>()
        for v in variantNames {
            do {
                _ = try model(variant: v)
            } catch {
                for d in error.diagnostics where seen.insert(d).inserted { all.append(d) }
            }
        }
        return all.sorted { $0.location < $1.location }
    }
}
