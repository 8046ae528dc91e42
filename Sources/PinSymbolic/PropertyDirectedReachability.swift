import Foundation
import PinExplicit
import PinLang
import Z3

/// An inductive invariant that proves a property, as SMT-LIB 2 obligations, each of which
/// any solver must find unsatisfiable: Init ∧ ¬Inv (`init.smt2`), Inv ∧ T ∧ ¬Inv′ in one
/// part per action instance (T is their disjunction), and Inv ∧ ¬P in two parts, the
/// invariant (`safe.smt2`) and "no action instance faults" (`nofault.smt2`); see
/// `CertificateFolder`.
public struct Certificate: Sendable {
    public var model: String
    public var variant: String
    public var invariant: String
    /// The inductive invariant over the state variables, in SMT-LIB syntax.
    public var inductiveInvariant: String
    /// File name → SMT-LIB script.
    public var obligations: [(name: String, script: String)]
    /// The invariant as a person reads it, one conjunct a line, when the prover can say it
    /// in the modelling language (IC3's clauses); written as `invariant.txt`.
    public var readable: [String]?

    /// Writes the certificate into `folder` (created if needed): a README line, the
    /// invariant, and one `.smt2` file per obligation. Returns the files written.
    @discardableResult
    public func write(to folder: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written: [URL] = []
        let about = """
            ; pincheck certificate: model \(model), variant \(variant), invariant \(invariant)
            ; Each obligation file asserts the negation of one proof step; every solver must answer unsat.
            ; inductive invariant:
            ; \(inductiveInvariant.replacingOccurrences(of: "\n", with: "\n; "))

            """
        for (name, script) in obligations {
            let url = folder.appendingPathComponent(name)
            try (about + script).write(to: url, atomically: true, encoding: .utf8)
            written.append(url)
        }
        // Step parts of an earlier certificate in the folder would be mixed with these.
        let names = Set(obligations.map(\.name))
        for old in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where old.hasPrefix("step") && old.hasSuffix(".smt2") && !names.contains(old) {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(old))
        }
        if let readable {
            let url = folder.appendingPathComponent("invariant.txt")
            let what =
                readable.isEmpty
                ? "every slot within its domain, nothing more."
                : "every slot within its domain, and the \(readable.count) line(s) below."
            let text = """
                # pincheck certificate: model \(model), variant \(variant), invariant \(invariant)
                # The inductive invariant, in the modelling language: \(what)
                # (What re-checks is the .smt2 files; this is their invariant, for reading, and
                # the first guess of the next `check --engine pdr` into this folder.)

                """
            try (text + readable.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            written.append(url)
        } else {
            // A folder rewritten by another prover keeps no stale reading of an old invariant.
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("invariant.txt"))
        }
        return written
    }
}

/// Unbounded proof by property directed reachability, with three provers on the same
/// transition system: Z3's Spacer (constrained Horn clauses: a relation `Inv` over the state
/// with `Init ⇒ Inv` and `Inv ∧ T ⇒ Inv′`, queried for `Inv ∧ ¬P`), IC3 over the state bits
/// on Z3's SAT solver, and IC3 within lemmas mined from the explicit engine's reachable
/// states (`mined`). By default all three run at once, a thread each, and the first to
/// answer stops the others. A fourth prover, `reachable`, takes the explicit engine's
/// reachable states as the invariant (a symbolic check of that engine's answer). A proof's
/// inductive invariant becomes a certificate, and counts only once the certificate
/// re-checks from its SMT-LIB text; a violation is handed to BMC, which finds a shortest
/// trace.
public final class PropertyDirectedReachability {
    /// Which prover(s) to run.
    public enum Prover: String, CaseIterable, Sendable {
        case spacer, ic3
        /// The explicit engine's reachable states, as a decision diagram over the state
        /// bits, is the invariant: a symbolic check of the explicit engine's answer.
        case reachable
        /// Lemmas mined from the explicit engine's reachable states, the inductive ones
        /// among them (Houdini), and IC3 on top of them.
        case mined
        /// Spacer, IC3 and mined at once; the first answer wins.
        case portfolio

        /// The provers the portfolio races, in lane order (Spacer's lane is 0).
        static let racing: [Prover] = [.spacer, .ic3, .mined]
    }

