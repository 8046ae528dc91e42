import Foundation
import Testing

/// `check --format markdown|html|dot|svg` on the 6.1 counterexample of the main invariant:
/// each shows the call that decided, the pinned frame and the violated values.
@Suite struct RendererTests {
    static let mainCounterexample = [
        "check", "models/gup_cow.pin", "--variant", "v6_1", "--invariant", "pinned_page_stays_mapped", "--progress", "0",
    ]
    static let decision = "gup_must_unshare(p=0, flags=FOLL_PIN|FOLL_LONGTERM, f=ZERO_PAGE) = false"
    static let violated = "but: pte[0].frame = ANON_PAGE_1 ≠ gup_ref[0].frame = ZERO_PAGE"

    @Test func markdownIsANumberedTraceWithTheDecisionAndTheViolatedValues() throws {
        let r = try CLIRunner.run(Self.mainCounterexample + ["--format", "markdown"])
        #expect(r.status == 1, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "## `models/gup_cow.pin`: variant `v6_1` (engine explicit)")
        #expect(lines.contains("- `pinned_page_stays_mapped`: **VIOLATED after 5 steps**"))
        let step4 = try #require(lines.firstIndex(of: "4. `gup_step(p=0)`"))
        #expect(lines[step4 + 1] == "   - ↳ `\(Self.decision)` \\[v6\\_1 · gup\\_cow.pin:905\\]")
        #expect(lines.contains("   - `gup_ref[0].held`: false → true"))
        #expect(lines.contains("   - `pte[0].frame`: ZERO_PAGE → ANON_PAGE_1"))
        #expect(lines.contains("- `\(Self.violated)`"))
    }

