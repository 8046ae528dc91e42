/// Typed random expressions and statements over the variables a `RandomModel` declares.
extension RandomModel {
    /// An integer expression; arithmetic is unbounded, so assigning it may fault.
    mutating func integer(_ scope: Scope, depth: Int) -> String {
        var atoms = ["\(random.below(4))", "level", "LIMIT"]
        atoms += scope.names(of: "Slot") + scope.names(of: "Level") + scope.names(of: "int")
        if has(.signed) { atoms.append("signed") }
        if has(.cell) { atoms.append("cell.v") }
        if has(.counts) { atoms.append("counts[\(modeValue(scope))]") }
        guard depth > 0, random.chance(60) else { return random.pick(atoms) }
        let a = integer(scope, depth: depth - 1)
        switch random.below(9) {
        case 0: return "(\(a) + \(integer(scope, depth: depth - 1)))"
        case 1: return "(\(a) - \(integer(scope, depth: depth - 1)))"
        case 2: return "(\(a) * 2)"
        case 3: return "(\(a) / 2)"
        case 4: return "(\(a) % 3)"
        case 5: return "(\(boolean(scope, depth: depth - 1)) ? \(a) : \(integer(scope, depth: depth - 1)))"
        case 6 where hasFunction && !scope.inFunction: return "twist(\(a))"
        case 7 where random.chance(15): return "(\(a) / level)"  // divides by zero while level is 0
        default: return "(\(a) + 1)"
        }
    }

    /// A boolean expression.
    mutating func boolean(_ scope: Scope, depth: Int) -> String {
        var atoms = scope.names(of: "bool") + ["\(integer(scope, depth: 0)) \(comparison()) \(integer(scope, depth: 1))"]
        if has(.flag) { atoms.append("flag") }
        if has(.mode) { atoms.append("mode \(random.pick(["==", "!="])) \(modeValue(scope))") }
        if has(.bits) { atoms.append("bits[\(slotIndex(scope))]") }
        // Parenthesised: a record literal right before a block would be read as the block.
        if has(.cell) { atoms += ["cell.on", "(cell == Cell { on: \(random.chance(50)), v: \(random.below(3)) })"] }
        guard depth > 0, random.chance(60) else { return random.pick(atoms) }
        let a = boolean(scope, depth: depth - 1)
        switch random.below(6) {
        case 0: return "!(\(a))"
        case 1: return "(\(a) && \(boolean(scope, depth: depth - 1)))"
        case 2: return "(\(a) || \(boolean(scope, depth: depth - 1)))"
        case 3: return "(\(a) ==> \(boolean(scope, depth: depth - 1)))"
        case 4 where has(.bits):
            fresh += 1
            return "(\(random.pick(["forall", "exists"])) q\(fresh): Slot :: bits[q\(fresh)] \(random.pick(["||", "&&"])) \(a))"
        case 5 where has(.counts):
            fresh += 1
            return "(exists q\(fresh): Mode :: counts[q\(fresh)] == \(random.below(2)))"
        default: return a
        }
    }

    mutating func comparison() -> String { random.pick(["==", "!=", "<", "<=", ">", ">="]) }

    mutating func modeValue(_ scope: Scope) -> String {
        var values = ["idle", "busy", "done"] + scope.names(of: "Mode")
        if has(.mode) { values.append("mode") }
        return random.pick(values)
    }

    /// An index into `bits`: mostly within `Slot`, sometimes `level`, which may exceed it.
    mutating func slotIndex(_ scope: Scope) -> String {
        var indices = ["\(random.below(3))"] + scope.names(of: "Slot")
        if has(.cell) { indices.append("cell.v") }
        if random.chance(10) { indices.append("level") }
        return random.pick(indices)
    }

    /// A value for `target`, a variable of `lo...hi`: mostly one that fits, often a step
    /// up (so that a search goes deep), sometimes raw arithmetic, which may not fit.
    mutating func fitting(_ target: String, _ lo: Int, _ hi: Int, _ scope: Scope) -> String {
        switch random.below(10) {
        case 0, 1: return "\(lo + random.below(hi - lo + 1))"
        case 2, 3: return "(\(integer(scope, depth: 1)) % \(hi + 1))"
        case 4: return "\(integer(scope, depth: 1))"
        case 5: return "\(target) + 1"
        default: return "(\(target) < \(hi) ? \(target) + 1 : \(lo))"
        }
    }

