import Foundation

/// The programs pincheck runs (the C compiler, Graphviz's `dot`), found as a shell finds them.
public enum Executables {
    /// The first executable file `name` in the folders of $PATH (default /usr/bin:/bin).
    public static func onPath(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").lazy
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