    public var prover = Prover.portfolio
    /// The most states the `reachable` prover's explicit search may store.
    public var reachableStateLimit = 5_000_000
    /// The `reachable` prover's explicit search, made once for every invariant a run checks.
    private var reachableSearch: ReachableSearch?
    /// The `mined` prover's search of every invariant, made once for all the invariants a run checks.
    var minedSearch: ReachableSearch?
    /// Per hint text tried in this run: its inductive invariant and the obligations that do
    /// not depend on the invariant proved, made and checked once for every invariant it is
    /// tried for (`proveByHints`).
    var hintProofs: [String: HintProof] = [:]
    let system: TransitionSystem
    let timeout: UInt32?
    var model: Model { system.model }
    /// The longest counterexample BMC searches for after Spacer finds a violation.
    public var traceBound = 200

    /// Told of every query as it finishes.
    public var onQuery: QueryLog?
    /// Per invariant name: the `invariant.txt` of an earlier proof of it, tried before any
    /// prover (`LemmaHints`); a proof by it is a proof like any other, its obligations
    /// checked. (`check` gives them to the default portfolio only.)
    public var hints: [String: String] = [:]
    /// Per invariant name: where its hint came from (a path), named when it is set aside.
    public var hintSources: [String: String] = [:]
    /// The invariants the last `run` proved by their hints, with no prover.
    public private(set) var provedByHints: [String] = []

    public convenience init(model: Model, timeoutMilliseconds: UInt32? = nil) throws {
        try self.init(system: TransitionSystem(model: model), timeoutMilliseconds: timeoutMilliseconds)
    }

    public init(system: TransitionSystem, timeoutMilliseconds: UInt32? = nil) {
        self.system = system
        self.timeout = timeoutMilliseconds
    }

