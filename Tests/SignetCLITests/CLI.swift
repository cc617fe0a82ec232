import Foundation

/// Runs the built `signet` binary, as a user would, in a temporary working directory.
final class CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var firstLine: String { stdout.split(separator: "\n").first.map(String.init) ?? "" }
    }

    let work: URL
    let binary: URL

    init() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("signet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        binary = try Self.locateBinary()
    }

    deinit { try? FileManager.default.removeItem(at: work) }

    /// The `signet` built beside this test bundle (`swift build --build-tests` builds both).
    static func locateBinary() throws -> URL {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["SIGNET_BIN"] { candidates.append(URL(fileURLWithPath: explicit)) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("signet"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("signet"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/signet"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "signet binary not found; run 'swift build --build-tests' first (looked in \(candidates.map(\.path)))"])
        }
        return found
    }

    /// How long one `signet` run may take before it counts as hung: far beyond any run these tests
    /// make, and finite, so a regression fails the test instead of hanging it.
    static let runLimit: Duration = .seconds(300)

    /// Runs `signet arguments` to its end. A run still going after `limit` is killed (SIGKILL) and
    /// throws ``CLIFailure``.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], within limit: Duration = CLI.runLimit) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = work
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SIGNET_KEYS")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Output goes to files, not pipes: a child that fills one pipe while we drain the other
        // would deadlock.
        let id = UUID().uuidString
        let outURL = work.appendingPathComponent(".stdout-\(id)"), errURL = work.appendingPathComponent(".stderr-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let exited = process.waitUntilExit(within: limit)
        try out.close()
        try err.close()
        let stdoutData = try Data(contentsOf: outURL)
        let stderrData = try Data(contentsOf: errURL)
        guard exited else {
            throw CLIFailure(
                "signet \(arguments.joined(separator: " ")) did not exit within \(limit) and was killed; its standard error ended:\n"
                    + String(decoding: stderrData.suffix(4_000), as: UTF8.self))
        }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Runs and expects success, returning the result.
    func ok(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], within limit: Duration = CLI.runLimit) throws -> Result {
        let result = try run(arguments, stdin: stdin, environment: environment, within: limit)
        guard result.status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "signet \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)"])
        }
        return result
    }

    /// Writes a file of the test's folder; settings files (`.yml`) owner-only, as Signet requires
    /// of a file holding credentials.
    func write(_ text: String, to name: String) throws {
        let url = work.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        if name.hasSuffix(".yml") { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path) }
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: work.appendingPathComponent(name), encoding: .utf8)
    }

    func path(_ name: String) -> String { work.appendingPathComponent(name).path }
}

/// Three parties set up through the CLI as the README guide does: desk publishes channel alpha,
/// follower and carol subscribe.
struct Desk {
    let cli: CLI

    init(members: [String] = ["follower", "carol"]) throws {
        cli = try CLI()
        _ = try cli.ok(["keygen", "desk", "--dir", "desk"])
        let deskLine = try cli.ok(["keys", "show", "desk", "--dir", "desk"]).firstLine
        for member in members {
            _ = try cli.ok(["keygen", member, "--dir", member])
            let line = try cli.ok(["keys", "show", member, "--dir", member]).firstLine
            _ = try cli.ok(["keys", "import", line, "--as", member, "--dir", "desk"])
            _ = try cli.ok(["keys", "import", deskLine, "--as", "desk", "--dir", member])
        }
        _ = try cli.ok(["channel", "create", "alpha", "--as", "desk", "--dir", "desk"])
        for member in members {
            let grant = try cli.ok(["channel", "grant", "alpha", member, "--dir", "desk"]).firstLine
            _ = try cli.ok(["channel", "accept", grant, "--from", "desk", "--dir", member])
        }
    }

    func seal(_ plaintext: String, channel: String = "alpha") throws -> String {
        try cli.ok(["seal", "--channel", channel, "--dir", "desk"], stdin: plaintext).firstLine
    }

    func open(_ line: String, as member: String, extra: [String] = []) throws -> CLI.Result {
        try cli.run(["open", "--dir", member] + extra, stdin: line)
    }
}

extension CLI {
    /// Runs `arguments` again and again until a run exits cleanly (at most `attempts` runs),
    /// killing a run with SIGKILL as soon as the condition made for it by `killWhen` holds (progress,
    /// not time), at most `maxKills` times. Returns whether a run finished, and how many kills landed.
    /// A run that neither exits nor makes the awaited progress within `limit` is killed and throws
    /// ``CLIFailure``: a hang fails the test instead of stalling it.
    func runKilledAtRandomPoints(
        _ arguments: [String], attempts: Int, maxKills: Int, within limit: Duration = CLI.runLimit, killWhen makeCondition: () -> () -> Bool
    ) throws -> (finished: Bool, kills: Int) {
        var kills = 0
        for _ in 0..<attempts {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            process.currentDirectoryURL = work
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let due = makeCondition()
            let deadline = ContinuousClock.now + limit
            // Polls for the progress (or the exit); the deadline only bounds the wait.
            while process.isRunning && !due() {
                guard ContinuousClock.now < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    throw CLIFailure("signet \(arguments.joined(separator: " ")) neither exited nor made the awaited progress within \(limit); killed")
                }
                usleep(200)
            }
            if process.isRunning && kills < maxKills {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
                process.waitUntilExit()  // SIGKILL cannot be caught or ignored: this returns
            } else if !process.waitUntilExit(within: deadline - ContinuousClock.now) {
                throw CLIFailure("signet \(arguments.joined(separator: " ")) did not exit within \(limit); killed")
            }
            if process.terminationReason == .exit && process.terminationStatus == 0 { return (true, kills) }
        }
        return (false, kills)
    }
}

/// A `signet` process that did not finish in time (it has been killed).
struct CLIFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

extension Process {
    /// Waits for the process to exit, at most `limit` (checking every millisecond: the deadline
    /// bounds the wait, it is not a pause). Past it, kills the process with SIGKILL, reaps it and
    /// returns false, so a process that never exits fails the test instead of hanging it.
    func waitUntilExit(within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while isRunning {
            guard ContinuousClock.now < deadline else {
                kill(processIdentifier, SIGKILL)
                waitUntilExit()
                return false
            }
            usleep(1_000)
        }
        waitUntilExit()
        return true
    }
}

/// Polls `condition` on this thread every 2 ms until it holds, at most `limit`; false past it.
/// Synchronous on purpose: the CLI suites block the concurrency pool's few threads on child
/// processes, and an async poll could be starved long enough to miss the moment it waits for.
func waitSynchronously(for limit: Duration, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { return false }
        usleep(2_000)
    }
    return true
}

/// Kills `process` with SIGKILL once `limit` has passed unless cancelled first: a blocking read of
/// its output then ends (the pipe closes) instead of hanging the test on a process that never
/// writes. Cancel the returned item once the wait it guards is over.
func killIfStillRunning(_ process: Process, after limit: Duration) -> DispatchWorkItem {
    let item = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
    return item
}
