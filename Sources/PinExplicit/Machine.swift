import PinLang

/// A runtime fault in the model: out-of-range value, bad index, arithmetic fault.
struct Fault: Error {
    var message: String
    /// Index into `CompiledModel.sites`.
    var site: Int
}

/// Evaluates compiled code over one register file. Each worker thread owns one machine,
/// with its own copy of the code tables; evaluation allocates nothing and touches no
/// reference counts.
final class Machine {
    let program: CompiledModel
    /// When set, what this machine runs is recorded (`check --coverage`); nil in a search.
    var coverage: CoverageCounters?
    /// When set, every fn and proc call is recorded (`check`'s call trees); nil in a search.
    var callRecorder: CallRecorder?
    let registers: UnsafeMutablePointer<Int64>
    let slotCount: Int
    let nodes: UnsafeMutablePointer<FlatNode>
    let places: UnsafeMutablePointer<FlatPlace>
    let steps: UnsafeMutablePointer<FlatStep>
    let aggregates: UnsafeMutablePointer<FlatAggregate>
    let parts: UnsafeMutablePointer<FlatPart>
    let arguments: UnsafeMutablePointer<FlatArgument>
    let copies: UnsafeMutablePointer<FlatCopy>
    let calls: UnsafeMutablePointer<FlatCall>
    let ops: UnsafeMutablePointer<FlatOp>
    let blocks: UnsafeMutablePointer<FlatBlock>

