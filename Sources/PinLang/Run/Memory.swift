import Foundation

/// How much memory the process uses, for the figures every engine reports.
public enum Memory {
    /// The process's peak resident set size (VmHWM on Linux), or 0 when unknown.
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }

    /// The process's resident set size now (from /proc/self/statm), or 0 when unknown.
    public static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .ascii) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// A size as `--max-memory` takes it: a number with an optional binary unit, `K`, `M`,
    /// `G` or `T` (`KiB`… also read), bytes without one: `512M`, `8G`, `1.5G`. Nil when
    /// it does not parse or is not positive.
    public static func parse(size text: String) -> Int? {
        let units: [(String, Double)] = [("T", 0x1p40), ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("", 1)]
        var body = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where body.hasSuffix(suffix) && body.count > suffix.count {
            body.removeLast(suffix.count)
            break
        }
        for (unit, scale) in units where body.hasSuffix(unit) {
            guard let number = Double(body.dropLast(unit.count)), number.isFinite, number > 0 else { return nil }
            let bytes = number * scale
            return bytes < 0x1p62 ? Int(bytes) : nil
        }
        return nil
    }

    /// `1.5 MiB`, `2.00 GiB`, `12.0 KiB`.
    public static func format(bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format: "%.2f GiB", Double(bytes) / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        return String(format: "%.1f KiB", Double(bytes) / 1024)
    }
}
