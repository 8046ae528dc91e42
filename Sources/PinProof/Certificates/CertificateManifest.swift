import Foundation
import PinLang

/// What ties a certificate to the model it proves: the model file, and the content hashes
/// of its sources and of the variant (`LoadedProgram.sourceHash`, `Model.fingerprint`).
public struct CertificateBinding: Sendable {
    /// The model file, as the command line named it.
    public var modelPath: String
    public var sourceHash: String
    public var variantHash: String

    public init(modelPath: String, sourceHash: String, variantHash: String) {
        self.modelPath = modelPath
        self.sourceHash = sourceHash
        self.variantHash = variantHash
    }

    /// The binding of `model`, a variant of `loaded`, read from `modelPath`.
    public init(modelPath: String, loaded: LoadedProgram, model: Model) {
        self.init(modelPath: modelPath, sourceHash: loaded.sourceHash, variantHash: model.fingerprint)
    }

    /// The model file's path from `folder`, so that the folder and the model can move
    /// together (a repository cloned elsewhere).
    func modelFile(relativeTo folder: URL) -> String {
        let target = URL(fileURLWithPath: modelPath).standardizedFileURL.pathComponents
        let base = folder.standardizedFileURL.pathComponents
        let shared = zip(target, base).prefix { $0 == $1 }.count
        guard shared > 1 else { return URL(fileURLWithPath: modelPath).standardizedFileURL.path }
        return (Array(repeating: "..", count: base.count - shared) + target[shared...]).joined(separator: "/")
    }
}

/// A certificate folder's `certificate.txt`: what it proves, of which model, with the
/// hashes `recheck` compares before it rebuilds the obligations from that model.
public struct CertificateManifest: Sendable, Equatable {
    public static let fileName = "certificate.txt"
    public static let invariantFile = "inductive.smt2"
    static let format = "1"

    public var model: String
    public var variant: String
    public var invariant: String
    /// The model file, relative to the certificate folder (or absolute).
    public var modelFile: String
    public var sourceHash: String
    public var variantHash: String

    var text: String {
        """
        # pincheck certificate: what it proves, of which model. recheck rebuilds every obligation
        # from that model and takes only the inductive invariant (\(Self.invariantFile)) from here.
        format: \(Self.format)
        model: \(model)
        variant: \(variant)
        invariant: \(invariant)
        model-file: \(modelFile)
        model-sha256: \(sourceHash)
        variant-sha256: \(variantHash)

        """
    }

    static let keys = ["format", "model", "variant", "invariant", "model-file", "model-sha256", "variant-sha256"]

    /// Reads `certificate.txt` in `folder`; errors name the file, the line and what was expected.
    public static func read(from folder: URL) throws -> CertificateManifest {
        let url = folder.appendingPathComponent(fileName)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw CertificateFolder.Incomplete(
                description: "\(folder.path) has no readable \(fileName), which names the model the certificate proves "
                    + "(certificates written before pincheck bound them to their model lack it: prove again)")
        }
        var fields: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { continue }
            guard let colon = line.firstIndex(of: ":"), keys.contains(String(line[..<colon])) else {
                throw CertificateFolder.Incomplete(
                    description: "\(url.path):\(number + 1):1: expected 'KEY: VALUE' with KEY one of "
                        + keys.joined(separator: ", "))
            }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if let missing = keys.first(where: { fields[$0] == nil }) {
            throw CertificateFolder.Incomplete(description: "\(url.path): no '\(missing):' line")
        }
        guard fields["format"] == format else {
            throw CertificateFolder.Incomplete(
                description: "\(url.path): format \(fields["format"]!) is not one this pincheck reads (\(format))")
        }
        return CertificateManifest(
            model: fields["model"]!, variant: fields["variant"]!, invariant: fields["invariant"]!,
            modelFile: fields["model-file"]!, sourceHash: fields["model-sha256"]!, variantHash: fields["variant-sha256"]!)
    }
}
