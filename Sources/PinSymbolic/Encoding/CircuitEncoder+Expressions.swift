import PinLang

extension CircuitEncoder {
    /// A Boolean expression's literal, evaluated when `g` holds (faults are recorded under `g`).
    func truth(_ e: TypedExpr, guardedBy g: Literal, in frame: inout Frame) throws -> Literal {
        circuit.truth(try scalar(e, guardedBy: g, in: &frame))
    }

    /// A scalar expression's word.
    func scalar(_ e: TypedExpr, guardedBy g: Literal, in frame: inout Frame) throws -> Word {
        try value(e, guardedBy: g, in: &frame)[0]
    }

    /// The flattened value of any expression (one word for a scalar).
    /// - Long: one case per kind of expression, each a few lines, as in the checker.
    func value(_ e: TypedExpr, guardedBy g: Literal, in frame: inout Frame) throws -> [Word] {
        let c = circuit
        switch e.kind {
        case .literal(let v):
            return [Word(constant: v)]
        case .variable(let v):
            let base = layout.variableBase[v]
            return Array(frame.state[base..<base + e.type.scalarCount])
        case .local(let l):
            guard let v = frame.values[l] else { throw EncodingError("local '\(l)' read before it is bound") }
            return v
        case .unary(let op, let x):
            let a = try scalar(x, guardedBy: g, in: &frame)
            switch op {
            case .not: return [Word(bit: !c.truth(a))]
            case .negate: return [checked(c.negate(a), g, &frame)]
            case .bitNot: return [c.bitNot(a)]
            }
        case .binary(let op, let x, let y):
            return [try binary(op, x, y, guardedBy: g, in: &frame)]
        case .conditional(let condition, let x, let y):
            let cond = try truth(condition, guardedBy: g, in: &frame)
            let a = try value(x, guardedBy: c.and(g, cond), in: &frame)
            let b = try value(y, guardedBy: c.and(g, !cond), in: &frame)
            return zip(a, b).map { c.ite(cond, $0, $1) }
        case .index(let base, let index):
            let whole = try value(base, guardedBy: g, in: &frame)
            guard case .array(let indexType, let element) = base.type, let bounds = indexType.finiteDomain else {
                throw EncodingError("index of a non-array")
            }
            let stride = element.scalarCount
            let candidates = try indexCandidates(index, bounds, guardedBy: g, in: &frame)
            return (0..<stride).map { k in
                select(candidates.map { ($0.cond, whole[Int($0.value - bounds.lowerBound) * stride + k]) })
            }
        case .field(let base, let i):
            let whole = try value(base, guardedBy: g, in: &frame)
            guard case .record(let r) = base.type else { throw EncodingError("field of a non-record") }
            let offset = r.offset(ofField: i)
            return Array(whole[offset..<offset + r.fields[i].type.scalarCount])
        case .call(let index, let args):
            return try callFunction(index, args, guardedBy: g, in: &frame)
        case .quantified(let q, let local, let domain, let body):
            // Mirrors the explicit engine's early exit: element k is evaluated only while
            // the elements before it have not decided the result.
            var parts: [Literal] = []
            var undecided = g
            for v in domain.finiteDomain ?? 0...(-1) {
                frame.values[local] = [Word(constant: v)]
                let b = try truth(body, guardedBy: undecided, in: &frame)
                parts.append(b)
                undecided = c.and(undecided, q == .forall ? b : !b)
            }
            return [Word(bit: q == .forall ? c.and(parts) : c.or(parts))]
        case .record(let fields):
            guard case .record(let r) = e.type else { throw EncodingError("record literal of a non-record type") }
            var result: [Word] = []
            for (i, f) in fields.enumerated() {
                result += try converted(f, to: r.fields[i].type, guardedBy: g, in: &frame)
            }
            return result
        case .array(let elements):
            guard case .array(_, let element) = e.type else { throw EncodingError("array literal of a non-array type") }
            var result: [Word] = []
            for el in elements { result += try converted(el, to: element, guardedBy: g, in: &frame) }
            return result
        }
    }

    /// A value converted to `type`: narrowing to a range faults outside it (as the explicit
    /// engine does), and the word is then restricted to the range.
    func converted(_ e: TypedExpr, to type: ValueType, guardedBy g: Literal, in frame: inout Frame) throws -> [Word] {
        let v = try value(e, guardedBy: g, in: &frame)
        guard let bounds = type.rangeBounds else { return v }
        fault(when: !circuit.inRange(v[0], bounds), g, &frame)
        return [circuit.clamp(v[0], to: bounds)]
    }

    /// An integer result restricted to the `int` range, faulting outside it.
    func checked(_ r: Word, _ g: Literal, _ frame: inout Frame) -> Word {
        fault(when: !circuit.inRange(r, ValueType.intBounds), g, &frame)
        return circuit.clamp(r, to: ValueType.intBounds)
    }

