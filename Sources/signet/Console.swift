import Foundation
import SignetApp
import SignetCrypto

/// Where the CLI writes: results on standard output, everything for people on standard error.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Standard output written at once (a process reading it through a pipe sees it immediately).
    static func outFlushed(_ text: String) {
        out(text)
        try? FileHandle.standardOutput.synchronize()
    }

    static func outRaw(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func noteInline(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }
}

/// A refusal to show as `error: MESSAGE` with a non-zero exit status chosen by its code.
struct CryptoErrorReport: Error {
    let message: String
    let exitCode: Int32

    init(_ error: CryptoError) {
        message = "\(error.message) [\(error.code.rawValue)]"
        exitCode = ExitStatus.of(error).rawValue
    }
}

extension CryptoError {
    /// Lets ArgumentParser-style `try` sites surface crypto errors uniformly.
    var report: CryptoErrorReport { CryptoErrorReport(self) }
}

/// Runs `body`, turning a ``CryptoError`` into the CLI's report.
func reporting<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CryptoError {
        throw error.report
    }
}
