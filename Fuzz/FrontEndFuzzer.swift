import PinExplicit
import PinLang

/// libFuzzer's entry point: one input runs through the front end (lex, parse, check every
/// variant, as `pincheck list` does) and, when it loads, a small explicit exploration of
/// each variant. A crash, a trap or a hang here is a defect; diagnostics are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let loaded = try? LoadedProgram.load(text: text, path: "fuzz.pin") else { return 0 }
    for variant in loaded.program.variantNames {
        guard let model = try? loaded.program.model(variant: variant) else { continue }
        var explorer = Explorer(model: model)
        explorer.workers = 1
        explorer.limits = SearchLimits(maxStates: 2_000, maxDepth: 50, timeLimit: .seconds(1))
        _ = explorer.run()
    }
    return 0
}
