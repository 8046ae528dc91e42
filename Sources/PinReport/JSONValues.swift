import Foundation
import PinLang

/// The JSON documents `--json` prints (docs/json.md, docs/pincheck.schema.json): every
/// one is an object that starts with the format's version, the verb and the exit status.
public enum JSONDocument {
    /// The version of the documented format; it changes when a field changes meaning or goes.
    public static let format = 1

    /// `{"format": 1, "verb": VERB, "exit_status": N}`, to which a verb adds its fields.
    public static func envelope(verb: String, exitStatus: ExitStatus) -> [String: Any] {
        ["format": format, "verb": verb, "exit_status": Int(exitStatus.rawValue)]
    }
}

extension SourceLocation {
    /// `{"file": …, "line": …, "column": …}`.
    public var json: [String: Any] { ["file": file, "line": line, "column": column] }
}

extension TypedValue {
    /// The value as JSON: a boolean, a number, an enumeration case's name, a flag set as the
    /// array of its flags' names, a record as an object, an array indexed by numbers as an
    /// array and one indexed by an enumeration (or bool) as an object keyed by case names.
    public var json: Any { type.json(scalars[...]) }
}

extension ValueType {
    /// The encoded scalars of a value of this type as JSON (see `TypedValue.json`).
    public func json(_ values: ArraySlice<Int64>) -> Any {
        var cursor = values.startIndex
        func render(_ type: ValueType) -> Any {
            switch type {
            case .record(let r):
                var object: [String: Any] = [:]
                for field in r.fields { object[field.name] = render(field.type) }
                return object
            case .array(let index, let element):
                let indices = index.finiteDomain ?? 0...(-1)
                if case .range = index { return indices.map { _ in render(element) } }
                if case .int = index { return indices.map { _ in render(element) } }
                var object: [String: Any] = [:]
                for i in indices { object[index.format(i)] = render(element) }
                return object
            default:
                defer { cursor += 1 }
                return cursor < values.endIndex ? type.scalarJSON(values[cursor]) : NSNull()
            }
        }
        return render(self)
    }

    /// One encoded scalar as JSON.
    public func scalarJSON(_ value: Int64) -> Any {
        switch self {
        case .bool: return value != 0
        case .enumeration: return format(value)
        case .flags(let f):
            return value == 0 ? [String]() : f.format(value).split(separator: "|").map(String.init)
        default: return Int(value)
        }
    }
}

extension TraceRenderer {
    /// A state as one object per state variable, structured as its type (see `TypedValue.json`).
    public func stateJSON(_ state: [Int64]) -> [String: Any] {
        var object: [String: Any] = [:]
        var start = 0
        for v in variables {
            let count = v.type.scalarCount
            object[v.name] = v.type.json(state[min(start, state.count)..<min(start + count, state.count)])
            start += count
        }
        return object
    }

    /// The slots whose values differ between two states: `{"variable": "pte[0].frame",
    /// "from": "ZERO_PAGE", "to": "ANON_PAGE_1"}`, the values typed.
    public func changesJSON(from a: [Int64], to b: [Int64]) -> [[String: Any]] {
        changedSlots(from: a, to: b).map { i in
            let slot = layout.slots[i]
            return ["variable": slot.path, "from": slot.type.scalarJSON(a[i]), "to": slot.type.scalarJSON(b[i])]
        }
    }

    /// A trace as JSON: the initial and final states in full, and each step's action, its
    /// typed arguments, the state variables it changed and (when recorded) every call it made.
    public func json(_ trace: Trace) -> [String: Any] {
        let trees = callTrees?(trace)
        var previous = trace.initial
        var steps: [[String: Any]] = []
        for (n, step) in trace.steps.enumerated() {
            var arguments: [String: Any] = [:]
            for (i, argument) in step.arguments.enumerated() {
                arguments[argument.name] =
                    step.typedArguments.indices.contains(i) ? step.typedArguments[i].json : argument.value
            }
            var object: [String: Any] = [
                "number": n + 1, "action": step.action, "call": step.call, "arguments": arguments,
                "changes": changesJSON(from: previous, to: step.state),
            ]
            if let trees { object["calls"] = Self.json(trees[n]) }
            steps.append(object)
            previous = step.state
        }
        return [
            "length": trace.steps.count, "initial": stateJSON(trace.initial), "final": stateJSON(trace.final), "steps": steps,
        ]
    }

    /// A step's calls as JSON objects, every call, values typed.
    public static func json(_ calls: [CallRecord]) -> [[String: Any]] {
        calls.map { c in
            var arguments: [String: Any] = [:]
            for (name, value) in c.arguments { arguments[name] = value.json }
            var o: [String: Any] = [
                "depth": c.depth, "name": c.name, "location": c.range.start.json, "arguments": arguments,
                "text": c.call,
            ]
            if let v = c.variant { o["variant"] = v }
            if let r = c.result { o["result"] = r.json }
            return o
        }
    }

    /// Why `invariant` is false in the last state of `trace`, as JSON (nil when not explained).
    public func explanationJSON(of invariant: String, in trace: Trace) -> [String: Any]? {
        guard let why = explain?(invariant, trace.final) else { return nil }
        return ["location": why.range.start.json, "facts": why.lines]
    }
}
