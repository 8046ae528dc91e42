import Foundation

/// A JSON value as decoded, booleans kept apart from numbers (JSONDecoder will not read a
/// number as a Bool, nor `true` as an Int).
indirect enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var items: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }
}

/// A validator for the JSON Schema keywords docs/pincheck.schema.json uses (draft 2020-12:
/// type, properties, required, additionalProperties, items, enum, const, oneOf, anyOf,
/// minimum, and $ref into $defs). A schema with any other keyword is refused, so the
/// schema cannot lean on a rule this validator would silently skip.
struct JSONSchemaValidator {
    let root: JSONValue

    static let keywords: Set<String> = [
        "$schema", "$id", "title", "description", "$defs", "$ref", "type", "properties", "required",
        "additionalProperties", "items", "enum", "const", "oneOf", "anyOf", "minimum",
    ]

    struct UnsupportedKeyword: Error, CustomStringConvertible {
        var keyword: String
        var path: String
        var description: String { "the schema uses '\(keyword)' at \(path), which this validator does not know" }
    }

    init(schema: JSONValue) throws {
        root = schema
        try Self.checkKeywords(schema, path: "#")
    }

    /// Every object that is a schema uses known keywords only.
    private static func checkKeywords(_ schema: JSONValue, path: String) throws {
        guard case .object(let o) = schema else { return }
        for (key, value) in o {
            guard keywords.contains(key) else { throw UnsupportedKeyword(keyword: key, path: path) }
            switch key {
            case "$defs", "properties":
                guard case .object(let members) = value else { continue }
                for (name, sub) in members { try checkKeywords(sub, path: "\(path)/\(key)/\(name)") }
            case "items", "additionalProperties": try checkKeywords(value, path: "\(path)/\(key)")
            case "oneOf", "anyOf":
                for (i, sub) in value.items.enumerated() { try checkKeywords(sub, path: "\(path)/\(key)/\(i)") }
            default: continue
            }
        }
    }

    /// What in `value` breaks the schema, one line per problem (empty: it validates).
    func errors(_ value: JSONValue) -> [String] {
        errors(value, root, at: "$")
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/$defs/") else { return nil }
        return root["$defs"]?[String(reference.dropFirst("#/$defs/".count))]
    }

    private func errors(_ value: JSONValue, _ schema: JSONValue, at path: String) -> [String] {
        guard case .object(let s) = schema else { return [] }
        var found: [String] = []
        if let reference = s["$ref"]?.string {
            guard let target = resolve(reference) else { return ["\(path): unresolved $ref \(reference)"] }
            found += errors(value, target, at: path)
        }
        if let type = s["type"] {
            let names = type.string.map { [$0] } ?? type.items.compactMap(\.string)
            if !names.contains(where: { Self.matches(value, type: $0) }) {
                found.append("\(path): expected \(names.joined(separator: " or ")), found \(Self.kind(of: value))")
                return found
            }
        }
        if let allowed = s["enum"], !allowed.items.contains(value) { found.append("\(path): \(value) is not one of \(allowed)") }
        if let constant = s["const"], constant != value { found.append("\(path): expected \(constant), found \(value)") }
        if let minimum = s["minimum"], let x = Self.number(value), let m = Self.number(minimum), x < m {
            found.append("\(path): \(x) is below the minimum \(m)")
        }
        if let alternatives = s["anyOf"]?.items,
            !alternatives.contains(where: { errors(value, $0, at: path).isEmpty })
        {
            found.append("\(path): matches none of anyOf")
        }
        if let alternatives = s["oneOf"]?.items {
            let matching = alternatives.filter { errors(value, $0, at: path).isEmpty }.count
            if matching != 1 {
                // Say why against the alternative of the same verb, when there is one.
                let closest = alternatives.map { errors(value, $0, at: path) }.min { $0.count < $1.count } ?? []
                found.append(
                    "\(path): matches \(matching) of oneOf, not exactly one" + (closest.isEmpty ? "" : "; e.g. \(closest[0])"))
            }
        }
        if case .object(let members) = value {
            let properties: [String: JSONValue]
            if case .object(let p)? = s["properties"] { properties = p } else { properties = [:] }
            for name in s["required"]?.items.compactMap(\.string) ?? [] where members[name] == nil {
                found.append("\(path): missing required '\(name)'")
            }
            for (name, member) in members {
                if let sub = properties[name] {
                    found += errors(member, sub, at: "\(path).\(name)")
                } else if let extra = s["additionalProperties"] {
                    if extra == .bool(false) {
                        found.append("\(path): '\(name)' is not a documented field")
                    } else {
                        found += errors(member, extra, at: "\(path).\(name)")
                    }
                }
            }
        }
        if case .array(let elements) = value, let items = s["items"] {
            for (i, element) in elements.enumerated() { found += errors(element, items, at: "\(path)[\(i)]") }
        }
        return found
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double),
            ("string", .string), ("array", .array), ("object", .object):
            return true
        default: return false
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
