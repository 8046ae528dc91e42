import CZ3

/// An error reported by Z3 (or by this wrapper when it refuses an unsafe call), carrying Z3's message text.
public struct Z3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The raw Z3 error code (`Z3_error_code`), or `nil` when the wrapper itself raised the error.
    public let code: Int?
    /// The human-readable message, copied from `Z3_get_error_msg` or written by the wrapper.
    public let message: String

    /// Creates an error with the given message and optional raw Z3 error code.
    public init(code: Int? = nil, message: String) {
        self.code = code
        self.message = message
    }

    /// The message prefixed with the Z3 error code, if any.
    public var description: String {
        if let code { return "Z3 error \(code): \(message)" }
        return "Z3 error: \(message)"
    }
}
