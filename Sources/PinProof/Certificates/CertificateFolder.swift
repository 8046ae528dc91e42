import Foundation
import PinLang

/// The files of a certificate folder: `init.smt2`, the step obligation in parts, one per
/// action instance, named `step-K-of-N-CALL.smt2`, and the safety obligation in two,
/// `safe.smt2` (the invariant) and `nofault.smt2` (no action instance faults). Since a
/// folder missing a part would re-check with the rest, reading one checks that every part
/// is there.
public enum CertificateFolder {
    /// The file name of step part `k` of `n`, for the instance `call`, e.g.
    /// `step-07-of-55-gup_step-1.smt2` (parts numbered with as many digits as `n` has, so
    /// that they sort in order).
    static func stepName(_ k: Int, of n: Int, call: TraceStep) -> String {
        let digits = String(n).count
        let number = String(repeating: "0", count: digits - String(k).count) + String(k)
        let words = [call.action] + call.arguments.map(\.value)
        let safe = words.joined(separator: "-").map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }
        return "step-\(number)-of-\(n)-\(String(safe)).smt2"
    }

    /// A folder that is not a complete certificate.
    public struct Incomplete: Error, CustomStringConvertible {
        public let description: String
    }

    /// The `.smt2` files of the certificate in `folder`, sorted by name; throws unless
    /// `init.smt2`, `safe.smt2`, `nofault.smt2` and every step part are there.
    public static func obligationFiles(in folder: URL) throws -> [URL] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw Incomplete(description: "\(folder.path): no such certificate folder, or it cannot be read")
        }
        let names = entries.filter { $0.hasSuffix(".smt2") && $0 != CertificateManifest.invariantFile }.sorted()
        var missing = ["init.smt2", "safe.smt2", "nofault.smt2"].filter { !names.contains($0) }
        var parts: [Int: Set<Int>] = [:]
        for name in names where name.hasPrefix("step-") {
            let fields = name.dropFirst("step-".count).split(separator: "-", maxSplits: 3)
            guard fields.count >= 3, fields[1] == "of", let k = Int(fields[0]), let n = Int(fields[2].prefix { $0.isNumber }),
                k >= 1, k <= n
            else {
                throw Incomplete(description: "\(folder.path): '\(name)' is not named step-K-of-N-CALL.smt2")
            }
            parts[n, default: []].insert(k)
        }
        if parts.count > 1 {
            let counts = parts.keys.sorted().map(String.init).joined(separator: " and ")
            throw Incomplete(description: "\(folder.path): step parts of two certificates (of \(counts) parts) are mixed")
        }
        if let (n, found) = parts.first {
            let absent = (1...n).filter { !found.contains($0) }
            if !absent.isEmpty {
                let list = absent.prefix(5).map(String.init).joined(separator: ", ") + (absent.count > 5 ? ", …" : "")
                missing.append("step part\(absent.count == 1 ? "" : "s") \(list) of \(n)")
            }
        } else {
            missing.append("the step obligation (step-K-of-N-CALL.smt2)")
        }
        if !missing.isEmpty {
            throw Incomplete(
                description: "\(folder.path) is not a complete certificate: it lacks \(missing.joined(separator: ", "))")
        }
        return names.map { folder.appendingPathComponent($0) }
    }
}
