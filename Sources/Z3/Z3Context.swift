import CZ3

/// A Z3 context: owns the native `Z3_context` (reference-counted ASTs, model generation on) and creates sorts and terms.
///
/// Not `Sendable`: a Z3 context must only be used from one thread at a time, and every term, solver and model
/// created from it shares that restriction.
public final class Z3Context {
    /// The native context; never exposed outside this module.
    let raw: Z3_context
    /// The default per-query timeout for solvers and fixedpoints made from this context, if any.
    public let timeout: Duration?
    /// Set once `Z3_interrupt` reaches the context, which Z3 4.8.12 leaves cancelled for good.
    let interrupts = InterruptRecord()

    /// Whether the context was ever interrupted (a stop or a deadline).
    public var wasInterrupted: Bool { interrupts.happened }

    /// Creates a context with model generation enabled whose queries each run for at most
    /// `timeout`, if given.
    ///
    /// The timeout is enforced by this wrapper (see `withDeadline`), not passed to Z3, whose 4.8.12 timer deadlocks.
    public init(timeout: Duration? = nil) throws {
        guard let config = Z3_mk_config() else { throw Z3Error(message: "Z3_mk_config failed") }
        defer { Z3_del_config(config) }
        Z3_set_param_value(config, "model", "true")
        guard let context = Z3_mk_context_rc(config) else { throw Z3Error(message: "Z3_mk_context_rc failed") }
        // The default handler prints and exits the process; this one does nothing, so errors only set the
        // context's error code, which `call` turns into a thrown Z3Error.
        Z3_set_error_handler(context) { _, _ in }
        self.raw = context
        self.timeout = timeout
    }

    deinit {
        // Every wrapper object holds a strong reference to its context, so all of them are gone by now.
        Z3_del_context(raw)
    }

    // MARK: - Error-checked calls (the only place that reads Z3's error state)

    /// Runs one C API call, then turns a non-OK error code into a thrown `Z3Error` carrying Z3's message.
    func call<T>(_ body: (Z3_context) -> T) throws -> T {
        Z3_set_error(raw, Z3_OK)
        let result = body(raw)
        let code = Z3_get_error_code(raw)
        if code != Z3_OK {
            let message = Z3_get_error_msg(raw, code).map { String(cString: $0) } ?? "unknown Z3 error"
            throw Z3Error(code: Int(code.rawValue), message: message)
        }
        return result
    }

    /// Runs a call returning a `Z3_string` and copies the text into a Swift `String` at once.
    func string(_ body: (Z3_context) -> Z3_string?) throws -> String {
        guard let text = try call(body) else { throw Z3Error(message: "Z3 returned no string") }
        return String(cString: text)
    }

    /// Runs a call returning a new `Z3_ast` and wraps it (taking a reference) as a `Z3Term`.
    func term(_ body: (Z3_context) -> Z3_ast?) throws -> Z3Term {
        guard let ast = try call(body) else { throw Z3Error(message: "Z3 returned no term") }
        return Z3Term(context: self, raw: ast)
    }

    /// Runs a call returning a new `Z3_sort` and wraps it as a `Z3Sort`.
    func sort(_ body: (Z3_context) -> Z3_sort?) throws -> Z3Sort {
        guard let sort = try call(body) else { throw Z3Error(message: "Z3 returned no sort") }
        return Z3Sort(context: self, raw: sort)
    }

    /// Makes a string symbol for names of constants, functions, rules and parameters.
    func symbol(_ name: String) throws -> Z3_symbol {
        guard let symbol = try call({ Z3_mk_string_symbol($0, name) }) else {
            throw Z3Error(message: "Z3 returned no symbol for \(name)")
        }
        return symbol
    }

    /// Refuses objects from another context: mixing contexts is undefined behaviour in the C API.
    func checkOwned(_ terms: [Z3Term]) throws {
        for term in terms where term.context !== self {
            throw Z3Error(message: "term \(term) belongs to a different Z3Context")
        }
    }

    /// Calls `body` with the native ASTs of `terms` as a C array, keeping the terms alive meanwhile.
    func withASTs<T>(_ terms: [Z3Term], _ body: (UInt32, UnsafePointer<Z3_ast?>?) throws -> T) throws -> T {
        try checkOwned(terms)
        let asts: [Z3_ast?] = terms.map(\.raw)
        return try withExtendedLifetime(terms) {
            try asts.withUnsafeBufferPointer { try body(UInt32(asts.count), $0.baseAddress) }
        }
    }

    // MARK: - Sorts

    /// The Boolean sort.
    public var boolSort: Z3Sort {
        get throws { try sort { Z3_mk_bool_sort($0) } }
    }

    /// The sort of mathematical integers.
    public var intSort: Z3Sort {
        get throws { try sort { Z3_mk_int_sort($0) } }
    }

    /// The sort of bit-vectors of the given width (at least 1).
    public func bitVectorSort(width: Int) throws -> Z3Sort {
        guard width >= 1, let width = UInt32(exactly: width) else {
            throw Z3Error(message: "invalid bit-vector width \(width)")
        }
        return try sort { Z3_mk_bv_sort($0, width) }
    }

    // MARK: - Constants and literals

    /// A free constant of the given name and sort.
    public func constant(_ name: String, _ sort: Z3Sort) throws -> Z3Term {
        guard sort.context === self else { throw Z3Error(message: "sort belongs to a different Z3Context") }
        let symbol = try self.symbol(name)
        return try withExtendedLifetime(sort) { try term { Z3_mk_const($0, symbol, sort.raw) } }
    }

    /// A free Boolean constant.
    public func boolConst(_ name: String) throws -> Z3Term {
        try constant(name, boolSort)
    }

    /// A free integer constant.
    public func intConst(_ name: String) throws -> Z3Term {
        try constant(name, intSort)
    }

    /// A free bit-vector constant of the given width.
    public func bitVectorConst(_ name: String, width: Int) throws -> Z3Term {
        try constant(name, bitVectorSort(width: width))
    }

    /// The Boolean literal `true` or `false`.
    public func bool(_ value: Bool) throws -> Z3Term {
        try term { value ? Z3_mk_true($0) : Z3_mk_false($0) }
    }

    /// An integer literal.
    public func int(_ value: Int) throws -> Z3Term {
        try numeral(value, intSort)
    }

    /// An integer literal given in decimal text, for values beyond `Int`.
    public func int(decimal text: String) throws -> Z3Term {
        let sort = try intSort
        return try withExtendedLifetime(sort) { try term { Z3_mk_numeral($0, text, sort.raw) } }
    }

    /// A bit-vector literal; the value is taken modulo 2^width, so negative values give two's complement.
    public func bitVector(_ value: Int, width: Int) throws -> Z3Term {
        try numeral(value, bitVectorSort(width: width))
    }

    /// A numeral of an integer or bit-vector sort (bit-vector values wrap modulo 2^width).
    public func numeral(_ value: Int, _ sort: Z3Sort) throws -> Z3Term {
        guard sort.context === self else { throw Z3Error(message: "sort belongs to a different Z3Context") }
        if case .bitVector(let width) = try sort.kind, value < 0 || (width < 63 && value >= 1 << width) {
            // Wrap out-of-range values explicitly (two's complement) rather than relying on Z3_mk_int64.
            return try int(value).toBitVector(width: width).simplified()
        }
        return try withExtendedLifetime(sort) { try term { Z3_mk_int64($0, Int64(value), sort.raw) } }
    }
}
