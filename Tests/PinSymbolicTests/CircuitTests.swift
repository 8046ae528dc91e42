import PinLang
import PinSymbolic
import Testing

/// The bit-level arithmetic that the symbolic engines rest on, checked value by value
/// against the shared `Arithmetic` rules the explicit engine uses.
@Suite struct CircuitTests {
    /// A word of fresh inputs holding any value of `range`.
    func variable(_ circuit: Circuit, _ range: ClosedRange<Int64>) -> Word {
        let bits = (0..<Word.width(of: range)).map { _ in circuit.input() }
        return Word(bits: bits, range: range, signed: range.lowerBound < 0)
    }

    /// The input assignment that gives `a` the value `x` and `b` the value `y`.
    func assignment(_ a: Word, _ x: Int64, _ b: Word, _ y: Int64) -> [Bool] {
        (0..<a.bits.count).map { (x >> Int64($0)) & 1 == 1 } + (0..<b.bits.count).map { (y >> Int64($0)) & 1 == 1 }
    }

    /// The value of `w` under an input assignment.
    func value(_ circuit: Circuit, _ w: Word, _ inputs: [Bool]) -> Int64 {
        let bits = circuit.evaluate(w.bits, inputs: inputs)
        var v: Int64 = 0
        for (i, b) in bits.enumerated() where b { v |= 1 << Int64(i) }
        if w.isSigned, bits.last == true { v -= 1 << Int64(bits.count) }
        return v
    }

    static let ranges: [(ClosedRange<Int64>, ClosedRange<Int64>)] = [
        (-6...5, -4...7), (0...9, 0...6), (-8...(-1), 1...3), (0...0, -2...2), (-1...1, 5...5),
    ]

    @Test(arguments: [
        BinaryOperator.add, .subtract, .multiply, .divide, .remainder, .bitAnd, .bitOr, .bitXor, .less, .equal,
    ])
    func operatorsMatchTheSharedArithmeticOnEveryValue(_ op: BinaryOperator) throws {
        for (ra, rb) in Self.ranges {
            let c = Circuit()
            let a = variable(c, ra)
            let b = variable(c, rb)
            let result: Word
            switch op {
            case .add: result = c.add(a, b)
            case .subtract: result = c.add(a, b, subtract: true)
            case .multiply: result = c.multiply(a, b)
            case .divide: result = c.divide(a, b).quotient
            case .remainder: result = c.divide(a, b).remainder
            case .less: result = Word(bit: c.less(a, b))
            case .equal: result = Word(bit: c.equal(a, b))
            default: result = c.bitwise(op, a, b)
            }
            for x in ra {
                for y in rb {
                    guard let expected = try? Arithmetic.apply(op, x, y) else { continue }  // a fault: no value
                    let got = value(c, result, assignment(a, x, b, y))
                    #expect(got == expected, "\(x) \(op.rawValue) \(y) in \(ra), \(rb)")
                    #expect(result.range.contains(expected), "range of \(x) \(op.rawValue) \(y)")
                }
            }
        }
    }

    @Test func shiftsAndNegationMatchTheSharedArithmetic() throws {
        let c = Circuit()
        let a = variable(c, -9...9)
        let none = Word(constant: 0)
        for n in 0...4 {
            let left = c.shift(a, by: n, left: true)
            let right = c.shift(a, by: n, left: false)
            for x in a.range {
                let inputs = assignment(a, x, none, 0)
                #expect(value(c, left, inputs) == (try Arithmetic.apply(.shiftLeft, x, Int64(n))))
                #expect(value(c, right, inputs) == (try Arithmetic.apply(.shiftRight, x, Int64(n))))
            }
        }
        let negated = c.negate(a)
        let inverted = c.bitNot(a)
        for x in a.range {
            let inputs = assignment(a, x, none, 0)
            #expect(value(c, negated, inputs) == -x)
            #expect(value(c, inverted, inputs) == ~x)
        }
    }

    @Test func rangeChecksAndSelectionAreExact() throws {
        let c = Circuit()
        let a = variable(c, -5...12)
        let b = variable(c, 0...3)
        let inside = c.inRange(a, -2...7)
        let chosen = c.ite(c.less(b, Word(constant: 2)), a, b)
        for x in a.range {
            for y in b.range {
                let inputs = assignment(a, x, b, y)
                #expect(c.evaluate([inside], inputs: inputs)[0] == (-2...7).contains(x))
                #expect(value(c, chosen, inputs) == (y < 2 ? x : y))
                #expect(value(c, c.clamp(a, to: -5...7), inputs) == x || x > 7)
            }
        }
    }

    @Test func constantsKeepTheirValuesAtTheIntBounds() {
        let c = Circuit()
        for v: Int64 in [0, 1, -1, 5, -6, 1024, Int64(Int32.max), Int64(Int32.min)] {
            let w = Word(constant: v)
            #expect(w.constantValue == v)
            #expect(value(c, w, []) == v)
        }
        let sum = c.add(Word(constant: Int64(Int32.max)), Word(constant: 1))
        #expect(sum.constantValue == Int64(Int32.max) + 1)  // exact: the encoder checks the int range
    }

    @Test func gatesFoldAndShareStructure() {
        let c = Circuit()
        let x = c.input()
        let y = c.input()
        #expect(c.and(x, !x) == .false)
        #expect(c.and(x, .true) == x)
        #expect(c.or(x, !x) == .true)
        #expect(c.and(x, y) == c.and(y, x))
        #expect(c.and(x, c.and(x, y)) == c.and(x, y))
        #expect(c.and(!x, c.and(x, y)) == .false)
        #expect(c.ite(x, y, y) == y)
        let before = c.nodeCount
        _ = c.and(y, x)
        #expect(c.nodeCount == before)
    }
}