    init(_ program: CompiledModel) {
        self.program = program
        self.slotCount = program.layout.slots.count
        registers = .allocate(capacity: max(program.registerCount, 1))
        registers.initialize(repeating: 0, count: max(program.registerCount, 1))
        func table<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
            _ = UnsafeMutableBufferPointer(start: p, count: array.count).initialize(from: array)
            return p
        }
        let code = program.code
        nodes = table(code.nodes)
        places = table(code.places)
        steps = table(code.steps)
        aggregates = table(code.aggregates)
        parts = table(code.parts)
        arguments = table(code.arguments)
        copies = table(code.copies)
        calls = table(code.calls)
        ops = table(code.ops)
        blocks = table(code.blocks)
    }

    deinit {
        registers.deallocate()
        nodes.deallocate()
        places.deallocate()
        steps.deallocate()
        aggregates.deallocate()
        parts.deallocate()
        arguments.deallocate()
        copies.deallocate()
        calls.deallocate()
        ops.deallocate()
        blocks.deallocate()
    }

    // MARK: State

    /// Loads a packed state into the state registers.
    @inline(__always)
    func unpack(_ words: UnsafePointer<UInt64>) {
        for (i, slot) in program.layout.slots.enumerated() { registers[i] = slot.value(in: words) }
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

    func eval(_ node: NodeRef) throws(Fault) -> Int64 { try eval(node.index) }

    /// Runs a statement list; returns true if a `return` was executed.
    func exec(_ block: BlockRef) throws(Fault) -> Bool { try exec(block.index) }

    func eval(_ i: Int32) throws(Fault) -> Int64 {
        let n = nodes[Int(i)]
        switch n.kind {
        case .constant: return n.lo
        case .register: return registers[Int(n.a)]
        case .load: return registers[try address(n.a)]
        case .unary:
            let v = try eval(n.a)
            do { return try Arithmetic.apply(n.unary, v) } catch { throw Fault(message: error.message, site: Int(n.site)) }
        case .binary:
            let x = try eval(n.a)
            let y = try eval(n.b)
            do { return try Arithmetic.apply(n.binary, x, y) } catch { throw Fault(message: error.message, site: Int(n.site)) }
        case .and: return try eval(n.a) != 0 ? (try eval(n.b) != 0 ? 1 : 0) : 0
        case .or: return try eval(n.a) != 0 ? 1 : (try eval(n.b) != 0 ? 1 : 0)
        case .implies:
            guard try eval(n.a) != 0 else { return 1 }
            if let coverage { coverage.premiseHeld[Int(n.site)] = true }
            return try eval(n.b) != 0 ? 1 : 0
        case .conditional: return try eval(n.a) != 0 ? eval(n.b) : eval(n.c)
        case .call:
            try call(n.a)
            return registers[Int(n.b)]
        case .quantified:
            let forall = n.c != 0
            var v = n.lo
            while v <= n.hi {
                registers[Int(n.a)] = v
                let holds = try eval(n.b) != 0
                if holds != forall { return forall ? 0 : 1 }
                v += 1
            }
            return forall ? 1 : 0
        case .aggregateEqual:
            let x = try base(of: n.a)
            let y = try base(of: n.b)
            var equal = true
            for k in 0..<Int(n.c) where registers[x + k] != registers[y + k] {
                equal = false
                break
            }
            return (equal != (n.site != 0)) ? 1 : 0
        case .checked:
            let v = try eval(n.a)
            guard v >= n.lo && v <= n.hi else {
                throw Fault(message: "value \(v) is outside the range \(n.lo)..\(n.hi)", site: Int(n.site))
            }
            return v
        }
    }

    func address(_ i: Int32) throws(Fault) -> Int {
        let place = places[Int(i)]
        var a = Int(place.base)
        if place.origin >= 0 { a += try base(of: place.origin) }
        var k = Int(place.stepStart)
        let end = k + Int(place.stepCount)
        while k < end {
            let step = steps[k]
            let v = try eval(step.index)
            guard v >= step.lo && v <= step.hi else {
                throw Fault(
                    message: "index \(v) is outside the array's index range \(step.lo)..\(step.hi)", site: Int(step.site))
            }
            a += Int(v - step.lo) * Int(step.stride)
            k += 1
        }
        return a
    }

    /// Evaluates an aggregate and returns the first register of its value.
    func base(of i: Int32) throws(Fault) -> Int {
        let aggregate = aggregates[Int(i)]
        switch aggregate.kind {
        case .place: return try address(aggregate.a)
        case .call:
            try call(aggregate.a)
            copy(from: Int(aggregate.b), to: Int(aggregate.c), count: Int(aggregate.d))
            return Int(aggregate.c)
        case .build:
            let temp = Int(aggregate.a)
            for k in Int(aggregate.b)..<Int(aggregate.b + aggregate.c) {
                let part = parts[k]
                try store(part.value, at: temp + Int(part.offset))
            }
            return temp
        case .conditional:
            return try eval(aggregate.a) != 0 ? base(of: aggregate.b) : base(of: aggregate.c)
        }
    }

    /// Evaluates a value into the registers starting at `target`.
    @inline(__always)
    func store(_ value: FlatValue, at target: Int) throws(Fault) {
        if value.isScalar {
            registers[target] = try eval(value.index)
        } else {
            copy(from: try base(of: value.index), to: target, count: Int(value.count))
        }
    }

    @inline(__always)
    func copy(from: Int, to: Int, count: Int) {
        if from != to { (registers + to).update(from: registers + from, count: count) }
    }

    func call(_ i: Int32) throws(Fault) {
        let site = calls[Int(i)]
        for k in Int(site.argumentStart)..<Int(site.argumentStart + site.argumentCount) {
            let argument = arguments[k]
            try store(argument.value, at: Int(argument.temp))
        }
        for k in Int(site.copyStart)..<Int(site.copyStart + site.copyCount) {
            let c = copies[k]
            copy(from: Int(c.from), to: Int(c.to), count: Int(c.count))
        }
        guard let recorder = callRecorder else {
            _ = try exec(site.body)
            return
        }
        let record = recorder.begin(body: site.body, registers: registers)
        recorder.depth += 1
        defer { recorder.depth -= 1 }
        _ = try exec(site.body)
        recorder.end(record, body: site.body, registers: registers)
    }

    func exec(_ b: Int32) throws(Fault) -> Bool {
        if let coverage { coverage.blockRan[Int(b)] = true }
        let block = blocks[Int(b)]
        var k = Int(block.start)
        let end = k + Int(block.count)
        while k < end {
            let op = ops[k]
            k += 1
            switch op.kind {
            case .store:
                let v = try eval(op.b)
                registers[try address(op.a)] = v
            case .storeAggregate:
                let from = try base(of: op.b)
                copy(from: from, to: try address(op.a), count: Int(op.c))
            case .ifElse:
                if try exec(try eval(op.a) != 0 ? op.b : op.c) { return true }
            case .loop:
                var v = op.lo
                while v <= op.hi {
                    registers[Int(op.a)] = v
                    if try exec(op.b) { return true }
                    v += 1
                }
            case .call:
                try call(op.a)
            case .returnNothing:
                return true
            case .returnScalar:
                registers[Int(op.b)] = try eval(op.a)
                return true
            case .returnAggregate:
                copy(from: try base(of: op.a), to: Int(op.b), count: Int(op.c))
                return true
            }
        }
        return false
    }
}
