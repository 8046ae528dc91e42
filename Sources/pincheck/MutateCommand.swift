import ArgumentParser
import Foundation
import PinExplicit
import PinLang
import PinReport

/// `pincheck mutate MODEL --variant V`: how sensitive the invariants and scenarios are to
/// small wrong changes of a variant's kernel rules.
struct MutateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mutate",
        abstract: "Check that the invariants and scenarios notice small wrong changes of a variant's rules.",
        discussion: """
            Makes every mutant of the chosen functions and procedures (negate an if's \
            condition, drop a conjunct or disjunct, use one flag for another of the same \
            function, make a boolean function always answer true or false), runs the \
            scenarios on each, then explores it with the explicit engine against every \
            invariant, several mutants at once. A mutant is killed when a scenario outcome \
            or an invariant verdict differs from the variant's. Each survivor is printed \
            with why nothing noticed it. By default the functions and procedures the variant \
            itself declares (its overrides) are mutated; --function picks others, --all every \
            one. Exit status 0 when it ran to the end, 2 usage or model error, 3 stopped.
            """)

    @OptionGroup var options: ModelOptions

    @Option(help: "The variant whose rules to mutate (default: the model's only variant).")
    var variant: String?

    @Option(help: "A function or procedure to mutate (repeatable).")
    var function: [String] = []

    @Flag(help: "Mutate every function and procedure.")
    var all = false

    @Option(help: "Worker threads: mutants checked at once (default: every core).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if all && !function.isEmpty { throw ValidationError("--all mutates every function; give no --function") }
        guard (1...1024).contains(workers) else { throw ValidationError("--workers must be between 1 and 1024") }
    }

    func run() throws {
        let loaded = try options.load()
        let program = loaded.program
        let chosen: String
        if let variant {
            chosen = try options.variants([variant], of: program)[0]
        } else if program.variantNames.count == 1 {
            chosen = program.variantNames[0]
        } else {
            throw CommandError.error(
                "\(options.model) has several variants; choose one with --variant: \(program.variantNames.joined(separator: ", "))"
            )
        }
        let model = try program.model(variant: chosen)
        let callables = model.functions.map { ($0.name, $0.variant) } + model.procedures.map { ($0.name, $0.variant) }
        for name in function where !callables.contains(where: { $0.0 == name }) {
            throw unknown("function or procedure", name, in: options.model, declared: callables.map(\.0))
        }
        // --all, else --function, else the variant's own overrides, else (none) every one.
        var selected = Set(function)
        if selected.isEmpty && !all { selected = Set(callables.filter { $0.1 == chosen }.map(\.0)) }
        if selected.isEmpty { selected = Set(callables.map(\.0)) }
        let mutations = Mutator.mutations(of: model, in: selected)
        var testing = MutationTesting(model: model)
        testing.workers = workers
        testing.stop = Interrupts.stop
        let watch = Stopwatch()
        let baseline = testing.baseline()
        let results = testing.run(mutations, against: baseline)
        let names = selected.sorted()
        if json {
            printJSON(jsonObject(model, names, baseline, results))
        } else {
            print(text(model, names, baseline, results))
            Output.error(
                String(
                    format: "checked %d mutants in %.1fs, peak memory %@", results.count, watch.elapsed.inSeconds,
                    Memory.format(bytes: Memory.peakResidentBytes())))
        }
        try Interrupts.finish(checked: results.count, of: mutations.count, "mutant")
    }

    /// The mutated callable's name and where the mutation is.
    func place(_ m: Mutation, in model: Model) -> String {
        "\(callableName(m, in: model)) (\(m.range.start))"
    }

    /// `fn NAME` or `proc NAME`: the mutated callable.
    func callableName(_ m: Mutation, in model: Model) -> String {
        switch m.callable {
        case .function(let i): "fn \(model.functions[i].name)"
        case .procedure(let i): "proc \(model.procedures[i].name)"
        }
    }

    /// Why nothing noticed a survivor.
    func why(_ r: MutantResult, _ baseline: MutationTesting.Baseline) -> String {
        if let incomplete = r.incomplete { return "its search stopped (\(incomplete)); no verdict" }
        guard let states = r.states else { return "" }
        if states == baseline.states {
            return
                "it reaches as many states as the variant (\(states)): an equivalent mutant, or a change no state of the model shows"
        }
        return
            "it reaches other states (\(states), the variant \(baseline.states)), and no invariant or scenario tells them apart"
    }

    func text(_ model: Model, _ names: [String], _ baseline: MutationTesting.Baseline, _ results: [MutantResult]) -> String {
        let variant = model.variant
        let killed = results.filter { $0.killedBy != nil }
        let survived = results.filter { $0.killedBy == nil }
        var out = [
            "mutate \(options.model), variant \(variant): \(results.count) mutants of \(names.joined(separator: ", "))",
            "the variant: \(baseline.verdicts.count) invariants (\(baseline.verdicts.values.filter { $0 == "holds" }.count) hold), "
                + "\(baseline.scenarios.count) scenarios, \(baseline.states) states",
            "",
        ]
        out.append("killed (\(killed.count)):")
        for r in killed {
            out.append("  \(place(r.mutation, in: model)): \(r.mutation.change)")
            out.append("    by \(r.killedBy ?? "")")
        }
        out.append("survived (\(survived.count)):" + (survived.isEmpty ? " none" : ""))
        for r in survived {
            out.append("  \(place(r.mutation, in: model)): \(r.mutation.change)")
            out.append("    \(why(r, baseline))")
        }
        let percent = results.isEmpty ? 100 : killed.count * 100 / results.count
        out.append("")
        out.append("score: \(killed.count) of \(results.count) mutants killed (\(percent)%)")
        return out.joined(separator: "\n")
    }

    func jsonObject(_ model: Model, _ names: [String], _ baseline: MutationTesting.Baseline, _ results: [MutantResult])
        -> [String: Any]
    {
        var document = JSONDocument.envelope(verb: "mutate", exitStatus: Interrupts.status(.success))
        document["model_file"] = options.model
        document["model"] = model.name
        document["variant"] = model.variant
        document["mutated"] = names
        document["baseline_states"] = baseline.states
        document["killed"] = results.filter { $0.killedBy != nil }.count
        document["mutant_count"] = results.count
        document["mutants"] = results.map { r -> [String: Any] in
            var o: [String: Any] = [
                "callable": callableName(r.mutation, in: model), "location": r.mutation.range.start.json,
                "change": r.mutation.change, "killed": r.killedBy != nil,
            ]
            if let by = r.killedBy { o["killed_by"] = by } else { o["why_survived"] = why(r, baseline) }
            if let states = r.states { o["states"] = states }
            return o
        }
        return document
    }
}
