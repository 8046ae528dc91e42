import Foundation
import PinLang

/// Graphviz's `dot`, run to draw a DOT graph as SVG (`check --format svg`).
enum Graphviz {
    /// The SVG `dot -Tsvg` draws of `graph`; an error that says how to install it when it is
    /// not on the PATH.
    static func svg(_ graph: String) throws -> String {
        guard let dot = Executables.onPath("dot") else {
            throw CommandError.error(
                "--format svg draws the graph with Graphviz's 'dot', which is not on the PATH "
                    + "(Debian: apt install graphviz); --format dot prints the graph itself")
        }
        let process = Process()
        process.executableURL = dot
        process.arguments = ["-Tsvg"]
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Written from another thread, so that a large graph cannot fill both pipes at once.
        let data = Data(graph.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandError.error("Graphviz's dot failed: \(String(decoding: message, as: UTF8.self))")
        }
        return String(decoding: svg, as: UTF8.self)
    }
}
