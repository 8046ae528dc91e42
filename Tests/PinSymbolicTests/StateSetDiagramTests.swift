import PinSymbolic
import Testing
import Z3

@Suite struct StateSetDiagramTests {
    /// Every assignment of the bits is in the diagram exactly when it is a member, and
    /// the diagram is reduced: no node tests a bit whose two outcomes are the same set,
    /// and no two nodes are the same test.
    @Test(arguments: [0, 1, 7, 100, 513, 1024])
    func holdsExactlyItsMembers(_ count: Int) throws {
        let width = 10
        // Scattered and distinct: 389 is odd, so i ↦ 389 i + 7 (mod 1024) is one to one.
        let members = Set((0..<count).map { ($0 * 389 + 7) % 1024 })
        let list = Array(members)
        let diagram = StateSetDiagram(count: list.count, bitCount: width) { i, bits in
            for k in 0..<width { bits[k] = (list[i] >> k) & 1 == 1 }
        }
        for v in 0..<1024 {
            let bits = (0..<width).map { (v >> $0) & 1 == 1 }
            #expect(diagram.contains(bits) == members.contains(v), "\(v)")
        }
        let decisions = diagram.nodes.dropFirst(2)
        #expect(decisions.allSatisfy { $0.low != $0.high })
        #expect(Set(decisions).count == decisions.count)
        if count == 1024 { #expect(diagram.size == 0) }
        if count == 0 { #expect(diagram.size == 0) }
    }

    /// The formula over Boolean constants has the same members: each assignment, asserted
    /// with it, is satisfiable exactly when it is a member.
    @Test func formulaHasTheSameMembers() throws {
        let width = 6
        let members: Set<Int> = [0, 3, 5, 17, 33, 62, 63]
        let list = Array(members)
        let diagram = StateSetDiagram(count: list.count, bitCount: width) { i, bits in
            for k in 0..<width { bits[k] = (list[i] >> k) & 1 == 1 }
        }
        let context = try Z3Context()
        let s = try (0..<width).map { try context.boolConst("b\($0)") }
        let formula = try diagram.formula(over: s, in: context)
        for v in 0..<64 {
            let solver = try Z3Solver(context: context)
            try solver.assert(formula)
            for k in 0..<width { try solver.assert((v >> k) & 1 == 1 ? s[k] : s[k].not()) }
            #expect(try solver.check() == (members.contains(v) ? .sat : .unsat), "\(v)")
        }
    }
}
