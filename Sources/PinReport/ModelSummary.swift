import PinLang

/// What `pincheck list` prints: variants, state variables, actions and invariants.
public struct ModelSummary {
    public let program: Program
    public let variant: String?

    public init(program: Program, variant: String?) {
        self.program = program
        self.variant = variant
    }

    /// A state variable's type as declared (`[Proc] Pte`), or as resolved when unknown.
    func typeText(of v: StateVariable) -> String {
        program.declaredType(ofVariable: v.name) ?? "\(v.type)"
    }

    /// An action's parameters with their types as declared (`p: Proc`), or as resolved.
    func parameters(of a: Action) -> [(name: String, type: String)] {
        let written = program.declaredParameterTypes(ofAction: a.name, variant: a.variant)
        return a.parameters.enumerated().map { i, p in
            (p.name, written.flatMap { $0.indices.contains(i) ? $0[i] : nil } ?? "\(p.type)")
        }
    }

    public func text() -> String {
        var out: [String] = ["model \(program.name)", "", "variants:"]
        if program.variants.isEmpty {
            out.append("  \(Program.implicitVariant)  (implicit: the model declares no variant)")
        }
        for v in program.variants {
            var line = "  \(v.name)"
            if let base = v.base { line += " extends \(base)" }
            if let doc = v.doc { line += "  — \(doc)" }
            out.append(line)
        }
        let chosen = variant ?? program.variantNames[0]
        guard let model = try? program.model(variant: chosen) else {
            out.append("")
            out.append("(variant '\(chosen)' does not check; run 'pincheck check' for its errors)")
            return out.joined(separator: "\n")
        }
        let layout = StateLayout(model)
        out.append("")
        out.append("state variables (\(layout.slots.count) scalars, \(layout.bitCount) bits per state):")
        for v in model.variables { out.append("  \(v.name): \(typeText(of: v))") }
        out.append("")
        out.append("actions (as in variant \(chosen)):")
        for a in model.actions {
            let params = parameters(of: a).map { "\($0.name): \($0.type)" }.joined(separator: ", ")
            out.append("  \(a.name)(\(params))" + (a.variant.map { "  [overridden in \($0)]" } ?? ""))
        }
        let overridden =
            model.functions.filter { $0.variant != nil }.map { "\($0.name) [\($0.variant!)]" }
            + model.procedures.filter { $0.variant != nil }.map { "\($0.name) [\($0.variant!)]" }
        if !overridden.isEmpty {
            out.append("")
            out.append("functions and procedures overridden in this variant: \(overridden.joined(separator: ", "))")
        }
        out.append("")
        out.append("invariants:")
        for i in model.invariants { out.append("  \(i.name)") }
        if !model.scenarios.isEmpty {
            out.append("")
            out.append("scenarios:")
            for s in model.scenarios {
                let count = "\(s.steps.count) step\(s.steps.count == 1 ? "" : "s")"
                out.append("  \(s.name) (\(count))" + (s.doc.map { "  — \($0)" } ?? ""))
            }
        }
        return out.joined(separator: "\n")
    }

    /// The same as JSON (`list --json`): every list as an array of objects, types as declared.
    public func json(modelPath: String) -> [String: Any] {
        var o = JSONDocument.envelope(verb: "list", exitStatus: .success)
        o["model_file"] = modelPath
        o["model"] = program.name
        o["variants"] = program.variantNames.map { name -> [String: Any] in
            var v: [String: Any] = ["name": name]
            if let declared = program.variants.first(where: { $0.name == name }) {
                if let base = declared.base { v["extends"] = base }
                if let doc = declared.doc { v["doc"] = doc }
            }
            return v
        }
        let chosen = variant ?? program.variantNames[0]
        o["resolved_variant"] = chosen
        guard let model = try? program.model(variant: chosen) else {
            o["exit_status"] = Int(ExitStatus.error.rawValue)
            o["error"] = "variant '\(chosen)' does not check; run 'pincheck check' for its errors"
            return o
        }
        let layout = StateLayout(model)
        o["state_scalars"] = layout.slots.count
        o["state_bits"] = layout.bitCount
        o["state_variables"] = model.variables.map { ["name": $0.name, "type": typeText(of: $0)] }
        o["actions"] = model.actions.map { a -> [String: Any] in
            var action: [String: Any] = [
                "name": a.name, "parameters": parameters(of: a).map { ["name": $0.name, "type": $0.type] },
            ]
            if let v = a.variant { action["overridden_in"] = v }
            return action
        }
        o["overridden"] =
            model.functions.compactMap { f in f.variant.map { ["kind": "fn", "name": f.name, "variant": $0] } }
            + model.procedures.compactMap { p in p.variant.map { ["kind": "proc", "name": p.name, "variant": $0] } }
        o["invariants"] = model.invariants.map { ["name": $0.name, "location": $0.range.start.json] as [String: Any] }
        o["scenarios"] = model.scenarios.map { s -> [String: Any] in
            var r: [String: Any] = ["name": s.name, "steps": s.steps.count]
            if let doc = s.doc { r["doc"] = doc }
            return r
        }
        return o
    }
}
