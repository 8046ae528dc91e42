import PinLang

/// A model variant as Promela for SPIN: one process looping over one `d_step` per action
/// instance, each a guard (`c_expr`) and the action's body (`c_code`), with the model's
/// logic in C (`NativeSource`) and the state as one `c_state` of packed words, so that
/// SPIN stores exactly pincheck's states. The invariants are checked after every step (and
/// in the initial state by pincheck when it exports); a violation or a fault is SPIN's
/// `uerror`, the first time only for each invariant and each action instance. The loop's `end` label makes a state with no enabled action a valid end
/// state, as pincheck does without `--deadlock`.
///
/// SPIN's counts compare with pincheck's as: stored states = states; transitions (stored +
/// matched) = transitions + 1 (SPIN counts the initial state); BFS depth = depth; a BFS
/// error "at depth N" = a shortest counterexample of N + 1 steps (N is where its last step
/// starts).
public enum PromelaExport {
    public struct Export: Sendable {
        public var text: String
        /// What SPIN will not see: an invariant broken, or a fault, in the initial state.
        public var warnings: [String]
    }

    public static func export(_ model: Model, modelFile: String) -> Export {
        let program = Compiler.compile(model)
        let machine = Machine(program)
        var warnings: [String] = []
        if let fault = Explorer(model: model).initialFault(machine) {
            warnings.append("the initial state faults (\(fault.message)); SPIN starts from the state before the fault")
        }
        for (j, invariant) in program.invariants.enumerated() where (try? machine.eval(invariant)) != 1 {
            warnings.append(
                "invariant \(model.invariants[j].name) does not hold in the initial state; SPIN checks only later states")
        }
        let words = program.layout.wordCount
        var packed = [UInt64](repeating: 0, count: words)
        packed.withUnsafeMutableBufferPointer { machine.pack(into: $0.baseAddress!) }
        let header = [
            "/*",
            " * \(model.name), variant \(model.variant), from \(modelFile): written by `pincheck export",
            " * --promela`; do not edit. Verify with: spin -a FILE && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c && ./pan -m10000000",
            " * (add -DBFS for breadth-first). States: \(program.layout.slots.count) slots in \(words) words.",
            " */",
        ]
        var c = NativeSource.includes(directive: "\\#")
        c.append("typedef struct { uint64_t w[\(words)]; } pc_state;")
        c.append("static int64_t R[\(max(program.registerCount, 1))];")
        c.append("static char pc_message[512];")
        c.append("/* Each invariant and each action instance's fault is reported once (pan -c0 goes on). */")
        c.append(
            "static unsigned char pc_broken[\(max(model.invariants.count, 1))], pc_faulted[\(max(program.instances.count, 1))];")
        c += [
            "static int pc_first(unsigned char *reported)", "{", "\tint first = !*reported;", "\t*reported = 1;",
            "\treturn first;", "}",
        ]
        c.append("")
        c += NativeSource.library(program)
        c += instanceFunctions(program)
        let decl = declarations(c)
        let initial = packed.map { "UINT64_C(\($0))" }.joined(separator: ", ")
        var process = ["active proctype pincheck()", "{", "end:\tdo"]
        for n in program.instances.indices {
            process.append(
                "\t:: d_step { c_expr { PC_ENABLED_\(n) } -> c_code { if (pc_fire(\(n), &now.W)) uerror(pc_message); } }")
        }
        process += ["\tod", "}"]
        let lines =
            header + decl + ["", "c_state \"pc_state W\" \"Global\" \"(pc_state){ { \(initial) } }\"", ""] + process
        return Export(text: lines.joined(separator: "\n") + "\n", warnings: warnings)
    }

    /// The C lines as `c_decl` blocks, split between functions: SPIN takes at most 64 KiB
    /// of text in one.
    static func declarations(_ c: [String]) -> [String] {
        var out = ["c_decl {"]
        var size = 0
        for line in c {
            if line.isEmpty && size > 48_000 {
                out += ["}", "c_decl {"]
                size = 0
            }
            out.append(line)
            size += line.utf8.count + 1
        }
        return out + ["}"]
    }

    /// `pc_enabled(n, s)` and `pc_fire(n, s)` for each instance, and the PC_ENABLED_n macros
    /// the guards use (SPIN refuses a function call inside `c_expr`).
    static func instanceFunctions(_ program: CompiledModel) -> [String] {
        let source = NativeSource(program: program)
        var out = ["static void pc_load(const pc_state *s)", "{", "\tconst uint64_t *state = s->w;"]
        out += source.unpack() + ["}", ""]
        out += ["static void pc_arguments(int n)", "{", "\tswitch (n) {"]
        for (n, instance) in program.instances.enumerated() {
            let registers = program.actions[instance.action].parameterRegisters
            let sets = zip(registers, instance.arguments).map { "R[\($0)] = \(source.literal($1)); " }.joined()
            out.append("\tcase \(n): \(sets)break;")
        }
        out += ["\t}", "}", ""]
        out += ["static int pc_guard(int n)", "{", "\tint64_t g = 1;", "\tswitch (n) {"]
        for (n, instance) in program.instances.enumerated() where program.actions[instance.action].guardNode != nil {
            out.append("\tcase \(n): if (G\(instance.action)(R, &g) < 0) return -1; break;")
        }
        out += ["\t}", "\treturn g != 0;", "}", ""]
        return out + firing(program)
    }

    /// `pc_enabled`, `pc_fire` and the PC_ENABLED_n macros.
    static func firing(_ program: CompiledModel) -> [String] {
        var out: [String] = []
        out += [
            "/* Whether instance n is enabled in s; 1 also when its guard faults, so that pc_fire reports it. */",
            "static int pc_enabled(int n, const pc_state *s)",
            "{",
            "\tpc_load(s);",
            "\tpc_arguments(n);",
            "\treturn pc_guard(n) != 0;",
            "}",
            "",
            "/* Fires instance n in s: 0, or 1 with pc_message set (a fault, or an invariant broken after it). */",
            "static int pc_fire(int n, pc_state *s)",
            "{",
            "\tpc_load(s);",
            "\tpc_arguments(n);",
            "\tif (pc_guard(n) < 0) {",
            "\t\tsnprintf(pc_message, sizeof pc_message, \"fault in the guard of action instance %d\", n);",
            "\t\treturn pc_first(&pc_faulted[n]);",
            "\t}",
        ]
        out.append("\tswitch (n) {")
        for (n, instance) in program.instances.enumerated() {
            out.append("\tcase \(n): if (A\(instance.action)(R) < 0) goto fault; break;")
        }
        out += ["\t}", "\tpack(R, s->w);"]
        for (j, invariant) in program.model.invariants.enumerated() {
            out += [
                "\t{",
                "\t\tint64_t v = 0;",
                "\t\tint r = I\(j)(R, &v);",
                "\t\tif ((r < 0 || v == 0) && pc_first(&pc_broken[\(j)])) {",
                "\t\t\tsnprintf(pc_message, sizeof pc_message, \"invariant \(invariant.name) %s\", r < 0 ? \"faulted\" : \"violated\");",
                "\t\t\treturn 1;",
                "\t\t}",
                "\t}",
            ]
        }
        out += [
            "\treturn 0;",
            "fault:",
            "\tsnprintf(pc_message, sizeof pc_message, \"fault in the body of action instance %d\", n);",
            "\treturn pc_first(&pc_faulted[n]);",
            "}",
            "",
        ]
        out += program.instances.indices.map { "\\#define PC_ENABLED_\($0) pc_enabled(\($0), &now.W)" }
        return out
    }
}
