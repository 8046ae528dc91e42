import Foundation
import PinLang

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the explicit engine runs a model's guards, bodies and invariants.
public enum CodeChoice: String, Sendable, CaseIterable {
    /// Compiled once the search proves big enough to pay for the compiler (about a
    /// second of searching), interpreted before that and wherever no C compiler is found.
    case automatic = "auto"
    /// Always compiled: an error when no C compiler is found.
    case compiled
    /// Always the interpreter, the reference.
    case interpreted

    /// The default: $PINCHECK_CODE (auto, compiled or interpreted) when set, else auto. The
    /// test suite runs once with PINCHECK_CODE=compiled to hold every test to compiled code.
    public static var standard: CodeChoice {
        ProcessInfo.processInfo.environment["PINCHECK_CODE"].flatMap(CodeChoice.init(rawValue:)) ?? .automatic
    }
}

/// A compiled model as native code: `NativeSource`'s C, compiled by the machine's C
/// compiler into a shared library, loaded with `dlopen`, and cached by the hash of the
/// source (which is a function of the resolved model and variant) and the compiler.
public final class NativeCode: @unchecked Sendable {
    /// `pincheck_expand` (see `NativeSource.expand`).
    typealias Expand =
        @convention(c) (
            UnsafePointer<UInt64>?, UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?, UnsafePointer<Int32>?, Int32,
            UnsafeMutablePointer<Int8>?, Int32, UnsafeMutablePointer<UInt64>?, UnsafeMutablePointer<Int32>?,
            UnsafeMutablePointer<Int32>?, UnsafePointer<UInt64>?, UnsafePointer<UInt64>?, UnsafeMutablePointer<UInt64>?
        ) -> Int32

    /// Why there is no native code: the explorer interprets instead (or, when compiled code
    /// was asked for, reports this).
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    let expand: Expand
    /// The shared library loaded, and whether it came from the cache.
    let library: URL
    let cached: Bool
    private let handle: UnsafeMutableRawPointer

    private init(handle: UnsafeMutableRawPointer, expand: Expand, library: URL, cached: Bool) {
        self.handle = handle
        self.expand = expand
        self.library = library
        self.cached = cached
    }

    // The library stays loaded for the life of the process: a search's workers may still
    // hold its function pointer when the explorer is dropped, and a cache hit reloads the
    // same file anyway.

    /// The C compiler: $PINCHECK_CC, else cc, clang or gcc on the PATH.
    public static func compiler() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["PINCHECK_CC"], !chosen.isEmpty { return chosen }
        return ["cc", "clang", "gcc"].lazy.compactMap { Executables.onPath($0)?.path }.first
    }

    /// The cache folder: $PINCHECK_CACHE, else $XDG_CACHE_HOME/pincheck or ~/.cache/pincheck.
    static func cacheFolder() -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["PINCHECK_CACHE"], !chosen.isEmpty { return URL(fileURLWithPath: chosen) }
        let base =
            environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return base.appendingPathComponent("pincheck")
    }

    static let flags = ["-O2", "-shared", "-fPIC", "-w"]

    /// The program's native code, compiled now or found in the cache. A stop ends the
    /// compiler's run (and throws).
    static func load(_ program: CompiledModel, stop: StopToken = .never) throws(Unavailable) -> NativeCode {
        guard let cc = compiler() else {
            throw Unavailable(description: "no C compiler (cc, clang or gcc) on the PATH; set PINCHECK_CC")
        }
        let source = NativeSource.generate(program)
        let key = SHA256.hex(([cc] + flags + [source]).joined(separator: "\u{0}"))
        let folder = cacheFolder().appendingPathComponent("native")
        let library = folder.appendingPathComponent("\(key).so")
        var cached = FileManager.default.fileExists(atPath: library.path)
        if !cached {
            try build(source, with: cc, into: library, folder: folder, stop: stop)
        } else {
            cached = true
        }
        guard let handle = dlopen(library.path, RTLD_NOW | RTLD_LOCAL) else {
            let why = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw Unavailable(description: "cannot load \(library.path): \(why)")
        }
        guard let symbol = dlsym(handle, "pincheck_expand") else {
            throw Unavailable(description: "\(library.path) has no pincheck_expand")
        }
        return NativeCode(
            handle: handle, expand: unsafeBitCast(symbol, to: Expand.self), library: library, cached: cached)
    }

    /// Compiles `source` into `library`, through a private file renamed into place, so that
    /// processes compiling the same model at once each find a whole library.
    // - Long: one compiler run, from writing the source to renaming the library into place.
    private static func build(
        _ source: String, with cc: String, into library: URL, folder: URL, stop: StopToken
    ) throws(Unavailable) {
        let unique = "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let c = folder.appendingPathComponent("\(library.deletingPathExtension().lastPathComponent)-\(unique).c")
        let partial = folder.appendingPathComponent("\(library.lastPathComponent).\(unique)")
        let log = folder.appendingPathComponent("\(library.lastPathComponent).\(unique).err")
        defer {
            for file in [c, partial, log] { try? FileManager.default.removeItem(at: file) }
        }
        let process = Process()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try source.write(to: c, atomically: false, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)  // the FileHandle below fails if not
            process.executableURL = URL(fileURLWithPath: cc)
            process.arguments = flags + ["-o", partial.path, c.path]
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw Unavailable(description: "cannot run the C compiler \(cc): \(error.localizedDescription)")
        }
        // Poll, so that a stop (a portfolio's winner, a time limit, ^C) ends the compiler.
        while process.isRunning {
            if let reason = stop.reason {
                process.terminate()
                process.waitUntilExit()
                throw Unavailable(description: "\(reason.description) while compiling")
            }
            usleep(5000)
        }
        process.waitUntilExit()
        let message = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Unavailable(
                description: "\(cc) failed on the generated C (exit status \(process.terminationStatus)): \(message.prefix(2000))"
            )
        }
        guard rename(partial.path, library.path) == 0 else {
            throw Unavailable(description: "cannot write \(library.path): \(String(cString: strerror(errno)))")
        }
    }
}

