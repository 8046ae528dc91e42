import Z3

/// Z3 formulas for circuit literals under one assignment of the circuit's inputs (the
/// state bits of one time frame, or a rule's bound variables). Each gate becomes one Z3
/// conjunction, built once and shared; literals are lowered on demand, so a frame pays
/// only for the part of the circuit its queries use.
package final class Z3Lowering {
    package let context: Z3Context
    let circuit: Circuit
    private var terms: [Z3Term?]
    private var negations: [Z3Term?]
    private let trueTerm: Z3Term
    private let falseTerm: Z3Term

    /// `inputs[i]` stands for the circuit's input `i` (a Boolean term).
    package init(context: Z3Context, circuit: Circuit, inputs: [Z3Term]) throws {
        self.context = context
        self.circuit = circuit
        terms = Array(repeating: nil, count: circuit.nodeCount)
        negations = terms
        trueTerm = try context.bool(true)
        falseTerm = try context.bool(false)
        terms[0] = falseTerm
        for (position, node) in circuit.inputs.enumerated() where position < inputs.count {
            terms[node] = inputs[position]
        }
    }

    /// The formula of one literal.
    package func term(_ bit: Literal) throws -> Z3Term {
        if let c = bit.constantValue { return c ? trueTerm : falseTerm }
        if terms.count < circuit.nodeCount {
            let more = [Z3Term?](repeating: nil, count: circuit.nodeCount - terms.count)
            terms += more
            negations += more
        }
        if terms[bit.variable] == nil { try build(bit.variable) }
        return try literal(bit)
    }

    /// The formula of a literal whose node is lowered already.
    private func literal(_ bit: Literal) throws -> Z3Term {
        let t = terms[bit.variable]!
        if !bit.isNegated { return t }
        if let n = negations[bit.variable] { return n }
        let n = try t.not()
        negations[bit.variable] = n
        return n
    }

    /// The formulas of several literals.
    package func terms(_ bits: [Literal]) throws -> [Z3Term] {
        try bits.map { try term($0) }
    }

    /// Lowers a node and every not-yet-lowered gate below it, without recursion (ripple
    /// carry chains are thousands of gates deep).
    private func build(_ root: Int) throws {
        var stack = [root]
        while let node = stack.last {
            if terms[node] != nil {
                stack.removeLast()
                continue
            }
            guard let (l, r) = circuit.fanins(ofNode: node) else {
                throw EncodingError("circuit input \(node) has no term in this frame")
            }
            let a = terms[l.variable]
            let b = terms[r.variable]
            if a == nil { stack.append(l.variable) }
            if b == nil { stack.append(r.variable) }
            if a != nil && b != nil {
                stack.removeLast()
                terms[node] = try literal(l).and(literal(r))
            }
        }
    }
}
