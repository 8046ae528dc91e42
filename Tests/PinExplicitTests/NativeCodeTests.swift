import Foundation
import PinExplicit
import PinLang
import Testing

/// Compiled transitions (`--code compiled`) and incremental guards and invariants against
/// the interpreter evaluating everything everywhere, the reference: the same states,
/// transitions, depth, verdicts, traces and faults, on the bundled models and on models
/// written to fault. The random models' agreement is in DifferentialChecker.
@Suite struct NativeCodeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func search(
        _ model: Model, _ code: CodeChoice, workers: Int, invariants: [String]? = nil, deadlock: Bool = false,
        patience: Duration = .seconds(1), limits: SearchLimits = SearchLimits(), incremental: Bool = true
    ) -> ExplorationResult {
        var explorer = Explorer(model: model)
        explorer.incremental = incremental
        explorer.limits = limits
        explorer.code = code
        explorer.workers = workers
        explorer.checkDeadlock = deadlock
        explorer.compilePatience = patience
        return explorer.run(invariants: invariants)
    }

    /// Everything a search answers that the kind of code must not change.
    static func describe(_ r: ExplorationResult) -> String {
        func path(_ t: Trace) -> String {
            "\(t.initial) " + t.steps.map { "\($0.call) \($0.state)" }.joined(separator: "; ")
        }
        let s = r.statistics
        var lines = ["states \(s.states) transitions \(s.transitions) depth \(s.maxDepth) incomplete \(r.incomplete ?? "-")"]
        if let f = r.fault { lines.append("fault '\(f.message)' at \(f.range) in \(f.action) after \(path(f.trace))") }
        if let d = r.deadlock { lines.append("deadlock after \(path(d))") }
        for (name, verdict) in r.verdicts {
            if case .violated(let t) = verdict {
                lines.append("\(name): violated by \(path(t))")
            } else {
                lines.append("\(name): \(verdict)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Every variant of every bundled model, each once (the patches import the kernel
    /// model's eight variants; variant names are unique across the bundled models): the kernel model's v6_2 and the example
    /// in full, the others to depth 9, as deep as the longest counterexample of
    /// proofs/obligations.txt, at a fraction of the interpreter's time
    /// (a full search of a kernel variant takes it 10 to 20 s).
    @Test func everyBundledModelSearchesAlikeCompiledAndIncrementally() throws {
        guard NativeCode.compiler() != nil else {
            print("skipped: no C compiler")
            return
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.root.appendingPathComponent("models").path)
            .filter { $0.hasSuffix(".pin") }.sorted()
        #expect(files.count >= 6)
        var seen: Set<String> = []
        for file in files {
            let path = Self.root.appendingPathComponent("models/\(file)").path
            let program = try LoadedProgram.load(
                path: path, allowingImportsFrom: [Self.root.appendingPathComponent("models").path]
            )
            .program
            for variant in program.variantNames {
                let model = try program.model(variant: variant)
                guard seen.insert(variant).inserted else { continue }
                let full = file == "examples/counter.pin" || (file == "gup_cow.pin" && variant == "v6_2")
                let limits = SearchLimits(maxDepth: full ? Int.max : 9)
                let reference = Self.search(model, .interpreted, workers: 2, limits: limits, incremental: false)
                let incremental = Self.search(model, .interpreted, workers: 2, limits: limits)
                let compiled = Self.search(model, .compiled, workers: 2, limits: limits)
                #expect(Self.describe(incremental) == Self.describe(reference), "\(file) \(variant)")
                #expect(full == (reference.incomplete == nil), "\(file) \(variant): \(reference.incomplete ?? "complete")")
                #expect(compiled.statistics.compiledFromDepth == 0, "\(file) \(variant)")
                #expect(reference.statistics.compiledFromDepth == nil)
                #expect(Self.describe(compiled) == Self.describe(reference), "\(file) \(variant)")
            }
        }
        #expect(seen.count >= 13)
    }

    /// Faults in an action's guard, in its body (a call's argument, an index, arithmetic),
    /// and in an invariant: the same message, place, action and trace as the interpreter's,
    /// with one worker and two; and a deadlock.
    @Test(arguments: [
        ("guard", "action a() requires 10 / (3 - x) > 0 { x := x + 1; }", "x < 3"),
        ("index", "action a() { x := x + 1; y[x] := true; }", "x < 5"),
        ("call", "fn f(v: 0..2) -> int { return v * 2; } action a() { x := x + 1; n := f(x); }", "x < 5"),
        ("range", "action a() { n := n + 1; x := x + 2; }", "n < 100"),
        ("overflow", "action a() { n := n * 1000 + 7; x := (x + 1) % 4; }", "n > -5"),
        ("invariant", "action a() requires x < 5 { x := x + 1; }", "10 / (4 - x) >= 0"),
        ("deadlock", "action a() requires x < 3 { x := x + 1; }", "x < 9"),
    ])
    func faultsAreTheInterpretersFaults(name: String, action: String, invariant: String) throws {
        guard NativeCode.compiler() != nil else { return }
        let text = """
            model faults
            var x: 0..5 = 0
            var n: -2000000000..2000000000 = 1
            var y: [0..3] bool
            \(action)
            invariant i: \(invariant)
            """
        let m = try model(text)
        let reference = Self.search(m, .interpreted, workers: 1, deadlock: true)
        #expect(reference.fault != nil || name == "deadlock", "\(Self.describe(reference))")
        for workers in [1, 2] {
            let compiled = Self.search(m, .compiled, workers: workers, deadlock: true)
            #expect(Self.describe(compiled) == Self.describe(reference), "\(name), \(workers) workers")
        }
    }

    /// `.automatic` starts interpreted, compiles on its own thread, and goes on compiled
    /// from a later level: the answer is the interpreter's.
    @Test func switchingToCompiledCodeMidSearchChangesNothing() throws {
        guard NativeCode.compiler() != nil else { return }
        let m = try model(
            """
            model chain
            var x: 0..60000 = 0
            var flip: bool
            action step() requires x < 60000 { x := x + 1; flip := !flip; }
            action flop() requires x % 7 == 3 && !flip { flip := true; }
            invariant bounded: x <= 60000
            invariant late: x < 59990 || flip || x % 2 == 0
            """)
        let reference = Self.search(m, .interpreted, workers: 1)
        let switched = Self.search(m, .automatic, workers: 2, patience: .zero)
        #expect(Self.describe(switched) == Self.describe(reference))
        #expect((switched.statistics.compiledFromDepth ?? 0) > 0, "\(switched.statistics.code)")
        #expect(switched.statistics.code.hasPrefix("compiled from depth "))
    }
}

/// `pincheck export --promela`: SPIN, breadth first, stores exactly the states pincheck
/// stores, reaches the same depth, and counts one transition more (the initial state), on
/// every bundled model and variant; it reports each invariant pincheck finds violated, once,
/// at the depth of pincheck's shortest counterexample (less one), and nothing else. Runs where `spin`
/// and a C compiler are installed, and always with PINCHECK_SPIN=required (CI).
@Suite struct PromelaExportTests {
    static func run(_ tool: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// The first number before `label` in pan's output.
    static func figure(_ label: String, in output: String) -> Int? {
        for line in output.split(separator: "\n") where line.contains(label) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            if let i = words.firstIndex(where: { label.hasPrefix($0) }), i > 0 { return Int(words[i - 1]) }
        }
        return nil
    }

    @Test func spinStoresExactlyPinchecksStates() throws {
        let required = ProcessInfo.processInfo.environment["PINCHECK_SPIN"] == "required"
        guard let spin = Executables.onPath("spin")?.path, let cc = NativeCode.compiler() else {
            #expect(!required, "PINCHECK_SPIN=required but spin or a C compiler is missing")
            print("skipped: spin or a C compiler is not installed")
            return
        }
        let models = NativeCodeTests.root.appendingPathComponent("models")
        let files = try FileManager.default.subpathsOfDirectory(atPath: models.path).filter { $0.hasSuffix(".pin") }.sorted()
        var cases: [(String, Model)] = []
        var seen: Set<String> = []
        for file in files {
            let program = try LoadedProgram.load(
                path: models.appendingPathComponent(file).path, allowingImportsFrom: [models.path]
            ).program
            for variant in program.variantNames {
                let model = try program.model(variant: variant)
                if seen.insert(variant).inserted { cases.append(("\(file) \(variant)", model)) }
            }
        }
        #expect(cases.count >= 13)
        for (name, model) in cases {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-spin-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try PromelaExport.export(model, modelFile: name).text.write(
                to: folder.appendingPathComponent("model.pml"), atomically: true, encoding: .utf8)
            let translated = try Self.run(spin, ["-a", "model.pml"], in: folder)
            #expect(translated.status == 0, "\(name): \(translated.output)")
            let built = try Self.run(cc, ["-O2", "-DSAFETY", "-DNOREDUCE", "-DBFS", "-w", "-o", "pan", "pan.c"], in: folder)
            #expect(built.status == 0, "\(name): \(built.output.prefix(2000))")
            let pan = try Self.run(folder.appendingPathComponent("pan").path, ["-c0"], in: folder)
            var explorer = Explorer(model: model)
            explorer.code = .compiled
            let all = explorer.run(invariants: [])
            #expect(Self.figure("states, stored", in: pan.output) == all.statistics.states, "\(name): \(pan.output)")
            #expect(Self.figure("transitions", in: pan.output) == all.statistics.transitions + 1, "\(name)")
            #expect(pan.output.contains("depth reached \(all.statistics.maxDepth),"), "\(name): \(pan.output)")
            // Each violated invariant once, where its shortest counterexample's last step
            // starts (SPIN gives the depth of the state the step leaves).
            var violated = 0
            for (invariant, verdict) in explorer.run().verdicts {
                guard case .violated(let trace) = verdict else { continue }
                violated += 1
                let line = "invariant \(invariant) violated (at depth \(trace.steps.count - 1))"
                #expect(pan.output.contains(line), "\(name): \(line)\n\(pan.output)")
            }
            #expect(pan.output.contains("errors: \(violated)\n"), "\(name): \(pan.output)")
        }
    }
}