    /// Decides each invariant (all when nil); returns the verdicts and a certificate per proof.
    public func run(invariants names: [String]? = nil) throws -> (result: SymbolicResult, certificates: [Certificate]) {
        let checked = model.invariantIndices(named: names)
        reachableSearch = prover == .reachable ? ReachableSearch(self, invariants: checked) : nil
        minedSearch =
            [.mined, .portfolio].contains(prover) ? ReachableSearch(self, invariants: Array(model.invariants.indices)) : nil
        defer { (reachableSearch, minedSearch, hintProofs) = (nil, nil, [:]) }
        var verdicts: [(invariant: String, verdict: Verdict)] = []
        var certificates: [Certificate] = []
        var queries: [(what: String, seconds: Double, result: String)] = []
        var fault: ModelFault?
        // Obligations re-checked unsat in this run: certificates that share an inductive
        // invariant share their init and step obligations, which are then checked once.
        var rechecked: Set<String> = []
        provedByHints = []
        for j in checked {
            let name = model.invariants[j].name
            if let text = hints[name] {
                let start = DispatchTime.now().uptimeNanoseconds
                let (certificate, why): (Certificate?, String)
                do {
                    (certificate, why) = try proveByHints(j, text, unsat: &rechecked)
                } catch {
                    (certificate, why) = (nil, "\(error)")
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let source = hintSources[name].map { ", \($0)" } ?? ""
                let what = "hints (an earlier proof's invariant\(source): \(why)) \(name)"
                queries.append((what, seconds, certificate == nil ? "set aside" : "unsat"))
                onQuery?(what, seconds, certificate == nil ? "set aside" : "unsat")
                if let certificate {
                    verdicts.append((name, .holds))
                    certificates.append(certificate)
                    provedByHints.append(name)
                    continue
                }
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let found = try decide(j)
            let (answer, certificate, by) = (found.result, found.certificate, found.by)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            queries.append(("\(by) \(name)", seconds, answer.description))
            onQuery?("\(by) \(name)", seconds, answer.description)
            switch answer {
            case .unsat:
                // A proof counts only once its certificate re-checks from the SMT-LIB text.
                guard let certificate else { throw EncodingError("a proof without a certificate") }
                let start = DispatchTime.now().uptimeNanoseconds
                let failed = try CertificateChecker.check(certificate, timeoutMilliseconds: timeout, unsat: &rechecked)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                queries.append(("recheck \(name)", seconds, failed.isEmpty ? "unsat" : "failed"))
                onQuery?("recheck \(name)", seconds, failed.isEmpty ? "unsat" : "failed")
                if failed.isEmpty {
                    verdicts.append((name, .holds))
                    certificates.append(certificate)
                } else {
                    let what = failed.map { "\($0.name): \($0.result)" }.joined(separator: ", ")
                    verdicts.append((name, .unknown(reason: "\(by)'s invariant does not re-check (\(what))")))
                }
            case .unknown(let reason):
                verdicts.append((name, .unknown(reason: "\(by) answered unknown: \(reason)")))
            case .sat:
                if let trace = found.trace {
                    verdicts.append((name, .violated(trace)))
                    continue
                }
                let bmc = try BoundedModelChecker(system: system, timeoutMilliseconds: timeout)
                bmc.onQuery = onQuery
                let r = try bmc.run(invariants: [name], depth: traceBound)
                queries += r.queries
                if let f = r.fault { fault = f }
                verdicts.append((name, r.verdicts.first?.verdict ?? .unknown(reason: "no trace")))
            }
        }
        return (SymbolicResult(verdicts: verdicts, fault: fault, queries: queries, depth: 0), certificates)
    }

    /// The answer for invariant `j` from the prover(s) asked for, with a certificate for a
    /// proof and the name of the prover that answered. In the portfolio, each runs on its
    /// own thread and Z3 context; the first definite answer stops the others, and should
    /// two answer and differ, the result is unknown.
    func decide(_ j: Int) throws -> ProverAnswer {
        let property = system.safety(j)  // built before the threads, which only read the circuit
        guard prover == .portfolio else { return try answer(by: prover, j, property: property) }
        let race = Race()
        // The lanes share only what they read: the transition system, whose circuit is
        // complete (the property was built above); each has its own Z3 context.
        let shared = UncheckedSendable(self)
        let work: @Sendable (Int) -> Void = { lane in
            let outcome = Result {
                try shared.value.answer(
                    by: Prover.racing[lane], j, property: property, register: race.register,
                    cancelled: { race.isDecided })
            }
            race.finish(lane, outcome)
        }
        // A thread per lane: `concurrentPerform` would run no more lanes at once than there
        // are cores, and a lane that waits for another to finish may wait forever. Spacer's
        // and IC3's lanes run at a lower priority: on the bundled models the mined lane
        // answers first, and on 2 cores, sharing them evenly made its proof of 6.2's
        // pinned_page_stays_mapped take 116 s instead of 63 s. They still run, and win,
        // wherever the mined lane cannot answer.
        let done = DispatchGroup()
        for lane in Prover.racing.indices {
            done.enter()
            let thread = Thread {
                if Prover.racing[lane] != .mined { lowerThisThreadsPriority(by: 10) }
                work(lane)
                done.leave()
            }
            thread.stackSize = 64 << 20
            thread.start()
        }
        done.wait()
        return try race.verdict()
    }

    /// One prover's answer (`spacer` or `ic3`) for invariant `j`, with its certificate and
    /// its name as reported; `register` and `cancelled` let a race stop it.
    func answer(
        by one: Prover, _ j: Int, property: Bit, register: (Z3Interrupter) -> Void = { _ in },
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> ProverAnswer {
        if one == .ic3 {
            let (answer, certificate, statistics) = try proveByIC3(j, property: property, cancelled: cancelled)
            return ProverAnswer(answer, certificate, "ic3 \(statistics.summary)")
        }
        if one == .reachable { return try proveByReachableStates(j, property: property) }
        if one == .mined { return try proveByMinedLemmas(j, property: property, cancelled: cancelled) }
        let (answer, certificate) = try prove(j, property: property, register: register)
        return ProverAnswer(answer, certificate, "spacer")
    }

    /// One Spacer query for invariant `j` (together with "no evaluation fault"), over a
    /// relation `Inv` of the state bits: the initial state is in it, each action instance
    /// keeps it, and the query asks for a state in it that breaks the property. `register`
    /// is given the context's interrupter, which is retired when the query is done.
    func prove(_ j: Int, property safety: Bit, register: (Z3Interrupter) -> Void = { _ in }) throws -> (
        Z3Result, Certificate?
    ) {
        let context = try Z3Context(timeoutMilliseconds: timeout)
        let interrupter = Z3Interrupter(context)
        register(interrupter)
        defer { interrupter.retire() }
        let fp = try Z3Fixedpoint(context: context)
        try fp.setEngine("spacer")
        if let timeout { try fp.setParameters(["timeout": .uint(timeout)]) }
        // Spacer's rule preprocessing (tail simplification, inlining, slicing) rewrites the
        // shared circuit formulas into trees: tens of seconds on the bundled model, for
        // rules that are one step each and need none of it.
        try fp.setParameters([
            "xform.tail_simplifier_pve": .bool(false), "xform.inline_linear": .bool(false),
            "xform.inline_eager": .bool(false), "xform.slice": .bool(false),
        ])
        let bool = try context.boolSort
        let inv = try context.relation("Inv", Array(repeating: bool, count: system.stateBits.count))
        try fp.registerRelation(inv)

        let frame = try CertificateFrame(system: system, context: context)
        let (s, t, now) = (frame.s, frame.t, frame.now)
        let initial = try system.initial.map { try context.bool($0) }
        try fp.addRule(head: inv.apply(initial), body: context.bool(true), name: "init")
        for (i, transition) in frame.transitions {
            try fp.addRule(
                head: inv.apply(t), body: context.and([inv.apply(s), frame.domain, transition]), forAll: s + t,
                name: "step\(i)")
        }
        let property = try now.term(safety)
        let answer = try fp.query(context.and([inv.apply(s), property.not()]), exists: s)
        guard case .unsat = answer else { return (answer, nil) }

        // Spacer's invariant for Inv, with its argument variables bound to the state.
        let spacer = try fp.coverDelta(level: -1, of: inv).substitutingVariables(s).simplified()
        return (answer, try frame.certificate(invariant: spacer, invariant: j))
    }

    /// IC3 on the state bits for invariant `j`; a proof's clauses become the certificate.
    func proveByIC3(_ j: Int, property: Bit, cancelled: @escaping () -> Bool = { false }) throws -> (
        Z3Result, Certificate?, IC3.Statistics
    ) {
        let deadline = timeout.map { DispatchTime.now().uptimeNanoseconds + UInt64($0) * 1_000_000 }
        let ic3 = try IC3(system: system, property: property, deadline: deadline)
        ic3.cancelled = cancelled
        switch try ic3.run() {
        case .unknown(let reason):
            return (.unknown(reason: reason), nil, ic3.statistics)
        case .violated:
            return (.sat, nil, ic3.statistics)
        case .proved(let clauses):
            let context = try Z3Context(timeoutMilliseconds: timeout)
            let frame = try CertificateFrame(system: system, context: context)
            let invariant = try IC3.formula(clauses, over: frame.s, in: context)
            var certificate = try frame.certificate(invariant: invariant, invariant: j)
            certificate.readable = clauses.map { IC3.describe($0, in: system) }
            return (.unsat, certificate, ic3.statistics)
        }
    }
}

extension PropertyDirectedReachability {
    /// The reachable states of the explicit engine as the inductive invariant for invariant
    /// `j`: when the explicit search is complete and finds neither a fault nor a violation,
    /// its states become a decision diagram over the state bits, and the certificate's
    /// obligations say, in Z3's terms, that the set contains the initial state, is closed
    /// under every action instance of the circuit, and satisfies the property. So a proof
    /// that re-checks also shows that the circuit and the explicit engine's interpreter
    /// agree on every reachable state's successors; a disagreement fails the re-check.
    func proveByReachableStates(_ j: Int, property: Bit) throws -> ProverAnswer {
        var search = reachableSearch.flatMap { $0.invariants.contains(j) ? $0 : nil } ?? ReachableSearch(self, invariants: [j])
        if let answer = try explicitAnswer(j, &search, property: property, prover: "reachable") { return answer }
        let states = search.exploration.states
        let by = "reachable (\(states.count) states)"
        let diagram = search.diagram
        let context = try Z3Context(timeoutMilliseconds: timeout)
        let frame = try CertificateFrame(system: system, context: context)
        let invariant = try diagram.formula(over: frame.s, in: context)
        let summary =
            "the \(states.count) states the explicit engine reaches, as a decision diagram of \(diagram.size) nodes over the state bits"
        let certificate = try frame.certificate(invariant: invariant, invariant: j, summary: summary)
        return ProverAnswer(.unsat, certificate, by)
    }
}

extension PropertyDirectedReachability {
    /// The answer of the explicit search for invariant `j` unless j holds there (nil): a
    /// violation is sat with the search's (shortest) trace once the circuit replays it to a
    /// state that breaks `property`, a fault is sat (BMC traces it), an incomplete search
    /// unknown. A trace the circuit does not replay is a disagreement of the two encodings,
    /// and unknown. A fault stops a search of several invariants, and it may be another
    /// invariant's (in its evaluation), which is no counterexample for j: then j gets a
    /// search of its own, left in `search`. `prover` names the prover in the answer.
    func explicitAnswer(_ j: Int, _ search: inout ReachableSearch, property: Bit, prover: String) throws
        -> ProverAnswer?
    {
        if search.exploration.result.fault != nil, search.invariants != [j] {
            search = ReachableSearch(self, invariants: [j])
        }
        let result = search.exploration.result
        let by = "\(prover) (\(result.statistics.states) states)"
        if result.fault != nil { return ProverAnswer(.sat, nil, by) }
        let name = model.invariants[j].name
        switch result.verdicts.first(where: { $0.invariant == name })?.verdict {
        case .violated(let trace):
            if let difference = system.replay(trace, breaking: property) {
                let reason = "the explicit engine's trace for \(name) does not replay on the circuit: \(difference)"
                return ProverAnswer(.unknown(reason: reason), nil, by)
            }
            return ProverAnswer(.sat, nil, by, trace: trace)
        case .incomplete(let reason), .unknown(let reason):
            let what = reason.hasPrefix("time limit") ? "timeout: " : ""
            return ProverAnswer(.unknown(reason: "\(what)explicit search incomplete: \(reason)"), nil, by)
        case nil:
            throw EncodingError("the explicit search did not decide \(name)")
        case .holds:
            return nil
        }
    }
}

/// The explicit search of the `reachable` and `mined` provers for some invariants at once,
/// made when first asked for, and its states as a diagram, built when a proof first needs
/// it. When one of them holds the search is complete (it stops early only once all are
/// violated), so every proof among them shares one state set. `--timeout` limits the
/// shared search. The `mined` prover keeps the inductive lemmas it mined from the states
/// here too.
final class ReachableSearch {
    let invariants: [Int]
    private let system: TransitionSystem
    private let limits: SearchLimits

    init(_ pdr: PropertyDirectedReachability, invariants: [Int]) {
        self.invariants = invariants
        system = pdr.system
        limits = SearchLimits(
            maxStates: pdr.reachableStateLimit, timeLimit: pdr.timeout.map { Double($0) / 1000 })
    }

    private(set) lazy var exploration: (result: ExplorationResult, states: ReachableStates) = {
        var explorer = Explorer(model: system.model)
        explorer.limits = limits
        return explorer.explore(invariants: invariants.map { system.model.invariants[$0].name })
    }()

    private(set) lazy var diagram: StateSetDiagram = {
        let states = exploration.states
        return StateSetDiagram(count: states.count, bitCount: system.stateBits.count) { i, bits in
            bits = system.bits(states.values(i))
        }
    }()

    /// The lemmas mined from the states that Houdini found inductive and how many were
    /// mined, or nil with Houdini's answer when it gave none.
    typealias InductiveLemmas = (lemmas: (kept: [MinedLemmas.Lemma], candidates: Int)?, reason: String)
    var inductiveLemmas: InductiveLemmas?
    /// The inductive lemmas as an invariant of their own, for the properties they imply.
    var lemmaProof: LemmaProof?
}

/// A prover's answer for one invariant: sat, unsat or unknown, the certificate of a proof,
/// who answered, and for a violation found by the explicit search its trace (replayed on
/// the circuit), which makes BMC's search for one needless.
struct ProverAnswer {
    var result: Z3Result
    var certificate: Certificate?
    var by: String
    var trace: Trace?

    init(_ result: Z3Result, _ certificate: Certificate?, _ by: String, trace: Trace? = nil) {
        (self.result, self.certificate, self.by, self.trace) = (result, certificate, by, trace)
    }
}

/// Provers racing on one invariant: the first definite answer (sat or unsat) stops the
/// others (IC3 and mined poll `isDecided`; Spacer is interrupted through its context).
private final class Race: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Int: Result<ProverAnswer, Error>] = [:]
    private var interrupter: Z3Interrupter?
    private var decided = false

    var isDecided: Bool {
        lock.lock()
        defer { lock.unlock() }
        return decided
    }

    func register(_ interrupter: Z3Interrupter) {
        lock.lock()
        self.interrupter = interrupter
        let stop = decided
        lock.unlock()
        if stop { interrupter.interrupt() }
    }

    func finish(_ lane: Int, _ outcome: Result<ProverAnswer, Error>) {
        lock.lock()
        outcomes[lane] = outcome
        let definite = (try? outcome.get()).map { Self.isDefinite($0.result) } ?? false
        let stopSpacer = definite && !decided && lane != 0
        if definite { decided = true }
        let interrupter = self.interrupter
        lock.unlock()
        if stopSpacer { interrupter?.interrupt() }
    }

    /// sat or unsat.
    static func isDefinite(_ result: Z3Result) -> Bool {
        if case .unknown = result { return false }
        return true
    }

    /// The winner's answer; unknown when none answered (with each one's reason) or when
    /// two answered differently. An error of the loser, stopped midway, is ignored.
    func verdict() throws -> ProverAnswer {
        let answers = outcomes.keys.sorted().compactMap { try? outcomes[$0]?.get() }
        let definite = answers.filter { Self.isDefinite($0.result) }
        if let first = definite.first {
            if let other = definite.first(where: { $0.result != first.result }) {
                return ProverAnswer(
                    .unknown(reason: "the provers disagree (\(first.by): \(first.result), \(other.by): \(other.result))"), nil,
                    "pdr")
            }
            return first
        }
        // None answered: rethrow an error, else report each one's reason (all are unknown).
        for lane in outcomes.keys.sorted() { if case .failure(let e) = outcomes[lane]! { throw e } }
        let reasons = answers.compactMap { answer -> String? in
            guard case .unknown(let reason) = answer.result else { return nil }
            return "\(answer.by): \(reason)"
        }.joined(separator: "; ")
        return ProverAnswer(.unknown(reason: reasons), nil, "spacer, ic3 and mined")
    }
}

/// A step of the transition system over two states of Boolean constants, `s` and `t`, as
/// the PDR provers state it and as the certificate obligations spell it out.
struct CertificateFrame {
    let system: TransitionSystem
    let context: Z3Context
    let s: [Z3Term]
    let t: [Z3Term]
    let now: Z3Lowering
    let domain: Z3Term
    /// Per enabled action instance: its guard and successor, s to t.
    let transitions: [(instance: Int, formula: Z3Term)]

