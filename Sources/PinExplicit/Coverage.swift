import Dispatch
import PinLang

/// What a machine ran, recorded when `Machine.coverage` is set: per block of compiled
/// code whether it ran, per site whether an implication there had its premise hold.
final class CoverageCounters {
    var blockRan: [Bool]
    var premiseHeld: [Bool]
    var enabled: [Bool]

    init(_ program: CompiledModel) {
        blockRan = Array(repeating: false, count: program.code.blocks.count)
        premiseHeld = Array(repeating: false, count: program.sites.count)
        enabled = Array(repeating: false, count: program.instances.count)
    }

    func merge(_ other: CoverageCounters) {
        for i in blockRan.indices where other.blockRan[i] { blockRan[i] = true }
        for i in premiseHeld.indices where other.premiseHeld[i] { premiseHeld[i] = true }
        for i in enabled.indices where other.enabled[i] { enabled[i] = true }
    }
}

/// One worker's machine and counters.
private final class CoverageLane: @unchecked Sendable {
    let machine: Machine
    let counters: CoverageCounters
    init(_ program: CompiledModel) {
        machine = Machine(program)
        counters = CoverageCounters(program)
        machine.coverage = counters
    }
}

extension Explorer {
    /// Explores every reachable state (no invariant stops the search), then, on all cores,
    /// evaluates every invariant and fires every action instance in each of them with a
    /// recording machine: what never ran, never held or was never enabled. A limit, a
    /// fault or a stop ends the search early; the report then says over which states.
    public func coverage() -> CoverageReport {
        let (result, states) = explore(invariants: [])
        let program = self.program
        let lanes = (0..<max(1, workers)).map { _ in CoverageLane(Compiler.compile(program.model)) }
        let count = states.count
        let slice = (count + lanes.count - 1) / max(lanes.count, 1)
        DispatchQueue.concurrentPerform(iterations: lanes.count) { w in
            let lane = lanes[w]
            let m = lane.machine
            let saved = UnsafeMutablePointer<Int64>.allocate(capacity: max(m.slotCount, 1))
            defer { saved.deallocate() }
            for id in (w * slice)..<min(count, (w + 1) * slice) {
                m.unpack(states.store.state(id))
                for invariant in m.program.invariants { _ = try? m.eval(invariant) }
                saved.update(from: m.registers, count: m.slotCount)
                for (n, instance) in m.program.instances.enumerated() {
                    if (try? m.fire(instance)) == true { lane.counters.enabled[n] = true }
                    m.registers.update(from: saved, count: m.slotCount)
                }
            }
        }
        let total = lanes[0].counters
        for lane in lanes.dropFirst() { total.merge(lane.counters) }
        var report = CoverageReport()
        report.states = count
        if let fault = result.fault {
            report.incomplete = "the search stopped at a model fault (\(fault.message))"
        } else {
            report.incomplete = result.incomplete
        }
        describe(total, into: &report)
        return report
    }

    /// The counters as parts of the model.
    func describe(_ counters: CoverageCounters, into report: inout CoverageReport) {
        let model = program.model
        for (n, instance) in program.instances.enumerated() where !counters.enabled[n] {
            report.instancesNeverEnabled.append(call(instance).call)
        }
        let parents = program.blockParents
        for (b, origin) in program.blockOrigins.enumerated() where !counters.blockRan[b] {
            switch origin {
            case .function(let i)?:
                let f = model.functions[i]
                report.neverRun.append(.init(what: "fn \(f.name)", variant: f.variant, range: f.range))
            case .procedure(let i)?:
                let p = model.procedures[i]
                report.neverRun.append(.init(what: "proc \(p.name)", variant: p.variant, range: p.range))
            case .action(let i)?:
                let a = model.actions[i]
                report.neverRun.append(.init(what: "action \(a.name)", variant: a.variant, range: a.range))
            case .branch(let range, let then)?:
                // Reported only where the code around it ran: else it is in what never ran.
                guard let parent = parents[b], counters.blockRan[Int(parent)] else { continue }
                let owner = program.owner(of: b)
                report.branchesNeverTaken.append(
                    .init(what: "\(then ? "then" : "else") branch in \(owner.name)", variant: owner.variant, range: range))
            case nil:
                continue
            }
        }
        for (j, sites) in program.implications.enumerated() {
            for site in sites where !counters.premiseHeld[site] {
                report.vacuous.append(
                    .init(
                        what: "invariant \(model.invariants[j].name): premise never holds", variant: nil,
                        range: program.sites[site]))
            }
        }
    }
}
