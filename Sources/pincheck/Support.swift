import Foundation

/// Progress lines on stderr for searches that run longer than two seconds.
enum ProgressPrinter {
    static func make() -> @Sendable (Int, Int) -> Void {
        let start = Date()
        return { depth, states in
            let seconds = Date().timeIntervalSince(start)
            if seconds > 2 {
                Output.error(String(format: "  … depth %d, %d states, %.1fs", depth, states, seconds))
            }
        }
    }
}

/// Memory figures for reports.
enum Memory {
    /// The process's peak resident set size (VmHWM on Linux), or 0 when unknown.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }

    static func format(bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format: "%.2f GiB", Double(bytes) / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        return String(format: "%.1f KiB", Double(bytes) / 1024)
    }
}