    init(system: TransitionSystem, context: Z3Context) throws {
        self.system = system
        self.context = context
        s = try system.stateConstants(named: "s.", in: context)
        t = try system.stateConstants(named: "t.", in: context)
        now = try Z3Lowering(context: context, circuit: system.circuit, inputs: s)
        domain = try now.term(system.domain)
        var transitions: [(Int, Z3Term)] = []
        for (i, step) in system.steps.enumerated() where step.enabled != .false {
            transitions.append((i, try system.step(i, from: now, to: t)))
        }
        self.transitions = transitions
    }

    /// The obligations for `invariant` (over `s`, conjoined with the domain constraint,
    /// which every reachable state satisfies) and invariant `j` of the model. (This may run
    /// on a portfolio lane, so it adds no gates to the shared circuit.) `summary` stands for
    /// the invariant in the certificate's header when its text, written out as a tree,
    /// would be too big.
    func certificate(invariant found: Z3Term, invariant j: Int, summary: String? = nil) throws -> Certificate {
        try certificate(invariant: found, shared: sharedObligations(found), invariant: j, summary: summary)
    }

    /// The certificate for invariant j of the model whose inductive invariant is `found`,
    /// with that invariant's obligations that do not depend on j (`sharedObligations(found)`),
    /// made once for every invariant it proves. The property, `system.safety(j)`, is in two
    /// files: `safe.smt2` for the invariant (it holds, and its evaluation does not fault)
    /// and the shared `nofault.smt2` for the action instances (none faults).
    func certificate(
        invariant found: Z3Term, shared: [(name: String, script: String)], invariant j: Int, summary: String? = nil
    ) throws -> Certificate {
        let invariant = try domain.and(found)
        let holds = try now.term(system.holdsWithoutFault[j])
        let safe = ("safe.smt2", try context.smtlibScript(asserting: invariant.and(holds.not())))
        let model = system.model
        return Certificate(
            model: model.name, variant: model.variant, invariant: model.invariants[j].name,
            inductiveInvariant: summary ?? invariant.description, obligations: shared + [safe])
    }

