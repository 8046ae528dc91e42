/// Bounds on what a model may ask for. Each stage that recurses over a model's structure
/// (the checker over chains of definitions, the engines over nested calls, which the
/// symbolic encoder inlines) and each that allocates per scalar or per action instance has
/// a limit here, reported as an error at the place that crosses it instead of a stack
/// overflow or an exhausted memory.
public enum ModelLimits {
    /// Constants (or named types) defined each through the next: the checker evaluates
    /// them on demand, one level of recursion per link.
    public static let maximumDefinitionChain = 256
    /// Functions and procedures calling each other, nested: the symbolic encoder inlines
    /// every call, and each body may itself nest up to `Parser.maximumNesting` deep.
    public static let maximumCallDepth = 24
    /// Scalars in one type, and in the whole state: the layout holds one slot per scalar.
    public static let maximumScalars = 1 << 20
    /// Variants: `list` and `check` check every one, each against the whole model.
    public static let maximumVariants = 1024
    /// Action instances (combinations of parameter values), over all actions.
    public static let maximumActionInstances = 1 << 20
    /// Runs of the innermost body of nested `for` loops and quantifiers in one evaluation:
    /// the explicit engine runs them all in one step, the symbolic encoder unrolls them.
    public static let maximumIterations = 1 << 20
    /// Files imported each by the one before: the loader reads them one level of
    /// recursion per file.
    public static let maximumImportChain = 256
}

extension Checker {
    /// The scalars of `type` (saturating just past the limit), counting a record by its
    /// recorded size so that records of records are not walked again and again.
    func boundedScalarCount(_ type: ValueType) -> Int {
        let past = ModelLimits.maximumScalars + 1
        switch type {
        case .record(let r):
            if let known = recordSizes[r.name] { return known }
            return min(past, r.fields.reduce(0) { min(past, $0 + boundedScalarCount($1.type)) })
        case .array(let index, let element):
            let count = Int(index.finiteDomain?.count ?? 0)
            let (product, overflow) = count.multipliedReportingOverflow(by: boundedScalarCount(element))
            return overflow ? past : min(past, product)
        default:
            return 1
        }
    }

    /// Reports a type with more scalars than a state may hold; false if it has.
    mutating func checkScalarCount(_ type: ValueType, _ what: String, _ range: SourceRange) -> Bool {
        guard boundedScalarCount(type) > ModelLimits.maximumScalars else { return true }
        error("\(what) has more than \(ModelLimits.maximumScalars) scalars, the most a state may hold", range)
        return false
    }

    /// Reports the action that takes the model past `ModelLimits.maximumActionInstances`.
    mutating func checkActionInstanceCount(_ actions: [Action]) {
        var total = 0
        for action in actions {
            var instances = 1
            for p in action.locals.prefix(action.parameterCount) {
                let count = UInt64(p.type.finiteDomain?.count ?? 1)
                instances = Int(min(count * UInt64(instances), UInt64(ModelLimits.maximumActionInstances + 1)))
            }
            total += instances
            if total > ModelLimits.maximumActionInstances {
                error(
                    "action '\(action.name)' takes the model past \(ModelLimits.maximumActionInstances) action instances (combinations of parameter values)",
                    action.range)
                return
            }
        }
    }

    /// Enters a loop or quantifier over `count` values, reporting when, with the loops and
    /// quantifiers around it, its body would run more than `ModelLimits.maximumIterations`
    /// times; false then. The caller restores `context.iterations` on leaving.
    mutating func enterIterations(_ count: Int, _ what: String, _ range: SourceRange) -> Bool {
        let (product, overflow) = context.iterations.multipliedReportingOverflow(by: count)
        guard !overflow, product <= ModelLimits.maximumIterations else {
            error(
                "\(what) over \(count) values, inside the loops and quantifiers around it, runs its body more than \(ModelLimits.maximumIterations) times",
                range)
            return false
        }
        context.iterations = product
        return true
    }

    /// Reports recursion between functions and procedures, and call chains nested more than
    /// `ModelLimits.maximumCallDepth` deep. Walks the call graph with an explicit stack: a
    /// chain of calls may be thousands of functions long.
    mutating func checkCalls() {
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var depth: [String: Int] = [:]  // the longest chain of nested calls from here, itself included
        var recursive = false
        var tooDeep: [(message: String, site: SourceRange)] = []
        for root in callEdges.keys.sorted() where state[root] == nil {
            var stack: [(name: String, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                let edges = callEdges[top.name] ?? []
                guard top.next < edges.count else {
                    stack.removeLast()
                    state[top.name] = 2
                    if let deep = finishCallDepth(of: top.name, edges, &depth) { tooDeep.append(deep) }
                    continue
                }
                stack[stack.count - 1].next += 1
                let (callee, site) = edges[top.next]
                if state[callee] == 1 {
                    let path = stack.map(\.name)
                    let cycle = (path.drop { $0 != callee } + [callee]).joined(separator: " -> ")
                    error("recursive call: \(cycle); functions and procedures must not recurse", site)
                    recursive = true
                } else if state[callee] == nil {
                    state[callee] = 1
                    stack.append((callee, 0))
                }
            }
        }
        // Depths along a cycle mean nothing: the recursion is the error.
        if !recursive { for (message, site) in tooDeep { error(message, site) } }
    }

    /// Records how deep calls nest from `name`, whose callees are done; the error to report
    /// if `name` is the first function or procedure on its chain to cross the limit.
    private func finishCallDepth(of name: String, _ edges: [(String, SourceRange)], _ depth: inout [String: Int])
        -> (message: String, site: SourceRange)?
    {
        var deepest: (depth: Int, callee: String, site: SourceRange)?
        for (callee, site) in edges where (depth[callee] ?? 0) > (deepest?.depth ?? 0) {
            deepest = (depth[callee]!, callee, site)
        }
        let own = 1 + (deepest?.depth ?? 0)
        depth[name] = own
        guard own == ModelLimits.maximumCallDepth + 1, let deepest else { return nil }
        return (
            "'\(name)' starts a chain of calls nested more than \(ModelLimits.maximumCallDepth) deep (through '\(deepest.callee)'); the symbolic engines inline every call",
            deepest.site
        )
    }
}
