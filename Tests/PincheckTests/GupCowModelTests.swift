import Foundation
import Testing

/// The bundled kernel model, end to end through the CLI: the eras, the 6.1 bug and the 6.2 fix.
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

    @Test func listKeepsTheTypeNamesAsDeclared() throws {
        let r = try CLIRunner.run(["list", Self.model, "--variant", "v6_2"])
        #expect(r.status == 0)
        for line in [
            "  pte: [Proc] Pte\n", "  page_refcount: [Frame] 0..2100\n", "  gup: [Proc] GupCall\n",
            "  read(p: Proc)\n", "  mmap(kind: VmaKind, prot_write: bool)\n",
        ] {
            #expect(r.stdout.contains(line), "missing \(line)")
        }
        // A range written with a constant keeps it.
        let path = try CLIRunner.temporaryModel(
            "model m\nconst N = 3\ntype Slot = 0..N-1\nvar used: [Slot] bool = false\naction use(s: Slot) { used[s] := true; }\n")
        let small = try CLIRunner.run(["list", path])
        #expect(small.stdout.contains("  used: [Slot] bool\n"), "\(small.stdout)")
        #expect(small.stdout.contains("  use(s: Slot)\n"), "\(small.stdout)")
    }

    @Test func listNamesEveryEraInOrderAndTheInvariants() throws {
        let r = try CLIRunner.run(["list", Self.model])
        #expect(r.status == 0)
        // The oldest era is the base; each later one extends the one before it, and the
        // driver workaround extends 5.19-6.1.
        let expected = [
            "v4_8_2  — Mainline Linux <= 4.8.2",
            "v4_8_3 extends v4_8_2  — Mainline Linux 4.8.3-5.7",
            "v5_8 extends v4_8_3  — Mainline Linux 5.8",
            "v5_9 extends v5_8  — Mainline Linux 5.9-5.17",
            "v5_18 extends v5_9  — Mainline Linux 5.18",
            "v6_1 extends v5_18  — Mainline Linux 5.19-6.1",
            "v6_2 extends v6_1  — Mainline Linux 6.2",
            "driver_workaround extends v6_1  — Mainline Linux 5.19-6.1 with drivers",
        ]
        var rest = Substring(r.stdout)
        for line in expected {
            let found = try #require(rest.range(of: line), "missing or out of order: \(line)")
            rest = rest[found.upperBound...]
        }
        for invariant in [
            "pinned_page_stays_mapped", "no_leak_from_parent_to_child", "private_mapping_never_writes_shared_page",
            "readonly_gup_has_no_write_side_effects", "page_refcount_matches_users",
        ] {
            #expect(r.stdout.contains(invariant))
        }
        #expect(r.stdout.contains("pin_user_pages(p: Proc"))
        #expect(r.stdout.contains("write_through_gup_ref(p: Proc)"))
        #expect(r.stdout.contains("swap_out(p: Proc)"))
        #expect(r.stdout.contains("uffd_writeprotect(p: Proc)"))
        #expect(r.stdout.contains("page_swapcache: [Frame] bool"))
    }

    /// CVE-2020-29374 with a swapped-out page: until c145e0b47c77 (5.18) do_swap_page()
    /// reused the page by reuse_swap_page(), which counts mappings and swap entries but
    /// not the child's GUP reference, so the parent's write fault on its swap PTE writes
    /// into the page the child still holds.
    @Test func linux59LeaksThroughTheParentsSwapIn() throws {
        let r = try CLIRunner.run([
            "check", Self.model, "--variant", "v5_9", "--invariant", "no_leak_from_parent_to_child",
        ])
        #expect(r.status == 1)
        let trace = steps(r.stdout)
        let swapOut = try #require(trace.firstIndex(of: "swap_out(p=0)"))
        let fork = try #require(trace.firstIndex(of: "fork()"))
        let childGup = try #require(
            trace.firstIndex { $0.hasPrefix("get_user_pages(p=1") || $0.hasPrefix("pin_user_pages(p=1") })
        #expect(swapOut < fork && fork < childGup)
        #expect(trace[childGup].contains("write=false"))
        // The leaking write is the parent's swap-in: its PTE goes from swap entry to present.
        #expect(trace.last == "write(p=0)")
        #expect(r.stdout.contains("pte[0].swap_entry: true -> false"))
    }

    /// 5.18 closed that instance (c145e0b47c77: a swapped-in page is reused only if
    /// page_count() == 1), and no other way to leak remains in the model.
    @Test func linux518NoLongerLeaks() throws {
        let r = try CLIRunner.run([
            "check", Self.model, "--variant", "v5_18", "--invariant", "no_leak_from_parent_to_child",
        ])
        #expect(r.status == 0)
        #expect(r.stdout.contains("invariant no_leak_from_parent_to_child: holds"))
    }

    /// A page swapped in by a read fault stays in the swap cache; pinned there, reclaim
    /// can unmap it again in 5.11-5.18 (feb889fb40fa only keeps pinned pages out of
    /// add_to_swap()), and the next read and write fault copy away from the pin
    /// (page_count() != 1). From 5.19 try_to_unmap_one() refuses to unmap the exclusive,
    /// maybe-pinned page (page_try_share_anon_rmap() fails), and the pin holds.
    @Test func reclaimOfAPinnedSwapcachePageOnlyFailsFrom519() throws {
        let path = try CLIRunner.temporaryModel(
            """
            model pinned_reclaim
            import "\(CLIRunner.packageRoot.appendingPathComponent(Self.model).path)"
            scenario reclaim_pinned_swapcache {
                mmap(MAP_PRIVATE_ANON, true);
                write(PARENT);
                swap_out(PARENT);
                read(PARENT);
                pin_user_pages(PARENT, false, false, true);
                repeat gup_step(PARENT);
                swap_out(PARENT);
                read(PARENT);
                write(PARENT);
                expect v5_9: violates pinned_page_stays_mapped;
                expect v5_8, driver_workaround: violates readonly_gup_has_no_write_side_effects;
                expect others: holds;
            }
            """)
        func swapOuts(_ variant: String) throws -> (Int32, Int) {
            let r = try CLIRunner.run([
                "run", path, "--variant", variant, "--scenario", "reclaim_pinned_swapcache", "--allow-imports-from",
                CLIRunner.packageRoot.appendingPathComponent("models").path,
            ])
            return (r.status, r.stdout.components(separatedBy: "pte[0].swap_entry: false -> true").count - 1)
        }
        for variant in ["v6_1", "v6_2"] {
            let (status, unmapped) = try swapOuts(variant)
            #expect(status == 0)
            #expect(unmapped == 1, "only the first reclaim, before the pin, unmaps the page")
        }
        let (status, unmapped) = try swapOuts("v5_9")
        #expect(status == 1)  // pinned_page_stays_mapped violated, as documented
        #expect(unmapped == 2)
    }

    /// The pre-6.2 driver workaround keeps R/O long-term pins reliable by asking for write
    /// access, so GUP raises a write fault on behalf of a read-only request.
    @Test func driverWorkaroundWritesForAReadOnlyPin() throws {
        let r = try CLIRunner.run([
            "check", Self.model, "--variant", "driver_workaround", "--invariant",
            "readonly_gup_has_no_write_side_effects",
        ])
        #expect(r.status == 1)
        let trace = steps(r.stdout)
        // mmap, the pin call, and the GUP step whose write fault is the side effect.
        #expect(trace.count == 3)
        #expect(trace.contains { $0.hasPrefix("pin_user_pages(") && $0.contains("write=false") && $0.contains("longterm=true") })
        #expect(trace.last == "gup_step(p=0)")
    }
}