    /// The obligations of the inductive invariant `found` (within the domain) that every
    /// invariant it proves shares: it holds initially (`init.smt2`), every step keeps it
    /// (the step parts), and no action instance faults in it (`nofault.smt2`).
    func sharedObligations(_ found: Z3Term) throws -> [(name: String, script: String)] {
        let invariant = try domain.and(found)
        let invariantNext = try invariant.substituting(s, with: t)
        let initFormula = try system.isInitial(s, in: context)
        // T is the disjunction of the instances' steps, so Inv ∧ T ∧ ¬Inv′ is unsat exactly
        // when each instance's part is: one file per instance, each small enough for any
        // solver, and checked in parallel.
        var obligations = [("init.smt2", try context.smtlibScript(asserting: initFormula.and(invariant.not())))]
        for (k, transition) in transitions.enumerated() {
            let call = system.call(transition.instance)
            let name = CertificateFolder.stepName(k + 1, of: transitions.count, call: call)
            let about = "; step obligation \(k + 1) of \(transitions.count): Inv ∧ \(call.call) ∧ ¬Inv′\n"
            let step = try context.and([invariant, transition.formula, invariantNext.not()])
            obligations.append((name, about + (try context.smtlibScript(asserting: step))))
        }
        if transitions.isEmpty {
            obligations.append(("step-1-of-1-none.smt2", "; no action instance is ever enabled: T is false\n(check-sat)\n"))
        }
        let faults = try now.term(system.noStepFault).not()
        obligations.append(("nofault.smt2", try context.smtlibScript(asserting: invariant.and(faults))))
        return obligations.map { (name: $0.0, script: $0.1) }
    }
}

/// Re-checks certificates with the built-in Z3: each obligation must be unsat. The
/// obligations are checked in parallel, each in a Z3 context of its own.
public enum CertificateChecker {
    /// Per file: Z3's answer (`unsat` means the obligation holds), in the order given.
    public static func check(files: [URL], timeoutMilliseconds: UInt32? = nil) throws -> [(file: URL, result: Z3Result)] {
        let scripts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
        return zip(files, try check(scripts: scripts, timeoutMilliseconds: timeoutMilliseconds)).map { ($0, $1) }
    }

