import Foundation
import PinExplicit
import PinLang
import PinProof
import PinReport

/// Variants checked one after another by one engine, as `check` and `compare` do: pdr's
/// certificates written into `certificates`, progress on stderr, and the
/// loop ended by Ctrl-C or the memory limit (what was checked is kept).
struct VariantChecks {
    let modelOptions: ModelOptions
    let engineOptions: EngineOptionGroup
    let certificates: String
    /// JSON output: no certificate paths on stderr (progress stays, on stderr).
    let quiet: Bool
    /// `--coverage`: also explore each variant for what its states never exercise.
    var coverage = false
    /// `--calls`: traces show every call, not only those of the rules variants override.
    var allCalls = false

    /// One report per variant checked, in the order of `variants`; fewer when stopped.
    func run(_ loaded: LoadedProgram, variants: [String], invariants: [String]) throws
        -> [(report: CheckReport, renderer: TraceRenderer)]
    {
        try run(loaded, models: variants.map { try loaded.program.model(variant: $0) }, invariants: invariants)
    }

    /// One report per model (each a resolved variant of `loaded`), in order; fewer when stopped.
    func run(_ loaded: LoadedProgram, models: [Model], invariants: [String]) throws
        -> [(report: CheckReport, renderer: TraceRenderer)]
    {
        let folder = URL(fileURLWithPath: certificates)
        var settings = engineOptions.options(certificates: folder, committedDefault: URL(fileURLWithPath: "proofs/invariants"))
        for model in models { settings.lineage[model.variant] = loaded.program.lineage(of: model.variant) }
        let engine = engineOptions.engine.make(settings)
        Interrupts.watchMemory(limit: engineOptions.memoryLimit)
        var reports: [(report: CheckReport, renderer: TraceRenderer)] = []
        for model in models where !Interrupts.stop.isStopped {
            let names = try modelOptions.invariants(invariants, of: model)
            let progress = engineOptions.progress(model.variant)
            defer { progress?.finish() }
            let result = try engine.check(
                model, invariants: names, stop: Interrupts.stop, events: engineOptions.eventPrinter(progress: progress))
            let binding = CertificateBinding(modelPath: modelOptions.model, loaded: loaded, model: model)
            for certificate in result.certificates {
                let written: URL
                do {
                    written = try certificate.write(into: folder, binding: binding)
                } catch {
                    throw CommandError.error("cannot write the certificate for \(certificate.invariant): \(describe(error))")
                }
                if !quiet { Output.error("certificate for \(certificate.invariant): \(written.path)") }
            }
            var report = CheckReport(
                model: model.name, variant: model.variant, engine: engineOptions.engine.rawValue, verdicts: result.verdicts,
                deadlock: result.deadlock, fault: result.fault, figures: result.statistics.figures)
            report.measures = result.statistics.measures
            report.inductionCounterexamples = result.inductionCounterexamples
            report.provedBy = (result.statistics as? ProofStatistics)?.provedBy ?? [:]
            if coverage && !Interrupts.stop.isStopped { report.coverage = self.coverage(of: model) }
            reports.append((report, TraceRenderer(explaining: model, of: loaded.program, allCalls: allCalls)))
        }
        return reports
    }

    /// The explicit engine's coverage pass over `model`, with the search's workers and limits.
    func coverage(of model: Model) -> CoverageReport {
        var explorer = Explorer(model: model)
        explorer.workers = engineOptions.workers
        explorer.limits = engineOptions.limits
        explorer.stop = Interrupts.stop
        return explorer.coverage()
    }
}

extension TraceRenderer {
    /// A renderer for `model`, a resolved variant of `program`, whose traces carry their call
    /// trees (the calls of overridden rules in text; every call with `allCalls`), explain a
    /// violated invariant, and know the declared types (HTML's process columns).
    init(explaining model: Model, of program: Program, allCalls: Bool = false) {
        self.init(model: model)
        callTrees = { CallTrees.record($0, in: model) }
        shownCalls = allCalls ? nil : program.overriddenCallables
        explain = { ViolationExplainer.explain($0, in: model, state: $1) }
        for v in model.variables { declaredTypes[v.name] = program.declaredType(ofVariable: v.name) }
    }
}