    /// The possible values of an index expression within `bounds`, each with the condition
    /// selecting it; an index outside the bounds is a fault.
    func indexCandidates(_ index: TypedExpr, _ bounds: ClosedRange<Int64>, guardedBy g: Literal, in frame: inout Frame) throws
        -> [(cond: Literal, value: Int64)]
    {
        let ix = try scalar(index, guardedBy: g, in: &frame)
        fault(when: !circuit.inRange(ix, bounds), g, &frame)
        let lo = max(ix.range.lowerBound, bounds.lowerBound)
        let hi = min(ix.range.upperBound, bounds.upperBound)
        if lo > hi { return [(.true, bounds.lowerBound)] }  // only reached by a fault
        if lo == hi { return [(.true, lo)] }
        return (lo...hi).map { (circuit.equal(ix, Word(constant: $0)), $0) }
    }

    /// `ite(c1, v1, ite(c2, v2, … vn))`: the last option needs no condition, the options
    /// covering every value that matters.
    func select(_ options: [(Literal, Word)]) -> Word {
        var result = options[options.count - 1].1
        for (c, v) in options.dropLast().reversed() { result = circuit.ite(c, v, result) }
        return result
    }

    func binary(_ op: BinaryOperator, _ x: TypedExpr, _ y: TypedExpr, guardedBy g: Literal, in frame: inout Frame) throws -> Word
    {
        let c = circuit
        switch op {
        case .and, .or, .implies:
            let a = try truth(x, guardedBy: g, in: &frame)
            let b = try truth(y, guardedBy: c.and(g, op == .or ? !a : a), in: &frame)
            switch op {
            case .and: return Word(bit: c.and(a, b))
            case .or: return Word(bit: c.or(a, b))
            default: return Word(bit: c.implies(a, b))
            }
        case .equal, .notEqual:
            let a = try value(x, guardedBy: g, in: &frame)
            let b = try value(y, guardedBy: g, in: &frame)
            let eq = c.and(zip(a, b).map { c.equal($0, $1) })
            return Word(bit: op == .equal ? eq : !eq)
        default:
            break
        }
        let a = try scalar(x, guardedBy: g, in: &frame)
        let b = try scalar(y, guardedBy: g, in: &frame)
        switch op {
        case .less: return Word(bit: c.less(a, b))
        case .lessEqual: return Word(bit: !c.less(b, a))
        case .greater: return Word(bit: c.less(b, a))
        case .greaterEqual: return Word(bit: !c.less(a, b))
        case .add: return checked(c.add(a, b), g, &frame)
        case .subtract: return checked(c.add(a, b, subtract: true), g, &frame)
        case .multiply: return checked(c.multiply(a, b), g, &frame)
        case .divide, .remainder:
            let zero = c.equal(b, Word(constant: 0))
            fault(when: zero, g, &frame)
            if zero == .true { return Word(constant: 0) }
            let (q, r) = c.divide(a, b)
            return op == .divide ? checked(q, g, &frame) : r
        case .bitAnd, .bitOr, .bitXor:
            return c.bitwise(op, a, b)
        case .shiftLeft, .shiftRight:
            fault(when: !c.inRange(b, 0...31), g, &frame)
            let lo = max(b.range.lowerBound, 0)
            let hi = min(b.range.upperBound, 31)
            if lo > hi { return Word(constant: 0) }  // only reached by a fault
            let options = (lo...hi).map { n in
                (c.equal(b, Word(constant: n)), c.shift(a, by: Int(n), left: op == .shiftLeft))
            }
            let r = select(options)
            return op == .shiftLeft ? checked(r, g, &frame) : r
        default:
            throw EncodingError("operator \(op.rawValue) is not arithmetic")
        }
    }

    /// Inlines a function call: arguments bound as the callee's parameters, its body run on
    /// a fresh frame that shares (and cannot change) the state.
    func callFunction(_ index: Int, _ args: [TypedExpr], guardedBy g: Literal, in frame: inout Frame) throws -> [Word] {
        let f = model.functions[index]
        var callee = Frame(state: frame.state, locals: f.locals, fault: frame.fault)
        for (i, arg) in args.enumerated() {
            callee.values[i] = try converted(arg, to: f.locals[i].type, guardedBy: g, in: &frame)
        }
        callee.fault = frame.fault
        var defaults: [Int64] = []
        StateLayout.defaults(of: f.result, into: &defaults)
        callee.result = defaults.map { Word(constant: $0) }
        try execute(f.body, guardedBy: g, in: &callee, resultType: f.result)
        frame.fault = callee.fault
        return callee.result ?? []
    }
}