    /// The obligations of `certificate` that are not unsat (empty when it re-checks). Those
    /// whose script is in `unsat` were checked before (the same text, say, in the
    /// certificate of another invariant with the same inductive invariant) and are not
    /// checked again; those found unsat now are added to it.
    public static func check(
        _ certificate: Certificate, timeoutMilliseconds: UInt32? = nil, unsat known: inout Set<String>
    ) throws -> [(name: String, result: Z3Result)] {
        let open = certificate.obligations.filter { !known.contains($0.script) }
        let results = try check(scripts: open.map(\.script), timeoutMilliseconds: timeoutMilliseconds)
        for (obligation, result) in zip(open, results) where result == .unsat { known.insert(obligation.script) }
        return zip(open, results).compactMap { obligation, result in
            result == .unsat ? nil : (obligation.name, result)
        }
    }

    /// The obligations of `certificate` that are not unsat (empty when it re-checks).
    public static func check(_ certificate: Certificate, timeoutMilliseconds: UInt32? = nil) throws -> [(
        name: String, result: Z3Result
    )] {
        var known: Set<String> = []
        return try check(certificate, timeoutMilliseconds: timeoutMilliseconds, unsat: &known)
    }

    /// Z3's answer for each script, on every core, the longest scripts first.
    static func check(scripts: [String], timeoutMilliseconds: UInt32?) throws -> [Z3Result] {
        let order = scripts.indices.sorted { scripts[$0].utf8.count > scripts[$1].utf8.count }
        let results = Locked([Result<Z3Result, Error>?](repeating: nil, count: scripts.count))
        let next = Locked(0)
        let workers = min(scripts.count, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: max(workers, 1)) { _ in
            while true {
                let k = next.update { n -> Int in
                    n += 1
                    return n - 1
                }
                guard k < order.count else { return }
                let i = order[k]
                let answer = Result { try check(script: scripts[i], timeoutMilliseconds: timeoutMilliseconds) }
                results.update { $0[i] = answer }
            }
        }
        return try results.update { $0 }.map { try $0!.get() }
    }

    /// Z3's answer for one SMT-LIB obligation script, parsed from its text.
    static func check(script: String, timeoutMilliseconds: UInt32?) throws -> Z3Result {
        let context = try Z3Context(timeoutMilliseconds: timeoutMilliseconds)
        let formula = try context.parseSMTLIB(script)
        let solver = try Z3Solver(context: context)
        try solver.assert(formula)
        return try solver.check()
    }
}
