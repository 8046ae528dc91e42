import PinLang
import Z3

extension SymbolicEncoder {
    /// A scalar expression's term, evaluated when `g` holds (faults are recorded under `g`).
    func scalar(_ e: TypedExpr, guardedBy g: Z3Term, in frame: inout Frame) throws -> Z3Term {
        try value(e, guardedBy: g, in: &frame)[0]
    }

    /// The flattened value of any expression (one term for a scalar).
    func value(_ e: TypedExpr, guardedBy g: Z3Term, in frame: inout Frame) throws -> [Z3Term] {
        switch e.kind {
        case .literal(let v):
            return [try literal(v, e.type)]
        case .variable(let v):
            let base = layout.variableBase[v]
            return Array(frame.state[base..<base + e.type.scalarCount])
        case .local(let l):
            guard let v = frame.values[l] else { throw EncodingError("local '\(l)' read before it is bound") }
            return v
        case .unary(let op, let x):
            let a = try scalar(x, guardedBy: g, in: &frame)
            switch op {
            case .not: return [try not(a)]
            case .negate:
                try fault(when: a.eq(intMin), g, &frame)
                return [try -a]
            case .bitNot:
                return [try context.int(-1) - a]  // ~a == -a - 1 in two's complement
            }
        case .binary(let op, let x, let y):
            return [try binary(op, x, y, guardedBy: g, in: &frame)]
        case .conditional(let c, let x, let y):
            let cond = try scalar(c, guardedBy: g, in: &frame)
            let a = try value(x, guardedBy: and(g, cond), in: &frame)
            let b = try value(y, guardedBy: and(g, not(cond)), in: &frame)
            return try zip(a, b).map { try ite(cond, $0, $1) }
        case .index(let base, let index):
            let whole = try value(base, guardedBy: g, in: &frame)
            guard case .array(let indexType, let element) = base.type, let bounds = indexType.finiteDomain else {
                throw EncodingError("index of a non-array")
            }
            let stride = element.scalarCount
            let candidates = try indexCandidates(index, bounds, guardedBy: g, in: &frame)
            return try (0..<stride).map { k in
                try select(candidates.map { ($0.cond, whole[Int($0.value - bounds.lowerBound) * stride + k]) })
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
            var parts: [Z3Term] = []
            var undecided = g
            for v in domain.finiteDomain ?? 0...(-1) {
                frame.values[local] = [try literal(v, domain)]
                let b = try scalar(body, guardedBy: undecided, in: &frame)
                parts.append(b)
                undecided = try and(undecided, q == .forall ? b : not(b))
            }
            return [q == .forall ? try conjunction(parts) : try disjunction(parts)]
        case .record(let fields):
            guard case .record(let r) = e.type else { throw EncodingError("record literal of a non-record type") }
            var result: [Z3Term] = []
            for (i, f) in fields.enumerated() {
                result += try converted(f, to: r.fields[i].type, guardedBy: g, in: &frame)
            }
            return result
        case .array(let elements):
            guard case .array(_, let element) = e.type else { throw EncodingError("array literal of a non-array type") }
            var result: [Z3Term] = []
            for el in elements { result += try converted(el, to: element, guardedBy: g, in: &frame) }
            return result
        }
    }

    /// A value converted to `type`: narrowing to a range faults outside it (as the explicit engine does).
    func converted(_ e: TypedExpr, to type: ValueType, guardedBy g: Z3Term, in frame: inout Frame) throws -> [Z3Term] {
        let v = try value(e, guardedBy: g, in: &frame)
        guard case .range(let lo, let hi) = type else { return v }
        if case .range(let a, let b) = e.type, a >= lo, b <= hi { return v }
        if let r = interval(v[0]), r.lowerBound >= lo, r.upperBound <= hi { return v }
        let inside = try (v[0] >= context.int(Int(lo))).and(v[0] <= context.int(Int(hi)))
        try fault(when: not(inside), g, &frame)
        return v
    }

    /// Records that evaluation faults when `condition` holds under guard `g`.
    func fault(when condition: Z3Term, _ g: Z3Term, _ frame: inout Frame) throws {
        let c = try and(g, condition)
        if c.boolValue == false { return }
        frame.fault = try or(frame.fault, c)
    }

    /// The possible values of an index expression within `bounds`, each with the condition
    /// selecting it; an index outside the bounds is a fault.
    func indexCandidates(_ index: TypedExpr, _ bounds: ClosedRange<Int64>, guardedBy g: Z3Term, in frame: inout Frame) throws
        -> [(cond: Z3Term, value: Int64)]
    {
        let ix = try scalar(index, guardedBy: g, in: &frame)
        if let n = numeral(ix) {
            if bounds.contains(n) { return [(trueTerm, n)] }
            try fault(when: trueTerm, g, &frame)
            return [(trueTerm, bounds.lowerBound)]  // unreachable without a fault
        }
        if let r = interval(ix), r.lowerBound >= bounds.lowerBound, r.upperBound <= bounds.upperBound {
            return try r.map { (try ix.eq(context.int(Int($0))), $0) }
        }
        let inside = try (ix >= context.int(Int(bounds.lowerBound))).and(ix <= context.int(Int(bounds.upperBound)))
        try fault(when: not(inside), g, &frame)
        return try bounds.map { (try ix.eq(context.int(Int($0))), $0) }
    }

    /// `ite(c1, v1, ite(c2, v2, … vn))`.
    func select(_ options: [(Z3Term, Z3Term)]) throws -> Z3Term {
        guard var result = options.last?.1 else { throw EncodingError("empty selection") }
        for (c, v) in options.dropLast().reversed() { result = try ite(c, v, result) }
        return result
    }

    func binary(_ op: BinaryOperator, _ x: TypedExpr, _ y: TypedExpr, guardedBy g: Z3Term, in frame: inout Frame) throws -> Z3Term
    {
        switch op {
        case .and, .or, .implies:
            let a = try scalar(x, guardedBy: g, in: &frame)
            let bGuard = try op == .or ? and(g, not(a)) : and(g, a)
            let b = try scalar(y, guardedBy: bGuard, in: &frame)
            switch op {
            case .and: return try and(a, b)
            case .or: return try or(a, b)
            default: return try or(not(a), b)
            }
        case .equal, .notEqual:
            let a = try value(x, guardedBy: g, in: &frame)
            let b = try value(y, guardedBy: g, in: &frame)
            var eq = trueTerm
            for (u, v) in zip(a, b) {
                if let m = numeral(u), let n = numeral(v) {
                    if m != n { eq = falseTerm }
                } else if let m = u.boolValue, let n = v.boolValue {
                    if m != n { eq = falseTerm }
                } else {
                    eq = try and(eq, u.isIdentical(to: v) ? trueTerm : u.eq(v))
                }
            }
            return op == .equal ? eq : try not(eq)
        default:
            break
        }
        let a = try scalar(x, guardedBy: g, in: &frame)
        let b = try scalar(y, guardedBy: g, in: &frame)
        // Small value sets (constants, ite trees of constants, variables with small
        // domains) are computed exactly, case by case, instead of being left to the solver.
        if let r = try caseSplit(op, a, b, guardedBy: g, in: &frame) { return r }
        let r: Z3Term
        switch op {
        case .less: return try a < b
        case .lessEqual: return try a <= b
        case .greater: return try a > b
        case .greaterEqual: return try a >= b
        case .add: r = try a + b
        case .subtract: r = try a - b
        case .multiply: r = try a * b
        case .divide, .remainder:
            try fault(when: b.eq(context.int(0)), g, &frame)
            // C truncation: |a| div |b| carries the sign of a*b; the remainder has the sign of a.
            let zero = try context.int(0)
            let absA = try context.ite(a >= zero, a, -a)
            let quotient: Z3Term
            if let n = numeral(b), n != 0 {
                let q = try absA.div(context.int(Int(abs(n))))
                quotient = n > 0 ? try context.ite(a >= zero, q, -q) : try context.ite(a >= zero, -q, q)
            } else {
                let absB = try context.ite(b >= zero, b, -b)
                let q = try absA.div(absB)
                quotient = try context.ite((a >= zero).eq(b >= zero), q, -q)
            }
            r = op == .divide ? quotient : try a - b * quotient
        case .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight:
            r = try bitwise(op, a, b, guardedBy: g, in: &frame)
            if op != .shiftLeft { return r }
        default:
            throw EncodingError("operator \(op.rawValue) is not arithmetic")
        }
        if let ia = interval(a), let ib = interval(b), let ir = resultInterval(op, ia, ib) {
            record(r, ir)
            if ValueType.intBounds.contains(ir.lowerBound) && ValueType.intBounds.contains(ir.upperBound) { return r }
        }
        try fault(when: (r < intMin).or(r > intMax), g, &frame)
        return r
    }

    /// The bounds of `+`, `-`, `*` over operand bounds (nil for other operators).
    func resultInterval(_ op: BinaryOperator, _ a: ClosedRange<Int64>, _ b: ClosedRange<Int64>) -> ClosedRange<Int64>? {
        let candidates: [Int64]
        switch op {
        case .add: candidates = [a.lowerBound + b.lowerBound, a.upperBound + b.upperBound]
        case .subtract: candidates = [a.lowerBound - b.upperBound, a.upperBound - b.lowerBound]
        case .multiply:
            candidates = [
                a.lowerBound * b.lowerBound, a.lowerBound * b.upperBound, a.upperBound * b.lowerBound,
                a.upperBound * b.upperBound,
            ]
        default: return nil
        }
        return candidates.min()!...candidates.max()!
    }

    /// The possible values of a term as (condition, value) cases, when there are at most
    /// `limit`: a numeral, an `ite` tree over such terms, or a term with a small known domain.
    func cases(_ t: Z3Term, limit: Int = 64, enumerateDomains: Bool) throws -> [(cond: Z3Term, value: Int64)]? {
        if let n = numeral(t) { return [(trueTerm, n)] }
        if let (c, x, y) = t.iteParts, let cx = try cases(x, limit: limit, enumerateDomains: enumerateDomains),
            let cy = try cases(y, limit: limit - cx.count, enumerateDomains: enumerateDomains)
        {
            return try cx.map { (try and(c, $0.cond), $0.value) } + cy.map { (try and(not(c), $0.cond), $0.value) }
        }
        if enumerateDomains, let r = interval(t), r.count <= limit {
            return try r.map { (try t.eq(context.int(Int($0))), $0) }
        }
        return nil
    }

    /// Applies an operator to small value sets of both operands exactly (faults included);
    /// nil when either operand has too many values.
    func caseSplit(_ op: BinaryOperator, _ a: Z3Term, _ b: Z3Term, guardedBy g: Z3Term, in frame: inout Frame) throws -> Z3Term? {
        // Enumerating a variable's domain pays only for operators the solver handles badly;
        // `x + 1` or `x < 3` are better left as they are.
        let enumerate: Bool
        switch op {
        case .bitAnd, .bitOr, .bitXor, .shiftLeft, .shiftRight, .divide, .remainder: enumerate = true
        default: enumerate = false
        }
        guard let ca = try cases(a, enumerateDomains: enumerate), let cb = try cases(b, enumerateDomains: enumerate),
            ca.count * cb.count <= 64
        else { return nil }
        var options: [(Z3Term, Z3Term)] = []
        var results: [Int64] = []
        for u in ca {
            for v in cb {
                let cond = try and(u.cond, v.cond)
                if cond.boolValue == false { continue }
                do {
                    let r = try Arithmetic.apply(op, u.value, v.value)
                    results.append(r)
                    options.append((cond, try op.isComparison ? context.bool(r != 0) : context.int(Int(r))))
                } catch {
                    try fault(when: cond, g, &frame)
                    results.append(0)
                    options.append((cond, try op.isComparison ? falseTerm : context.int(0)))
                }
            }
        }
        if options.isEmpty { return nil }
        // The last case needs no condition: the cases cover every value.
        let r = try select(options)
        if !op.isComparison, let lo = results.min(), let hi = results.max() { record(r, lo...hi) }
        return r
    }

    /// The known bounds of an integer term: a numeral, a state variable or parameter of a
    /// bounded type, or a term built from such by the encoder.
    func interval(_ t: Z3Term) -> ClosedRange<Int64>? {
        if let n = numeral(t) { return n...n }
        return intervals[t.id]
    }

    func record(_ t: Z3Term, _ r: ClosedRange<Int64>) {
        intervals[t.id] = r
        retained.append(t)  // keeps the id from being reused while it is in the table
    }

    /// Bit `i` (0 or 1) of a 32-bit two's complement value, in linear integer arithmetic:
    /// floor division and a non-negative modulus give the two's complement bits of negatives too.
    func bit(_ a: Z3Term, _ i: Int) throws -> Z3Term {
        try a.div(context.int(1 << i)).mod(context.int(2))
    }

    /// The weight of bit `i` in a 32-bit two's complement value (bit 31 is the sign).
    func weight(_ i: Int) -> Int { i == 31 ? -(1 << 31) : 1 << i }

    /// Bitwise operators on 32-bit values, encoded bit by bit in linear integer arithmetic
    /// (so that Spacer and k-induction stay in a decidable, well-supported theory).
    func bitwise(_ op: BinaryOperator, _ a: Z3Term, _ b: Z3Term, guardedBy g: Z3Term, in frame: inout Frame) throws -> Z3Term {
        let zero = try context.int(0)
        switch op {
        case .shiftLeft, .shiftRight:
            try fault(when: (b < zero).or(b > context.int(31)), g, &frame)
            func shifted(_ c: Int) throws -> Z3Term {
                op == .shiftLeft ? try a * context.int(1 << c) : try a.div(context.int(1 << c))
            }
            if let c = numeral(b) { return try shifted(Int(max(0, min(31, c)))) }
            var result = try shifted(31)
            for c in (0..<31).reversed() { result = try context.ite(b.eq(context.int(c)), shifted(c), result) }
            return result
        default:
            break
        }
        // With a constant operand only its bits matter; otherwise every bit of both.
        let constant = numeral(b) ?? numeral(a)
        let other = numeral(b) != nil ? a : b
        var terms: [Z3Term] = []
        for i in 0..<32 {
            let w = try context.int(weight(i))
            if let m = constant {
                let set = (m >> Int64(i)) & 1 == 1
                let x = try bit(other, i)
                switch (op, set) {
                case (.bitAnd, true): terms.append(try w * x)
                case (.bitOr, true): terms.append(w)
                case (.bitOr, false), (.bitXor, false): terms.append(try w * x)
                case (.bitXor, true): terms.append(try w * (context.int(1) - x))
                default: break
                }
            } else {
                let x = try bit(a, i).eq(context.int(1))
                let y = try bit(b, i).eq(context.int(1))
                let on: Z3Term
                switch op {
                case .bitAnd: on = try x.and(y)
                case .bitOr: on = try x.or(y)
                default: on = try x.eq(y).not()
                }
                terms.append(try context.ite(on, w, zero))
            }
        }
        if terms.isEmpty { return zero }
        return try terms.dropFirst().reduce(terms[0]) { try $0 + $1 }
    }

    /// Inlines a function call: arguments bound as the callee's parameters, its body run on
    /// a fresh frame that shares (and cannot change) the state.
    func callFunction(_ index: Int, _ args: [TypedExpr], guardedBy g: Z3Term, in frame: inout Frame) throws -> [Z3Term] {
        let f = model.functions[index]
        var callee = Frame(state: frame.state, locals: f.locals, fault: frame.fault)
        for (i, arg) in args.enumerated() {
            callee.values[i] = try converted(arg, to: f.locals[i].type, guardedBy: g, in: &frame)
        }
        callee.fault = frame.fault
        callee.result = try defaultValue(f.result)
        try execute(f.body, guardedBy: g, in: &callee, resultType: f.result)
        frame.fault = callee.fault
        return callee.result ?? []
    }

    func defaultValue(_ type: ValueType) throws -> [Z3Term] {
        var values: [Int64] = []
        StateLayout.defaults(of: type, into: &values)
        var terms: [Z3Term] = []
        var i = 0
        func walk(_ t: ValueType) throws {
            switch t {
            case .record(let r): for f in r.fields { try walk(f.type) }
            case .array(let index, let element): for _ in index.finiteDomain ?? 0...(-1) { try walk(element) }
            default:
                terms.append(try literal(values[i], t))
                i += 1
            }
        }
        try walk(type)
        return terms
    }
}

extension BinaryOperator {
    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .and, .or, .implies: return true
        default: return false
        }
    }
}

/// An internal inconsistency in the encoder (never expected on a checked model).
public struct EncodingError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
