extension Checker {
    /// Resolves every scenario against this variant's actions, and its expectations against
    /// the model's variants and invariants. Positions are those of the scenario text, so the
    /// same mistake found in several variants is reported once.
    mutating func checkScenarios(actions: [Action]) -> [Scenario] {
        program.scenarios.map { checkScenario($0, actions: actions) }
    }

    private mutating func checkScenario(_ decl: ScenarioDecl, actions: [Action]) -> Scenario {
        var steps: [Scenario.Step] = []
        var assertions: [Scenario.Assertion] = []
        var pending = decl.assertions[...]
        func checkAssertions(upTo position: Int) {
            while let next = pending.first, next.position <= position {
                pending.removeFirst()
                if let a = checkAssertion(next.condition, source: next.source, position: steps.count) {
                    assertions.append(a)
                }
            }
        }
        for (position, step) in decl.steps.enumerated() {
            checkAssertions(upTo: position)
            // `assert(c)` applies an action named `assert` if there is one, else asserts c.
            if step.action.name == "assert", !step.repeats, !actions.contains(where: { $0.name == "assert" }) {
                guard step.arguments.count == 1 else {
                    error("an assertion has one condition: 'assert CONDITION;'", step.range)
                    continue
                }
                if let a = checkAssertion(step.arguments[0], source: nil, position: steps.count) { assertions.append(a) }
                continue
            }
            if let resolved = checkStep(step, actions: actions) { steps.append(resolved) }
        }
        checkAssertions(upTo: decl.steps.count)
        var expectations: [Scenario.Expectation] = []
        var named: [String: SourceRange] = [:]
        for (position, expectation) in decl.expectations.enumerated() {
            expectations.append(
                checkExpectation(
                    expectation, of: decl.name.name, isLast: position == decl.expectations.count - 1, named: &named))
        }
        var scenario = Scenario(
            name: decl.name.name, doc: decl.doc, steps: steps, expectations: expectations, range: decl.name.range)
        scenario.assertions = assertions
        // A variant the scenario did not know (a patch's) is judged by its nearest ancestor's
        // expectation, the way its code is its ancestor's except where it overrides.
        scenario.judgedAs = [variant]
        if !program.scenario(in: decl.name.range.start.file, knows: variant) {
            scenario.judgedAs = []
            scenario.othersApply = false
            for name in chain {
                scenario.judgedAs.append(name)
                if program.scenario(in: decl.name.range.start.file, knows: name) {
                    scenario.othersApply = true
                    break
                }
            }
        }
        return scenario
    }

    /// A scenario's `assert`: a bool over the state, as an invariant's condition.
    private mutating func checkAssertion(_ condition: Expr, source: String?, position: Int) -> Scenario.Assertion? {
        let saved = context
        context = Context(kind: .invariant)
        defer { context = saved }
        guard let typed = checkCondition(condition, "an assertion") else { return nil }
        return Scenario.Assertion(position: position, locals: context.locals, condition: typed, source: source)
    }

    /// An action call with constant arguments of the action's parameter types, within their bounds.
    private mutating func checkStep(_ step: ScenarioStepDecl, actions: [Action]) -> Scenario.Step? {
        let name = step.action.name
        guard let index = actions.firstIndex(where: { $0.name == name }) else {
            if procedureIndex[name] != nil || functionIndex[name] != nil {
                error("'\(name)' is not an action; a scenario step applies an action", step.action.range)
            } else {
                let guess = Suggestion.closest(to: name, among: actions.map(\.name))
                error("unknown action '\(name)'" + (guess.map { "; did you mean '\($0)'?" } ?? ""), step.action.range)
            }
            return nil
        }
        let types = actions[index].parameters.map(\.type)
        let saved = context
        context = Context(kind: .constant)
        defer { context = saved }
        guard let typed = checkArguments(step.arguments, types, of: "action '\(name)'", step.range) else { return nil }
        var values: [Int64] = []
        for (i, argument) in typed.enumerated() {
            guard let value = fold(argument) else { return nil }
            if let domain = types[i].finiteDomain, !domain.contains(value) {
                error(
                    "argument \(i + 1) of action '\(name)' is \(value), outside its type \(types[i])",
                    step.arguments[i].range)
                return nil
            }
            values.append(value)
        }
        return Scenario.Step(action: index, arguments: values, repeats: step.repeats, range: step.range)
    }

    /// Variants known and named once, `others` alone in the last expectation, invariants known and listed once.
    private mutating func checkExpectation(
        _ decl: ExpectationDecl, of scenario: String, isLast: Bool, named: inout [String: SourceRange]
    ) -> Scenario.Expectation {
        let declared = program.variantNames
        var variants: [String] = []
        var coversOthers = false
        for id in decl.variants {
            if id.name == "others" && !declared.contains("others") {
                if !isLast {
                    error(
                        "'others' must be in the last expectation of scenario '\(scenario)': it stands for every variant not named before it",
                        id.range)
                } else if decl.variants.count > 1 {
                    error("'others' stands for every variant not named before it; list it alone", id.range)
                }
                coversOthers = true
                continue
            }
            guard declared.contains(id.name) else {
                let guess = Suggestion.closest(to: id.name, among: declared).map { "; did you mean '\($0)'?" } ?? ";"
                error("unknown variant '\(id.name)'\(guess) the model declares \(declared.joined(separator: ", "))", id.range)
                continue
            }
            if let previous = named[id.name] {
                error(
                    "variant '\(id.name)' already has an expectation in scenario '\(scenario)'", id.range,
                    notes: [.init(message: "the earlier expectation names it here", range: previous)])
                continue
            }
            named[id.name] = id.range
            variants.append(id.name)
        }
        let outcome: ExpectedOutcome
        switch decl.outcome {
        case .holds: outcome = .holds
        case .blocked: outcome = .blocked
        case .violates(let ids):
            let known = program.invariants.map(\.name.name)
            var names: [String] = []
            for id in ids {
                if !known.contains(id.name) {
                    error(
                        "unknown invariant '\(id.name)'; the model declares \(known.isEmpty ? "none" : known.joined(separator: ", "))",
                        id.range)
                } else if names.contains(id.name) {
                    error("invariant '\(id.name)' is listed twice", id.range)
                } else {
                    names.append(id.name)
                }
            }
            outcome = .violates(names)
        }
        return Scenario.Expectation(
            variants: variants, coversOthers: coversOthers, outcome: outcome, source: decl.source, range: decl.range)
    }
}
