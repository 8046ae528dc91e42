import PinLang

/// What the markdown, HTML and DOT renderers share: the traces a report shows, the
/// slots a trace changes, and escaping.
extension CheckReport {
    /// A trace the report shows: a violated invariant's counterexample, a deadlock or the
    /// path to a model fault, with a title and the invariant it breaks (for the explanation).
    public struct ShownTrace {
        public var title: String
        public var invariant: String?
        public var trace: Trace
    }

    /// The report's traces, in the order the text report prints them.
    public var shownTraces: [ShownTrace] {
        var shown: [ShownTrace] = verdicts.compactMap { name, verdict in
            guard case .violated(let trace) = verdict else { return nil }
            let steps = "\(trace.steps.count) step\(trace.steps.count == 1 ? "" : "s")"
            return ShownTrace(title: "\(name): violated after \(steps)", invariant: name, trace: trace)
        }
        if let deadlock {
            shown.append(ShownTrace(title: "deadlock after \(deadlock.steps.count) steps", invariant: nil, trace: deadlock))
        }
        if let fault {
            shown.append(
                ShownTrace(
                    title: "model error: \(fault.range.start): \(fault.message) (in \(fault.action))", invariant: nil,
                    trace: fault.trace))
        }
        return shown
    }
}

extension TraceRenderer {
    /// The layout indices of the slots some step of `trace` changes, in layout order.
    func slotsChanged(in trace: Trace) -> [Int] {
        let states = [trace.initial] + trace.steps.map(\.state)
        return Set(zip(states, states.dropFirst()).flatMap { changedSlots(from: $0, to: $1) }).sorted()
    }

    /// A slot's value in `state`, as traces print it.
    func value(of slot: Int, in state: [Int64]) -> String {
        slot < state.count ? layout.slots[slot].type.format(state[slot]) : "?"
    }
}

/// `&`, `<`, `>`, `"` and `'` as HTML entities: every model string an HTML page or a DOT
/// label shows goes through it.
func htmlEscaped(_ text: String) -> String {
    var out = ""
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}
