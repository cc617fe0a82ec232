import ArgumentParser
import Foundation
import SignetApp
import SignetCrypto

/// Options every key-handling command shares.
struct KeyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Key directory.", valueName: "dir"))
    var dir: String = ProcessInfo.processInfo.environment["SIGNET_KEYS"] ?? "keys"

    var directory: KeyDirectory { KeyDirectory(path: dir) }
}

/// The passphrase source: the name of an environment variable, never the passphrase itself
/// (command lines are visible to other users in `ps`).
struct PassphraseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Environment variable holding the identity's passphrase.", valueName: "VAR"))
    var passphraseEnv: String?

    /// Reads the passphrase, or nil when no variable was named.
    func passphrase() throws -> [UInt8]? {
        guard let variable = passphraseEnv else { return nil }
        guard let value = ProcessInfo.processInfo.environment[variable] else {
            throw ValidationError("environment variable \(variable) is not set; export it with the passphrase, or drop --passphrase-env")
        }
        guard !value.isEmpty else {
            throw ValidationError("environment variable \(variable) is empty; a passphrase cannot be empty")
        }
        return Array(value.utf8)
    }

    /// A provider for loaders, which ask only when the key file is protected.
    func provider() throws -> () -> [UInt8]? {
        let phrase = try passphrase()
        return { phrase }
    }
}

/// Current wall-clock time in Unix milliseconds.
func nowMilliseconds() -> UInt64 { SystemTimeSource().nowMilliseconds() }

/// Reads a whole file for the CLI, with a clear error.
func readInputFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read \(path): no such file or not readable")
    }
    return Array(data)
}

/// Reads standard input to its end.
func readStandardInput() -> [UInt8] {
    Array(FileHandle.standardInput.readDataToEndOfFile())
}

/// Writes `bytes` to `path`, refusing to replace an existing file unless `force`.
func writeOutputFile(_ bytes: [UInt8], to path: String, force: Bool) throws {
    if !force && FileManager.default.fileExists(atPath: path) {
        throw ValidationError("\(path) already exists; choose another path or pass --force")
    }
    // Owner-only and in one piece: a decrypted attachment or a grant is nobody else's to read,
    // and a crash must not leave half a file.
    do {
        try PrivateFile.write(bytes, to: path, replace: true)
    } catch let error as CryptoError {
        throw ValidationError("cannot write \(path): \(error.message); check the directory exists and is writable")
    }
}

/// A text line given on the command line, or read from a file that holds it (the first line that
/// starts with `prefix`): how identity lines and grants travel.
func lineArgument(_ argument: String, prefix: String, what: String) throws -> String {
    guard !argument.hasPrefix(prefix), FileManager.default.fileExists(atPath: argument) else { return argument }
    let text = String(decoding: try readInputFile(argument), as: UTF8.self)
    guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(prefix) }) else {
        throw ValidationError("\(argument) holds no \(what) (a line starting with '\(prefix)')")
    }
    return String(line)
}
