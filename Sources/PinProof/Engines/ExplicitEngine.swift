import PinExplicit
import PinLang

/// The explicit engine: breadth-first search of every reachable state on all cores.
struct ExplicitEngine: Engine {
    let options: EngineOptions

    func check(_ model: Model, invariants: [String]?, stop: StopToken, events: @escaping EventSink) throws -> EngineResult {
        var explorer = Explorer(model: model)
        explorer.workers = options.workers
        explorer.checkDeadlock = options.deadlock
        explorer.code = options.code
        explorer.stop = stop
        // A stop while compiling is no error: the search that follows reports it.
        if options.code == .compiled, let why = explorer.loadCompiledCode(), !stop.isStopped {
            throw CompiledCodeUnavailable(description: "--code compiled: \(why)")
        }
        explorer.limits = options.limits
        explorer.events = events
        let result = explorer.run(invariants: invariants)
        return EngineResult(
            verdicts: result.verdicts, fault: result.fault, deadlock: result.deadlock,
            statistics: ExplicitStatistics(search: result.statistics, peakMemory: Memory.peakResidentBytes()))
    }
}

/// `--code compiled` where the model cannot be compiled.
public struct CompiledCodeUnavailable: Error, CustomStringConvertible {
    public var description: String
}

/// The explicit search's figures and the process's peak memory.
public struct ExplicitStatistics: EngineStatistics {
    public var search: SearchStatistics
    public var peakMemory: Int

    public var figures: [(name: String, value: String)] {
        [
            ("states", String(search.states)), ("transitions", String(search.transitions)),
            ("depth", String(search.maxDepth)), ("time", String(format: "%.2fs", search.elapsed.inSeconds)),
            ("store", Memory.format(bytes: search.storeBytes)), ("peak memory", Memory.format(bytes: peakMemory)),
            ("workers", String(search.workers)), ("code", search.code),
        ]
    }

    public var measures: [String: Measure] {
        var measures: [String: Measure] = [
            "states": .count(search.states), "transitions": .count(search.transitions), "depth": .count(search.maxDepth),
            "elapsed_seconds": .quantity(search.elapsed.inSeconds), "store_bytes": .count(search.storeBytes),
            "peak_memory_bytes": .count(peakMemory), "workers": .count(search.workers),
        ]
        if let depth = search.compiledFromDepth { measures["compiled_from_depth"] = .count(depth) }
        return measures
    }
}
