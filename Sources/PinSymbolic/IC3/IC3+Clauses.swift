import Foundation
import PinLang
import Z3

extension IC3 {
    /// A clause as a person reads it, in the modelling language: the negation of its cube,
    /// each slot whose bits it fixes all compared with its value (`pte[0].frame == ZERO_PAGE`),
    /// a slot it fixes in part by its bits (`page_refcount[2]#10 == 1`).
    package static func describe(_ cube: Cube, in system: TransitionSystem) -> String {
        var fixed: [Int: [Int: Bool]] = [:]  // slot → bit within the slot → value
        var slotOf: [Int] = []
        for (slot, range) in system.slotBits.enumerated() { slotOf += Array(repeating: slot, count: range.count) }
        for l in cube {
            let slot = slotOf[l.variable]
            fixed[slot, default: [:]][l.variable - system.slotBits[slot].lowerBound] = l.polarity
        }
        let parts = fixed.keys.sorted().flatMap { slot -> [String] in
            let info = system.layout.slots[slot]
            let bits = fixed[slot]!
            let width = system.slotBits[slot].count
            if bits.count == width {
                var v: Int64 = 0
                for (i, b) in bits where b { v |= 1 << Int64(i) }
                if info.domain.lowerBound < 0, bits[width - 1] == true { v -= 1 << Int64(width) }
                return ["\(info.path) == \(info.type.literal(v))"]
            }
            return bits.keys.sorted().map { "\(info.path)#\($0) == \(bits[$0]! ? 1 : 0)" }
        }
        return "!(\(parts.joined(separator: " && ")))"
    }

    /// The clauses as one formula over `bits` (one Boolean term per state bit).
    package static func formula(_ clauses: [Cube], over bits: [Z3Term], in context: Z3Context) throws -> Z3Term {
        try context.and(
            clauses.map { cube in
                try context.or(cube.map { l in l.polarity ? try bits[l.variable].not() : bits[l.variable] })
            })
    }
}
