import CZ3

/// A value for a solver or fixedpoint parameter, such as `timeout` (uint) or `engine` (symbol).
public enum Z3Parameter: Equatable, Sendable {
    /// A Boolean parameter.
    case bool(Bool)
    /// An unsigned integer parameter (timeouts, limits).
    case uint(UInt32)
    /// A floating-point parameter.
    case double(Double)
    /// A symbol parameter (e.g. `engine` = `spacer`).
    case symbol(String)
}

extension Z3Context {
    /// Builds a native parameter set, hands it to `apply`, and releases it afterwards.
    func withParams(_ parameters: [String: Z3Parameter], _ apply: (Z3_params) throws -> Void) throws {
        guard let params = try call({ Z3_mk_params($0) }) else { throw Z3Error(message: "Z3_mk_params failed") }
        Z3_params_inc_ref(raw, params)
        defer { Z3_params_dec_ref(raw, params) }
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            let key = try symbol(name)
            switch value {
            case .bool(let flag): try call { Z3_params_set_bool($0, params, key, flag) }
            case .uint(let number): try call { Z3_params_set_uint($0, params, key, number) }
            case .double(let number): try call { Z3_params_set_double($0, params, key, number) }
            case .symbol(let text):
                let symbolValue = try symbol(text)
                try call { Z3_params_set_symbol($0, params, key, symbolValue) }
            }
        }
        try apply(params)
    }
}
