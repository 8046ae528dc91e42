import CZ3

/// An immutable Z3 expression (formula or value term) owned by a `Z3Context`; its native AST is reference-counted.
///
/// Builders and operators throw `Z3Error` when Z3 rejects them (e.g. a sort mismatch), so write `try x + y > 3`.
public final class Z3Term: CustomStringConvertible {
    /// The context this term belongs to; kept alive as long as the term is.
    public let context: Z3Context
    /// The native AST; never exposed outside this module.
    let raw: Z3_ast

    /// Wraps a freshly returned AST, taking a reference to it before any other API call can collect it.
    init(context: Z3Context, raw: Z3_ast) {
        self.context = context
        self.raw = raw
        Z3_inc_ref(context.raw, raw)
    }

    deinit {
        Z3_dec_ref(context.raw, raw)
    }

    /// Builds a new term from this term's context, checking that every other operand shares it.
    func make(_ operands: Z3Term..., body: (Z3_context) -> Z3_ast?) throws -> Z3Term {
        try context.checkOwned(operands)
        return try withExtendedLifetime((self, operands)) { try context.term(body) }
    }

    /// The sort (type) of this term.
    public var sort: Z3Sort {
        get throws { try context.sort { Z3_get_sort($0, raw) } }
    }

    /// The term in SMT-LIB2 syntax.
    public var description: String {
        (try? context.string { Z3_ast_to_string($0, raw) }) ?? "<term>"
    }

    /// Whether both terms are the same (hash-consed) Z3 AST, i.e. structurally identical.
    public func isIdentical(to other: Z3Term) -> Bool {
        context === other.context && Z3_is_eq_ast(context.raw, raw, other.raw)
    }

    /// The term rewritten by Z3's simplifier (literals fold to literals).
    public func simplified() throws -> Z3Term {
        try make { Z3_simplify($0, raw) }
    }

    /// Whether this term is a numeral (integer or bit-vector literal).
    public var isNumeral: Bool {
        (try? context.call { Z3_is_numeral_ast($0, raw) }) ?? false
    }

    /// The decimal text of a numeral term (bit-vectors as unsigned values); throws if the term is not a numeral.
    public var numeralString: String {
        get throws {
            guard isNumeral else { throw Z3Error(message: "\(self) is not a numeral") }
            return try context.string { Z3_get_numeral_string($0, raw) }
        }
    }

    /// The value of an integer numeral, or the unsigned value of a bit-vector numeral, if it fits in `Int`.
    public var intValue: Int {
        get throws {
            guard isNumeral else { throw Z3Error(message: "\(self) is not a numeral") }
            if case .bitVector = try sort.kind {
                var value: UInt64 = 0
                let ok = try context.call { Z3_get_numeral_uint64($0, raw, &value) }
                guard ok, let result = Int(exactly: value) else { throw Z3Error(message: "\(self) does not fit in Int") }
                return result
            }
            var value: Int64 = 0
            let ok = try context.call { Z3_get_numeral_int64($0, raw, &value) }
            guard ok, let result = Int(exactly: value) else { throw Z3Error(message: "\(self) does not fit in Int") }
            return result
        }
    }

    /// The value of a Boolean literal `true`/`false`, or `nil` if the term is not one.
    public var boolValue: Bool? {
        switch try? context.call({ Z3_get_bool_value($0, raw) }) {
        case Z3_L_TRUE: return true
        case Z3_L_FALSE: return false
        default: return nil
        }
    }

    /// Throws unless this term is a formula (Boolean sort); Z3 4.8.12 silently accepts others in some places.
    func requireBoolean(_ role: String) throws {
        guard try sort.kind == .bool else { throw Z3Error(message: "\(role) \(self) is not a Boolean formula") }
    }

    /// True when this term is a free constant (an uninterpreted 0-ary application such as `x`).
    var isFreeConstant: Bool {
        guard (try? context.call({ Z3_is_app($0, raw) })) == true else { return false }
        guard let app = try? context.call({ Z3_to_app($0, raw) }),
            (try? context.call({ Z3_get_app_num_args($0, app) })) == 0,
            let decl = try? context.call({ Z3_get_app_decl($0, app) })
        else { return false }
        return (try? context.call { Z3_get_decl_kind($0, decl) }) == Z3_OP_UNINTERPRETED
    }
}
