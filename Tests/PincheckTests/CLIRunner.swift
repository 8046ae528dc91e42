import Foundation
import PinLang

/// Runs the built `pincheck` executable and captures what it prints.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, found from this source file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `pincheck` binary next to the test bundle in the build folder.
    static let executable: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for folder in candidates {
            let url = folder.appendingPathComponent("pincheck")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/pincheck")
    }()

    /// Runs `pincheck` with the arguments, from the package root.
    static func run(_ arguments: [String]) throws -> Result {
        try run(executable, arguments)
    }

    /// An executable on the `PATH`, or nil.
    static func onPath(_ name: String) -> URL? { Executables.onPath(name) }

    /// Runs a program with the arguments, from the package root.
    static func run(_ program: URL, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writes a temporary model file and returns its path.
    static func temporaryModel(_ text: String, name: String = "model.pin") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pincheck-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

extension CLIRunner {
    /// Runs `pincheck` with the arguments and sends it SIGINT (Ctrl-C) once `delay` has
    /// passed; the result, and how long the process took to end after the signal.
    static func runInterrupted(_ arguments: [String], after delay: Duration) throws -> (Result, stopped: Duration) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        let outData = Captured()
        let errData = Captured()
        try process.run()
        // Both pipes are drained while the process runs, so neither can fill and block it.
        let readers = DispatchGroup()
        for (pipe, into) in [(out, outData), (err, errData)] {
            DispatchQueue.global().async(group: readers) { into.data = pipe.fileHandleForReading.readDataToEndOfFile() }
        }
        Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        let signalled = ContinuousClock.now
        process.interrupt()
        process.waitUntilExit()
        let stopped = ContinuousClock.now - signalled
        readers.wait()
        let result = Result(
            status: process.terminationStatus, stdout: String(decoding: outData.data, as: UTF8.self),
            stderr: String(decoding: errData.data, as: UTF8.self))
        return (result, stopped)
    }

    /// What one reader thread read; read after the readers are done.
    private final class Captured: @unchecked Sendable {
        var data = Data()
    }
}
