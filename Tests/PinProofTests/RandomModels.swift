/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose sequence depends on the
/// seed alone, so a seed printed by a failing test rebuilds the same model anywhere.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (the modulo bias is irrelevant here).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

/// A random model for the differential test: a few state variables of every kind (bool,
/// ranges, an enum, arrays indexed by a range and by an enum, a record), a function, a
/// procedure, guarded actions with parameters, invariants, and sometimes an `init` block and
/// a second variant that overrides a constant, the function, the procedure or an action.
/// Arithmetic is unchecked in places, so some models fault (an assignment out of its range,
/// an index out of bounds, a division by zero). The product of the variables' domains stays
/// below `maxSpace`, so every engine checks a model in a fraction of a second.
struct RandomModel {
    /// A state variable the generator may use, and the number of values it takes.
    enum Variable: CaseIterable {
        case flag, level, mode, bits, counts, cell, signed
    }

    static let maxSpace = 3000
    var random: SplitMix64
    var seed: UInt64
    /// The upper bound of `Level` (`0..top`).
    var top: Int
    var variables: [Variable] = []
    var hasFunction = false
    var hasProcedure = false
    /// Names bound by `forall`/`exists`, kept unique within the model.
    var fresh = 0

    init(seed: UInt64) {
        self.seed = seed
        random = SplitMix64(seed: seed)
        top = 2 + random.below(3)
        variables = chooseVariables()
        hasFunction = random.chance(70)
        hasProcedure = random.chance(60)
    }

    /// The model's text.
    static func text(seed: UInt64) -> String {
        var generator = RandomModel(seed: seed)
        return generator.generate()
    }

    func domainSize(_ v: Variable) -> Int {
        switch v {
        case .flag: 2
        case .level: top + 1
        case .mode: 3
        case .bits: 8
        case .counts: 8
        case .cell: 6
        case .signed: 5
        }
    }

    /// `level` always, then the others in a random order while the space stays small.
    mutating func chooseVariables() -> [Variable] {
        var chosen: [Variable] = [.level]
        var space = domainSize(.level)
        var rest = Variable.allCases.filter { $0 != .level }
        while !rest.isEmpty {
            let v = rest.remove(at: random.below(rest.count))
            if random.chance(75) && space * domainSize(v) <= Self.maxSpace {
                chosen.append(v)
                space *= domainSize(v)
            }
        }
        return chosen
    }

    func has(_ v: Variable) -> Bool { variables.contains(v) }

    /// The declarations, in an order a reader expects (types, state, code, properties).
    mutating func generate() -> String {
        var lines = ["model random_\(seed)"]
        let variants = random.chance(50)
        if variants {
            lines += ["variant first \"as generated\"", "variant second extends first \"with overrides\""]
        }
        lines += [
            "enum Mode { idle, busy, done }", "type Slot = 0..2", "type Level = 0..\(top)",
            "record Cell { on: bool, v: Slot }", "const LIMIT = \(1 + random.below(top))",
        ]
        lines += declarations()
        if random.chance(15) { lines.append("init { \(statement(Scope(), depth: 1)) }") }
        if hasFunction { lines.append(function()) }
        if hasProcedure { lines.append(procedure()) }
        let actionCount = 2 + random.below(4)
        var signatures: [(name: String, parameters: [(String, String)])] = []
        for a in 0..<actionCount {
            let parameters = actionParameters()
            signatures.append(("act\(a)", parameters))
            lines.append("action " + action("act\(a)", parameters))
        }
        for i in 0..<(2 + random.below(3)) {
            lines.append("invariant inv\(i): \(invariant())")
        }
        if variants { lines += overrides(signatures) }
        return lines.joined(separator: "\n") + "\n"
    }

    func declarations() -> [String] {
        variables.map { v in
            switch v {
            case .flag: "var flag: bool"
            case .level: "var level: Level = 0"
            case .mode: "var mode: Mode = idle"
            case .bits: "var bits: [Slot] bool = false"
            case .counts: "var counts: [Mode] 0..1"
            case .cell: "var cell: Cell"
            case .signed: "var signed: -2..2 = 0"
            }
        }
    }

    /// What the second variant replaces: the limit, the function, the procedure or an action.
    mutating func overrides(_ actions: [(name: String, parameters: [(String, String)])]) -> [String] {
        var lines: [String] = []
        if random.chance(60) { lines.append("variant second const LIMIT = \(random.below(top + 1))") }
        if hasFunction && random.chance(40) { lines.append("variant second " + function()) }
        if hasProcedure && random.chance(40) { lines.append("variant second " + procedure()) }
        if lines.isEmpty || random.chance(50) {
            let chosen = random.pick(actions)
            lines.append("variant second action " + action(chosen.name, chosen.parameters))
        }
        return lines
    }

    mutating func actionParameters() -> [(String, String)] {
        let kinds = [("i", "Slot"), ("b", "bool"), ("m", "Mode"), ("l", "Level")]
        var parameters: [(String, String)] = []
        // Mostly one parameter at most: a proof's certificate has a step obligation per
        // action instance, each re-checked by Z3, and those dominate the test's time.
        for kind in kinds where random.chance(25) && parameters.count < (random.chance(20) ? 2 : 1) {
            parameters.append(kind)
        }
        return parameters
    }

    /// `name(parameters) requires guard { body }`, without the leading keyword.
    mutating func action(_ name: String, _ parameters: [(String, String)]) -> String {
        let scope = Scope(parameters: parameters)
        var guardText = ""
        if random.chance(30) {
            guardText = " requires \(boolean(scope, depth: 1))"
        } else if random.chance(40) {
            guardText = " requires level \(random.pick(["<", "!="])) \(random.chance(50) ? "LIMIT" : String(top))"
        }
        var body = [step(scope)]
        for _ in 0..<random.below(3) { body.append(statement(scope, depth: 2)) }
        let list = parameters.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
        return "\(name)(\(list))\(guardText) { \(body.joined(separator: " ")) }"
    }

    /// `fn twist(v: int) -> int`, with an early return on one path.
    mutating func function() -> String {
        let inner = Scope(parameters: [("v", "int")], inFunction: true)
        let early = random.chance(50) ? "if \(boolean(inner, depth: 1)) { return \(integer(inner, depth: 1)); } " : ""
        let result = "let w = \(integer(inner, depth: 1)); return w \(random.pick(["+", "-", "%"])) 2;"
        return "fn twist(v: int) -> int { \(early)\(result) }"
    }

    /// `proc nudge(s: Slot)`: assignments, sometimes a loop and an early `return;`.
    mutating func procedure() -> String {
        let scope = Scope(parameters: [("s", "Slot")])
        var body = [statement(scope, depth: 1)]
        if random.chance(40) { body.insert("if \(boolean(scope, depth: 1)) { return; }", at: 0) }
        if has(.bits) && random.chance(40) {
            body.append("for t in Slot { bits[t] := \(random.pick(["!bits[t]", "t == s", "bits[t] && flag_or_true"])); }")
        }
        let text = body.joined(separator: " ").replacingOccurrences(of: "flag_or_true", with: has(.flag) ? "flag" : "true")
        return "proc nudge(s: Slot) { \(text) }"
    }
}

/// The names an expression may read besides the state: parameters with their types.
struct Scope {
    var parameters: [(String, String)] = []
    /// Inside `twist`, which must not call itself.
    var inFunction = false

    func names(of type: String) -> [String] { parameters.filter { $0.1 == type }.map(\.0) }
}