    @Test func dotIsATimelineGraphvizReads() throws {
        let r = try CLIRunner.run(Self.mainCounterexample + ["--format", "dot"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("digraph pincheck {"))
        // Five steps after the initial state, chained, then the violated values.
        for n in 0..<5 { #expect(r.stdout.contains("t1_\(n) -> t1_\(n + 1);")) }
        #expect(r.stdout.contains("<i>↳ \(Self.decision)</i>"))
        #expect(r.stdout.contains("<b>pte[0].frame: ZERO_PAGE → ANON_PAGE_1</b>"))
        #expect(r.stdout.contains("t1_5 -> t1_why [style=dashed];"))
        #expect(r.stdout.contains("but: pte[0].frame = ANON_PAGE_1 ≠ gup_ref[0].frame = ZERO_PAGE"))
        guard CLIRunner.onPath("dot") != nil else {
            print("skipped: Graphviz's dot is not installed; --format svg not drawn")
            return
        }
        let svg = try CLIRunner.run(Self.mainCounterexample + ["--format", "svg"])
        #expect(svg.status == 1, "\(svg.stderr)")
        #expect(svg.stdout.contains("<svg"))
        #expect(svg.stdout.contains("gup_must_unshare(p=0, flags=FOLL_PIN|FOLL_LONGTERM, f=ZERO_PAGE) = false"))
    }

    /// Without Graphviz, `--format svg` says what is missing and how to get it.
    @Test func svgWithoutGraphvizSaysSo() throws {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["check", "models/examples/counter.pin", "--format", "svg", "--progress", "0"]
        process.currentDirectoryURL = CLIRunner.packageRoot
        process.environment = ["PATH": "/nonexistent"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(
            message.contains(
                "error: --format svg draws the graph with Graphviz's 'dot', which is not on the PATH "
                    + "(Debian: apt install graphviz); --format dot prints the graph itself"), "\(message)")
    }

    /// Every model string is escaped: a model file whose name is markup shows as text.
    @Test func htmlEscapesWhatTheModelSays() throws {
        let path = try CLIRunner.temporaryModel(
            "model m\nvar x: 0..3\naction inc() requires x < 3 { x := x + 1; }\ninvariant small: x < 2\n",
            name: "<b>&'x\".pin")
        let r = try CLIRunner.run(["check", path, "--format", "html", "--progress", "0"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(!r.stdout.contains("<b>&"))
        #expect(r.stdout.contains("&lt;b&gt;&amp;&#39;x&quot;.pin"))
        #expect(!r.stdout.contains("<script"), "no script")
        #expect(!r.stdout.contains("http://") && !r.stdout.contains("https://"), "nothing from the network")
    }

    /// The page in a real browser: headless Chromium draws something, and the trace, the
    /// decision and the violated values are in its DOM. Skipped where Chromium is absent,
    /// unless PINCHECK_BROWSER=required (as CI sets it).
    @Test func htmlRendersInChromium() throws {
        guard let chromium = CLIRunner.onPath("chromium") ?? CLIRunner.onPath("chromium-browser") else {
            #expect(
                ProcessInfo.processInfo.environment["PINCHECK_BROWSER"] != "required",
                "PINCHECK_BROWSER=required but chromium is not installed")
            print("skipped: chromium is not installed")
            return
        }
        let r = try CLIRunner.run(Self.mainCounterexample + ["--format", "html"])
        #expect(r.status == 1, "\(r.stderr)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("trace.html")
        try r.stdout.write(to: page, atomically: true, encoding: .utf8)
        let screenshot = folder.appendingPathComponent("trace.png")
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(folder.path)/profile"]
        let shot = try CLIRunner.run(
            chromium, common + ["--screenshot=\(screenshot.path)", "--window-size=1400,1000", page.absoluteString])
        #expect(shot.status == 0, "\(shot.stderr)")
        let dom = try CLIRunner.run(chromium, common + ["--dump-dom", page.absoluteString])
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(dom.stdout.contains(Self.decision), "the decision in the DOM")
        #expect(dom.stdout.contains("pte[0].frame = ANON_PAGE_1"), "the changed cell in the DOM")
        #expect(dom.stdout.contains("<div class=\"changed\">pte[0].frame = ANON_PAGE_1</div>"))
        #expect(dom.stdout.contains(Self.violated), "the violated values in the DOM")
        #expect(dom.stdout.contains("<th>Proc 0</th>"), "a column per process")
        let inked = try Self.inkedFraction(of: screenshot)
        #expect(inked > 0.02, "the screenshot is not blank: \(inked) of its pixels are not white")
    }

    /// The fraction of a PNG's pixels that are not white, decoded by Python's zlib (8-bit
    /// RGB or RGBA, as Chromium writes screenshots).
    static func inkedFraction(of png: URL) throws -> Double {
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat = 8, b''
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + n]
                if kind == b'IHDR':
                    w, h, depth, color = struct.unpack('>IIBB', body[:10])
                if kind == b'IDAT':
                    idat += body
                pos += 12 + n
            assert depth == 8 and color in (2, 6), (depth, color)
            bpp = 3 if color == 2 else 4
            raw, stride = zlib.decompress(idat), w * bpp
            prev, inked, i = bytearray(stride), 0, 0
            for _ in range(h):
                f, row = raw[i], bytearray(raw[i + 1:i + 1 + stride])
                i += 1 + stride
                for x in range(stride):
                    a = row[x - bpp] if x >= bpp else 0
                    b = prev[x]
                    c = prev[x - bpp] if x >= bpp else 0
                    if f == 1: row[x] = (row[x] + a) & 255
                    elif f == 2: row[x] = (row[x] + b) & 255
                    elif f == 3: row[x] = (row[x] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        row[x] = (row[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                inked += sum(1 for x in range(0, stride, bpp) if row[x:x + 3] != b'\\xff\\xff\\xff')
                prev = row
            print(inked / (w * h))
            """
        let python = try #require(CLIRunner.onPath("python3"))
        let r = try CLIRunner.run(python, ["-c", script, png.path])
        #expect(r.status == 0, "\(r.stderr)")
        return Double(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
