import PinLang

/// A runtime fault in the model: out-of-range value, bad index, arithmetic fault.
struct Fault: Error {
    var message: String
    /// Index into `CompiledModel.sites`.
    var site: Int
}

/// Evaluates compiled nodes over one register file. Each worker thread owns one machine;
/// evaluation allocates nothing.
final class Machine {
    let program: CompiledModel
    let registers: UnsafeMutablePointer<Int64>
    let slotCount: Int

    init(_ program: CompiledModel) {
        self.program = program
        self.slotCount = program.layout.slots.count
        registers = .allocate(capacity: max(program.registerCount, 1))
        registers.initialize(repeating: 0, count: max(program.registerCount, 1))
    }

    deinit { registers.deallocate() }

    // MARK: State

    /// Loads a packed state into the state registers.
    @inline(__always)
    func unpack(_ words: UnsafePointer<UInt64>) {
        for (i, slot) in program.layout.slots.enumerated() {
            let raw = slot.width == 0 ? 0 : (words[slot.word] >> UInt64(slot.shift)) & ((1 << UInt64(slot.width)) - 1)
            registers[i] = Int64(bitPattern: raw) + slot.domain.lowerBound
        }
    }

    /// Packs the state registers into `words` (which must hold `layout.wordCount` words).
    @inline(__always)
    func pack(into words: UnsafeMutablePointer<UInt64>) {
        let count = program.layout.wordCount
        for w in 0..<count { words[w] = 0 }
        for (i, slot) in program.layout.slots.enumerated() {
            let raw = UInt64(bitPattern: registers[i] - slot.domain.lowerBound)
            words[slot.word] |= raw << UInt64(slot.shift)
        }
    }

    /// The state registers as an array (for traces).
    func stateValues() -> [Int64] { Array(UnsafeBufferPointer(start: registers, count: slotCount)) }

    /// Sets the state registers from an array.
    func setState(_ values: [Int64]) {
        for (i, v) in values.enumerated() where i < slotCount { registers[i] = v }
    }

    // MARK: Evaluation

    func eval(_ node: Node) throws(Fault) -> Int64 {
        switch node {
        case .constant(let v): return v
        case .register(let r): return registers[r]
        case .load(let p): return registers[try address(p)]
        case .unary(let op, let x, let site):
            let v = try eval(x)
            do { return try Arithmetic.apply(op, v) } catch { throw Fault(message: error.message, site: site) }
        case .binary(let op, let a, let b, let site):
            let x = try eval(a)
            let y = try eval(b)
            do { return try Arithmetic.apply(op, x, y) } catch { throw Fault(message: error.message, site: site) }
        case .and(let a, let b): return try eval(a) != 0 ? (try eval(b) != 0 ? 1 : 0) : 0
        case .or(let a, let b): return try eval(a) != 0 ? 1 : (try eval(b) != 0 ? 1 : 0)
        case .implies(let a, let b): return try eval(a) == 0 ? 1 : (try eval(b) != 0 ? 1 : 0)
        case .conditional(let c, let a, let b): return try eval(c) != 0 ? eval(a) : eval(b)
        case .call(let site, let result):
            try call(site)
            return registers[result]
        case .quantified(let forall, let register, let domain, let body):
            for v in domain {
                registers[register] = v
                let holds = try eval(body) != 0
                if holds != forall { return forall ? 0 : 1 }
            }
            return forall ? 1 : 0
        case .aggregateEqual(let a, let b, let count, let negate):
            let x = try base(of: a)
            let y = try base(of: b)
            var equal = true
            for i in 0..<count where registers[x + i] != registers[y + i] {
                equal = false
                break
            }
            return (equal != negate) ? 1 : 0
        case .checked(let x, let bounds, let site):
            let v = try eval(x)
            guard bounds.contains(v) else {
                throw Fault(message: "value \(v) is outside the range \(bounds.lowerBound)..\(bounds.upperBound)", site: site)
            }
            return v
        }
    }

    func address(_ place: Place) throws(Fault) -> Int {
        var a = place.base
        if let origin = place.origin { a += try base(of: origin) }
        for step in place.steps {
            let v = try eval(step.index)
            guard step.bounds.contains(v) else {
                throw Fault(
                    message: "index \(v) is outside the array's index range \(step.bounds.lowerBound)..\(step.bounds.upperBound)",
                    site: step.site)
            }
            a += Int(v - step.bounds.lowerBound) * step.stride
        }
        return a
    }

    /// Evaluates an aggregate and returns the first register of its value.
    func base(of aggregate: Aggregate) throws(Fault) -> Int {
        switch aggregate {
        case .place(let p): return try address(p)
        case .call(let site, let result, let temp, let count):
            try call(site)
            copy(from: result, to: temp, count: count)
            return temp
        case .build(let temp, let parts):
            for part in parts {
                switch part.value {
                case .scalar(let n): registers[temp + part.offset] = try eval(n)
                case .aggregate(let a, let count): copy(from: try base(of: a), to: temp + part.offset, count: count)
                }
            }
            return temp
        case .conditional(let c, let a, let b):
            return try eval(c) != 0 ? base(of: a) : base(of: b)
        }
    }

    @inline(__always)
    func copy(from: Int, to: Int, count: Int) {
        if from != to { (registers + to).update(from: registers + from, count: count) }
    }

    func call(_ site: CallSite) throws(Fault) {
        for arg in site.arguments {
            switch arg.value {
            case .scalar(let n): registers[arg.temp] = try eval(n)
            case .aggregate(let a, let count): copy(from: try base(of: a), to: arg.temp, count: count)
            }
        }
        for c in site.copies { copy(from: c.from, to: c.to, count: c.count) }
        let body = site.isFunction ? program.functions[site.callee].body : program.procedures[site.callee].body
        _ = try exec(body)
    }

    /// Runs statements; returns true if a `return` was executed.
    func exec(_ ops: [Op]) throws(Fault) -> Bool {
        for op in ops {
            switch op {
            case .store(let p, let n):
                let v = try eval(n)
                registers[try address(p)] = v
            case .storeAggregate(let p, let a, let count):
                let from = try base(of: a)
                copy(from: from, to: try address(p), count: count)
            case .ifElse(let c, let a, let b):
                if try exec(try eval(c) != 0 ? a : b) { return true }
            case .loop(let register, let domain, let body):
                for v in domain {
                    registers[register] = v
                    if try exec(body) { return true }
                }
            case .call(let site):
                try call(site)
            case .returnValue(let value, let resultBase):
                switch value {
                case .scalar(let n)?: registers[resultBase] = try eval(n)
                case .aggregate(let a, let count)?: copy(from: try base(of: a), to: resultBase, count: count)
                case nil: break
                }
                return true
            }
        }
        return false
    }
}
