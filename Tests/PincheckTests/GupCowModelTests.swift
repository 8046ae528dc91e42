import Foundation
import Testing

/// The bundled kernel model, end to end through the CLI: the 6.1 bug and the 6.2 fix.
@Suite struct GupCowModelTests {
    static let model = "models/gup_cow.pin"

    /// The numbered steps of a printed trace, e.g. `write(p=0)`.
    func steps(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard let dot = text.firstIndex(of: "."), Int(text[..<dot]) != nil else { return nil }
            return String(text[text.index(dot, offsetBy: 2)...])
        }
    }

    @Test func linux61LosesTheReadOnlyLongtermPinOnTheNextWrite() throws {
        let r = try CLIRunner.run(["check", Self.model, "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("invariant pinned_page_stays_mapped: VIOLATED"))
        let trace = steps(r.stdout)
        // mmap, a fault that maps the page, the pin call, the GUP step that takes the page,
        // and the write: no shorter sequence can replace a pinned page.
        #expect(trace.count == 5)
        let pin = try #require(trace.firstIndex { $0.hasPrefix("pin_user_pages(") })
        let pinCall = trace[pin]
        #expect(pinCall.contains("write=false"))
        #expect(pinCall.contains("longterm=true"))
        let process = try #require(pinCall.split(separator: ",").first?.split(separator: "(").last)
        #expect(trace[(pin + 1)...].contains { $0 == "write(\(process))" })
        #expect(
            r.stdout.contains("pte[0].frame: ZERO_PAGE -> ANON_PAGE_1")
                || r.stdout.contains("pte[0].frame: FILE_PAGE -> ANON_PAGE_1"))
    }

    @Test func linux62KeepsEveryLongtermPinMapped() throws {
        let r = try CLIRunner.run(["check", Self.model, "--variant", "v6_2", "--invariant", "pinned_page_stays_mapped"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("invariant pinned_page_stays_mapped: holds"))
        let states = r.stdout.split(separator: "\n").first { $0.contains("states: ") }
            .flatMap { $0.split(separator: ",").first?.split(separator: " ").last }.flatMap { Int($0) }
        #expect((states ?? 0) > 1000)
        // The single-worker search must find exactly the same state space.
        let one = try CLIRunner.run([
            "check", Self.model, "--variant", "v6_2", "--invariant", "pinned_page_stays_mapped",
            "--workers", "1",
        ])
        #expect(one.status == 0)
        #expect(one.stdout.contains("states: \(states ?? -1),"))
    }

    @Test func listNamesBothKernelsAndTheInvariant() throws {
        let r = try CLIRunner.run(["list", Self.model])
        #expect(r.status == 0)
        #expect(r.stdout.contains("v6_1  — Linux 6.1"))
        #expect(r.stdout.contains("v6_2 extends v6_1  — Linux 6.2"))
        #expect(r.stdout.contains("pinned_page_stays_mapped"))
        #expect(r.stdout.contains("pin_user_pages(p: 0..1"))
    }
}
