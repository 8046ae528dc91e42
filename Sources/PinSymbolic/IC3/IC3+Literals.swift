import Foundation
import PinLang
import Z3

extension IC3 {
    // MARK: - Literals and cubes

    func term(_ lit: Literal, _ frame: [(pos: Z3Term, neg: Z3Term)]) -> Z3Term {
        lit.polarity ? frame[lit.variable].pos : frame[lit.variable].neg
    }

    /// Whether the initial state lies in the cube.
    package func containsInitial(_ cube: Cube) -> Bool {
        cube.allSatisfy { system.initial[$0.variable] == $0.polarity }
    }

    /// The clause that excludes `cube`, over the current state.
    func clause(_ cube: Cube) throws -> Z3Term {
        try context.or(cube.map { term(!$0, current) })
    }

    /// The current state of the main solver's model `m`.
    func currentState(_ m: Z3Model) throws -> [Bool] {
        try path.frames[0].map { try m.evalBool($0) }
    }

    /// The cube of a full state.
    package func cube(of state: [Bool]) -> Cube {
        state.enumerated().map { b, v in Literal(variable: b, negated: !v) }
    }

    func freshLiteral(_ what: String) throws -> Z3Term {
        fresh += 1
        return try context.boolConst("ic3.\(what)\(fresh)")
    }

    /// The assumptions that select frame i (i >= 1): the clauses of levels i… and of the
    /// proved level (the last).
    func frame(_ i: Int) -> [Z3Term] {
        Array(activations[i...])
    }

    var initialAssumptions: [Z3Term] {
        zip(current, system.initial).map { $1 ? $0.pos : $0.neg }
    }
}
