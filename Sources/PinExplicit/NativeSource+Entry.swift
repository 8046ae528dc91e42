import PinLang

/// The entry point of the native code and the packing of states, as `Machine` packs them.
extension NativeSource {
    /// `pincheck_expand`: one state's invariants and successors, as `Explorer.expand` does
    /// them with the interpreter. counts[0]: successors written, [1]: enabled instances,
    /// [2]: the first instance whose guard or body faulted, or -1. With `diff` (the bits in
    /// which the state differs from its parent, as `WorkerTask.incremental` sets them) and
    /// `prow` (the parent's enabled instances, a bit each), a guard or an invariant is
    /// evaluated only when a bit it reads differs (`ReadSets`); `row`, if given, receives the
    /// state's enabled instances.
    // - Long: one C function written line by line, each part where it runs.
    func expand() -> [String] {
        let layout = program.layout
        let reads = ReadSets(program)
        let words = max(layout.wordCount, 1)
        func touches(_ mask: [UInt64]) -> String {
            let terms = mask.enumerated().filter { $0.element != 0 }.map { "(d[\($0.offset)] & UINT64_C(\($0.element)))" }
            return terms.isEmpty ? "0" : terms.joined(separator: " | ")
        }
        var out = [
            "int pincheck_expand(const uint64_t *state, int64_t *restrict R, int64_t *restrict saved,",
            "\tconst int32_t *checked, int32_t checked_count, int8_t *results, int32_t keep,",
            "\tuint64_t *restrict successors, int32_t *restrict via, int32_t *counts,",
            "\tconst uint64_t *diff, const uint64_t *prow, uint64_t *restrict row)",
            "{",
            "\tint32_t count = 0, enabled = 0, fault = -1;",
            "\tint64_t g = 1;",
            // `d` is read only where `full` is false: every use of it is guarded by `full`.
            "\tconst int full = diff == 0 || prow == 0;",
            "\tconst uint64_t *d = diff;",
        ]
        out += unpack()
        out.append("\tstatic const uint64_t IM[][\(words)] = {")
        for k in 0..<reads.invariantCount {
            out.append("\t\t{" + reads.invariantMask(k).map { "UINT64_C(\($0))" }.joined(separator: ", ") + "},")
        }
        if reads.invariantCount == 0 { out.append("\t\t{0},") }
        out += [
            "\t};",
            "\tfor (int32_t k = 0; k < checked_count; k++) {",
            "\t\tint touched = full;",
            "\t\tfor (int w = 0; w < \(words) && !touched; w++) touched = (d[w] & IM[checked[k]][w]) != 0;",
            "\t\tif (!touched) { results[k] = 1; continue; }",
            "\t\tint64_t v = 0;",
            "\t\tresults[k] = invariants[checked[k]](R, &v) < 0 ? -1 : v != 0;",
            "\t}",
            "\tmemcpy(saved, R, \(layout.slots.count) * 8);",
        ]
        for a in program.actions.indices {
            out.append("\tconst int C\(a) = full || (\(touches(reads.guardMask(a))));")
        }
        for (n, instance) in program.instances.enumerated() {
            let action = program.actions[instance.action]
            out.append("\t/* instance \(n): \(program.model.actions[instance.action].name)\(instance.arguments) */")
            for (k, register) in action.parameterRegisters.enumerated() {
                out.append("\tR[\(register)] = \(literal(instance.arguments[k]));")
            }
            let guarded = action.guardNode == nil ? "0" : "G\(instance.action)(R, &g)"
            let (word, bit) = (n >> 6, "UINT64_C(\(UInt64(1) << UInt64(n & 63)))")
            out += [
                "\tif (!C\(instance.action)) {",
                "\t\tg = (prow[\(word)] & \(bit)) != 0;",
                "\t} else if (\(guarded) < 0) {",
                "\t\tif (fault < 0) fault = \(n);",
                "\t\tg = 0;",
                "\t}",
                "\tif (g != 0) {",
                "\t\tif (row) row[\(word)] |= \(bit);",
                "\t\tenabled++;",
                "\t\tif (A\(instance.action)(R) < 0) {",
                "\t\t\tif (fault < 0) fault = \(n);",
                "\t\t} else if (keep) {",
                "\t\t\tpack(R, successors + (size_t)count * \(layout.wordCount));",
                "\t\t\tvia[count++] = \(n);",
                "\t\t}",
                // Only a body writes state registers (functions are pure).
                "\t\tmemcpy(R, saved, \(layout.slots.count) * 8);",
                "\t}",
                "\tg = 1;",
            ]
        }
        out += ["\tcounts[0] = count;", "\tcounts[1] = enabled;", "\tcounts[2] = fault;", "\treturn 0;", "}"]
        return out
    }

    /// `unpack(W, R)`: a packed state into the state registers, as `Machine.unpack`.
    func unpack(into target: String = "R", from state: String = "state") -> [String] {
        program.layout.slots.enumerated().map { i, slot in
            let mask = "UINT64_C(\(slot.valueMask))"
            let lo = literal(slot.domain.lowerBound)
            return slot.width == 0
                ? "\t\(target)[\(i)] = \(lo);"
                : "\t\(target)[\(i)] = (int64_t)((\(state)[\(slot.word)] >> \(slot.shift)) & \(mask)) + \(lo);"
        }
    }

    /// `pack(R, words)`: the state registers into a packed state, as `Machine.pack`.
    func pack() -> [String] {
        let layout = program.layout
        var out = ["static inline void pack(const int64_t *restrict R, uint64_t *restrict W)", "{"]
        for w in 0..<layout.wordCount { out.append("\tW[\(w)] = 0;") }
        for (i, slot) in layout.slots.enumerated() where slot.width > 0 {
            out.append(
                "\tW[\(slot.word)] |= (uint64_t)(R[\(i)] - \(literal(slot.domain.lowerBound))) << \(slot.shift);")
        }
        return out + ["}", ""]
    }
}