extension Explorer {
    /// Compiles the model now (or finds it in the cache), for the search to use from its
    /// first level, and returns why it cannot run as compiled code here (no compiler, a
    /// compiler error, a stop while compiling), or nil when it can: for `--code compiled`,
    /// which is an error rather than a silent fallback to the interpreter. Polls `stop`.
    public mutating func loadCompiledCode() -> String? {
        do {
            preloaded = try NativeCode.load(program, stop: stop)
            return nil
        } catch {
            return error.description
        }
    }
}

/// When a search switches to native code: at once for `.compiled`; for `.automatic` once
/// it has run for `patience` (so small searches never pay for the compiler), compiled on a
/// thread of its own while the search goes on interpreted, and used from the first level
/// that starts after it is ready. Both kinds of code give the same states in the same
/// order, so the switch changes no result.
final class NativeSwitch: @unchecked Sendable {
    private let choice: CodeChoice
    private let patience: Duration
    private let program: CompiledModel
    private let stop: StopToken
    private let lock = NSLock()
    private var started = false
    private var loaded: NativeCode?
    private var failure: String?

    /// `preloaded`: the code already loaded for this program (`Explorer.loadCompiledCode`).
    init(_ choice: CodeChoice, _ program: CompiledModel, patience: Duration, stop: StopToken, preloaded: NativeCode?) {
        self.choice = choice
        self.program = program
        self.patience = patience
        self.stop = stop
        if choice != .interpreted, let preloaded {
            loaded = preloaded
            started = true
        } else if choice == .compiled {
            compile()
        }
    }

    /// The native code, once loaded.
    var code: NativeCode? {
        lock.lock()
        defer { lock.unlock() }
        return loaded
    }

    /// Why there is none, when compiling failed.
    var note: String? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    /// Called between levels: starts compiling once the search has run long enough.
    func consider(elapsed: Duration) {
        guard choice == .automatic, elapsed >= patience else { return }
        lock.lock()
        let start = !started
        started = true
        lock.unlock()
        if start { Thread.detachNewThread { [self] in compile() } }
    }

    private func compile() {
        let result: Result<NativeCode, NativeCode.Unavailable>
        do { result = .success(try NativeCode.load(program, stop: stop)) } catch { result = .failure(error) }
        lock.lock()
        defer { lock.unlock() }
        started = true
        switch result {
        case .success(let code): loaded = code
        case .failure(let why): failure = why.description
        }
    }
}
