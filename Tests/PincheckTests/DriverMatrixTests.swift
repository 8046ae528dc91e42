import Foundation
import Testing

/// docs/driver-matrix.md, written by scripts/driver-matrix.py: the drivers of the 6.2
/// series, their GUP flags before and after it, and each era's verdicts for pins taken
/// that way.
@Suite struct DriverMatrixTests {
    static let page = CLIRunner.packageRoot.appendingPathComponent("docs/driver-matrix.md")

    /// The table's cells by row (driver and before/after) and era.
    static func cells(_ text: String) -> [String: [String: String]] {
        let rows = text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| ") }
        guard let header = rows.first else { return [:] }
        let split = { (line: String) in
            line.replacingOccurrences(of: "\\|", with: "/").split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }.dropFirst().dropLast().map { $0 }
        }
        let columns = split(header)
        guard let first = columns.firstIndex(of: "R/W buffer").map({ $0 + 1 }) else { return [:] }
        var table: [String: [String: String]] = [:]
        var driver = ""
        for line in rows.dropFirst() {
            let fields = split(line)
            guard fields.count == columns.count else { continue }
            if !fields[0].isEmpty { driver = fields[0] }
            for k in first..<columns.count { table["\(driver) \(fields[3])", default: [:]][columns[k]] = fields[k] }
        }
        return table
    }

    /// The model's own `driver_workaround` variant (written by hand: v6_1 with R/O
    /// long-term pins taken as FOLL_FORCE|FOLL_WRITE) has the verdicts of the generated row
    /// for RDMA umem before the series, in era v6_1.
    @Test func theDriverWorkaroundVariantIsTheRowOfRDMAUmemBeforeTheSeries() throws {
        let r = try CLIRunner.run(["check", "models/gup_cow.pin", "--variant", "driver_workaround", "--json"])
        #expect(r.status == 1, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let report = try #require((json["variants"] as? [[String: Any]])?.first)
        let invariants = try #require(report["invariants"] as? [[String: Any]])
        let short = [
            "pinned_page_stays_mapped": "P", "no_leak_from_parent_to_child": "L", "no_leak_from_child_to_parent": "C",
            "private_mapping_never_writes_shared_page": "W", "readonly_gup_has_no_write_side_effects": "S",
        ]
        let violated = invariants.filter { $0["verdict"] as? String == "violated" }.map { inv -> String in
            let name = inv["name"] as? String ?? "?"
            let length = (inv["trace"] as? [String: Any])?["length"] as? Int ?? -1
            return "\(short[name] ?? name) \(length)"
        }
        #expect(!violated.isEmpty)
        let page = Self.cells(try String(contentsOf: Self.page, encoding: .utf8))
        #expect(page["RDMA umem before"]?["v6_1"] == violated.joined(separator: ", "))
    }

    /// The committed page is what the script prints, for two eras (all seven take a few
    /// minutes: `python3 scripts/driver-matrix.py .build/release/pincheck docs/driver-matrix.md`).
    @Test func theCommittedMatrixIsWhatTheScriptPrints() throws {
        let python = try #require(CLIRunner.onPath("python3"))
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("driver-matrix-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLIRunner.run(
            python, ["scripts/driver-matrix.py", CLIRunner.executable.path, out.path, "--eras", "v5_9,v6_2"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let printed = Self.cells(try String(contentsOf: out, encoding: .utf8))
        let committed = Self.cells(try String(contentsOf: Self.page, encoding: .utf8))
        #expect(printed.count == 24)
        for (row, eras) in printed {
            for (era, cell) in eras {
                #expect(committed[row]?[era] == cell, "\(row), \(era)")
            }
        }
    }
}
