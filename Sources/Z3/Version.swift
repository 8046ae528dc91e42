import CZ3

/// The full version string of the linked Z3 library (e.g. "Z3 4.8.12.0"); use as `Z3.version`.
public var version: String {
    guard let raw = Z3_get_full_version() else { return "unknown" }
    return String(cString: raw)
}