    /// A statement that an action, procedure or `init` block may run.
    mutating func statement(_ scope: Scope, depth: Int) -> String {
        var choices: [Int] = [0]
        for (v, n) in [(Variable.flag, 1), (.mode, 2), (.bits, 3), (.counts, 4), (.cell, 5), (.signed, 6)] where has(v) {
            choices.append(n)
        }
        if depth > 0 { choices += [7, 7] }
        if hasProcedure && !scope.parameters.contains(where: { $0.0 == "s" }) { choices.append(8) }
        switch random.pick(choices) {
        case 0: return "level := \(fitting("level", 0, top, scope));"
        case 1: return "flag := \(random.chance(50) ? "!flag" : boolean(scope, depth: 1));"
        case 2:
            let next = "mode == idle ? busy : (mode == busy ? done : idle)"
            return "mode := \(random.chance(50) ? next : modeValue(scope));"
        case 3:
            let i = slotIndex(scope)
            return "bits[\(i)] := \(random.chance(50) ? "!bits[\(i)]" : boolean(scope, depth: 1));"
        case 4:
            let m = modeValue(scope)
            return random.chance(85) ? "counts[\(m)] := 1 - counts[\(m)];" : "counts[\(m)] := counts[\(m)] + 1;"
        case 5:
            switch random.below(3) {
            case 0: return "cell.v := \(fitting("cell.v", 0, 2, scope));"
            case 1: return "cell.on := !cell.on;"
            default: return "cell := Cell { on: \(boolean(scope, depth: 0)), v: \(random.below(3)) };"
            }
        case 6: return "signed := \(random.chance(70) ? "(\(integer(scope, depth: 1)) % 3)" : "signed - 1");"
        case 7:
            let then = statement(scope, depth: depth - 1)
            let otherwise = random.chance(50) ? " else { \(statement(scope, depth: depth - 1)) }" : ""
            return "if \(boolean(scope, depth: 1)) { \(then) }\(otherwise)"
        default:
            fresh += 1
            return "let t\(fresh) = \(integer(scope, depth: 0)); nudge(t\(fresh) % 3);"
        }
    }
}

extension RandomModel {
    /// An invariant: an arbitrary condition, one likely to hold (an implication, a
    /// disjunction), or a bound that a counter may reach only after several steps.
    mutating func invariant() -> String {
        let scope = Scope()
        switch random.below(10) {
        case 0, 1, 2: return boolean(scope, depth: 2)
        case 3, 4: return "(\(boolean(scope, depth: 1)) ==> \(boolean(scope, depth: 1)))"
        case 5, 6: return "(\(boolean(scope, depth: 1)) || \(boolean(scope, depth: 1)))"
        default:
            var bounded = ["level"]
            if has(.cell) { bounded.append("cell.v") }
            if has(.counts) { bounded.append("counts[\(modeValue(scope))]") }
            let sum = random.chance(50) ? random.pick(bounded) : "\(random.pick(bounded)) + \(random.pick(bounded))"
            return "\(sum) \(random.pick(["<", "<=", "!="])) \(top - 1 + random.below(3))"
        }
    }
}

extension RandomModel {
    /// A small change to one variable (a toggle, a step up, the next value), so that the
    /// actions together reach more than a handful of states.
    mutating func step(_ scope: Scope) -> String {
        switch random.pick(variables) {
        case .flag: return "flag := !flag;"
        case .level: return "level := \(random.chance(80) ? "(level < \(top) ? level + 1 : 0)" : "level + 1");"
        case .mode: return "mode := mode == idle ? busy : (mode == busy ? done : idle);"
        case .bits:
            let i = slotIndex(scope)
            return "bits[\(i)] := !bits[\(i)];"
        case .counts:
            let m = modeValue(scope)
            return "counts[\(m)] := 1 - counts[\(m)];"
        case .cell: return random.chance(50) ? "cell.on := !cell.on;" : "cell.v := (cell.v + 1) % 3;"
        case .signed: return "signed := \(random.chance(80) ? "(signed > -2 ? signed - 1 : 2)" : "signed - 1");"
        }
    }
}
