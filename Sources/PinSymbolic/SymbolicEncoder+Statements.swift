import PinLang
import Z3

extension SymbolicEncoder {
    /// Runs statements symbolically: every update is guarded by `pc` and by "no `return`
    /// has run yet", so both branches of an `if` update the same frame without merging.
    func execute(_ stmts: [TypedStmt], guardedBy pc: Z3Term, in frame: inout Frame, resultType: ValueType? = nil) throws {
        for stmt in stmts {
            var g = pc
            if let returned = frame.returned { g = try and(pc, not(returned)) }
            if g.boolValue == false { return }
            switch stmt {
            case .assign(let target, let value, _):
                let v =
                    try target.type.isScalar
                    ? converted(value, to: target.type, guardedBy: g, in: &frame)
                    : self.value(value, guardedBy: g, in: &frame)
                for place in try targets(target, guardedBy: g, in: &frame) {
                    let c = try and(g, place.cond)
                    for (k, term) in v.enumerated() {
                        frame.state[place.base + k] = try ite(c, term, frame.state[place.base + k])
                    }
                }
            case .bind(let local, let value, _):
                frame.values[local] = try converted(value, to: frame.localTypes[local], guardedBy: g, in: &frame)
            case .ifElse(let c, let a, let b, _):
                let cond = try scalar(c, guardedBy: g, in: &frame)
                try execute(a, guardedBy: and(g, cond), in: &frame, resultType: resultType)
                try execute(b, guardedBy: and(g, not(cond)), in: &frame, resultType: resultType)
            case .forLoop(let local, let domain, let body, _):
                for v in domain.finiteDomain ?? 0...(-1) {
                    frame.values[local] = [try literal(v, domain)]
                    try execute(body, guardedBy: g, in: &frame, resultType: resultType)
                }
            case .call(let index, let args, _):
                let p = model.procedures[index]
                var callee = Frame(state: frame.state, locals: p.locals, fault: frame.fault)
                for (i, arg) in args.enumerated() {
                    callee.values[i] = try converted(arg, to: p.locals[i].type, guardedBy: g, in: &frame)
                }
                callee.state = frame.state
                callee.fault = frame.fault
                try execute(p.body, guardedBy: g, in: &callee)
                frame.state = callee.state
                frame.fault = callee.fault
            case .returnValue(let value, _):
                if let value, let resultType {
                    let v = try converted(value, to: resultType, guardedBy: g, in: &frame)
                    let old = frame.result ?? v
                    frame.result = try zip(v, old).map { try ite(g, $0, $1) }
                }
                frame.returned = try frame.returned.map { try or($0, g) } ?? g
            }
        }
    }

    /// The state slots an assignment target may denote, each with the condition selecting it.
    func targets(_ e: TypedExpr, guardedBy g: Z3Term, in frame: inout Frame) throws -> [(cond: Z3Term, base: Int)] {
        switch e.kind {
        case .variable(let v):
            return [(trueTerm, layout.variableBase[v])]
        case .field(let base, let i):
            guard case .record(let r) = base.type else { throw EncodingError("field of a non-record") }
            return try targets(base, guardedBy: g, in: &frame).map { ($0.cond, $0.base + r.offset(ofField: i)) }
        case .index(let base, let index):
            guard case .array(let indexType, let element) = base.type, let bounds = indexType.finiteDomain else {
                throw EncodingError("index of a non-array")
            }
            let outer = try targets(base, guardedBy: g, in: &frame)
            let candidates = try indexCandidates(index, bounds, guardedBy: g, in: &frame)
            var result: [(cond: Z3Term, base: Int)] = []
            for o in outer {
                for c in candidates {
                    let cond = try and(o.cond, c.cond)
                    result.append((cond, o.base + Int(c.value - bounds.lowerBound) * element.scalarCount))
                }
            }
            return result
        default:
            throw EncodingError("assignment target is not a state place")
        }
    }
}
