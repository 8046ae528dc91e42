import CZ3

/// A Z3 sort (type) such as Bool, Int or a fixed-width bit-vector, owned by a `Z3Context`.
public final class Z3Sort: CustomStringConvertible {
    /// The shape of a sort as far as this wrapper distinguishes them.
    public enum Kind: Equatable, Sendable {
        /// The Boolean sort.
        case bool
        /// The integer sort.
        case int
        /// A bit-vector sort of the given width.
        case bitVector(width: Int)
        /// Any other sort (reals, arrays, uninterpreted sorts, ...).
        case other
    }

    /// The context this sort belongs to; kept alive as long as the sort is.
    public let context: Z3Context
    /// The native sort; never exposed outside this module.
    let raw: Z3_sort

    /// Wraps a freshly returned sort, taking a reference to it.
    init(context: Z3Context, raw: Z3_sort) {
        self.context = context
        self.raw = raw
        Z3_inc_ref(context.raw, Z3_sort_to_ast(context.raw, raw))
    }

    deinit {
        Z3_dec_ref(context.raw, Z3_sort_to_ast(context.raw, raw))
    }

    /// Whether this is Bool, Int, a bit-vector (with its width) or something else.
    public var kind: Kind {
        get throws {
            let kind = try context.call { Z3_get_sort_kind($0, raw) }
            switch kind {
            case Z3_BOOL_SORT: return .bool
            case Z3_INT_SORT: return .int
            case Z3_BV_SORT: return .bitVector(width: Int(try context.call { Z3_get_bv_sort_size($0, raw) }))
            default: return .other
            }
        }
    }

    /// Whether both sorts are the same Z3 sort.
    public func isSame(as other: Z3Sort) -> Bool {
        context === other.context && Z3_is_eq_sort(context.raw, raw, other.raw)
    }

    /// The sort in SMT-LIB2 syntax, e.g. `(_ BitVec 8)`.
    public var description: String {
        (try? context.string { Z3_sort_to_string($0, raw) }) ?? "<sort>"
    }
}
