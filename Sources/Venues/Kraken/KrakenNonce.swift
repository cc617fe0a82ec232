import Foundation
import Synchronization

/// Where Kraken nonces come from. Kraken refuses a nonce not greater than the last one it saw
/// for the API key (`EAPI:Invalid nonce`), across restarts of the program too.
public protocol KrakenNonceSource: Sendable {
    /// The next nonce: greater than every one handed out before, for this key, ever.
    func next() throws -> UInt64
}

/// Nonces from the clock in milliseconds (Kraken's usual choice), never below the last one plus
/// one, and the last one written to a file before it is handed out, so a restart (or a clock
/// set back) never repeats or lowers one.
public final class FileKrakenNonceSource: KrakenNonceSource {
    private let path: String
    private let last: Mutex<UInt64>
    private let now: @Sendable () -> UInt64

    /// - Parameters:
    ///   - path: the file that keeps the last nonce (one per API key).
    ///   - now: the clock, Unix milliseconds.
    public init(path: String, now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }) throws {
        self.path = path
        self.now = now
        var stored: UInt64 = 0
        if let data = FileManager.default.contents(atPath: path) {
            guard let value = UInt64(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw KrakenError(
                    .nonceStore,
                    "\(path) does not hold a nonce; delete it only if this API key was never used since "
                        + "(Kraken would refuse lower nonces)")
            }
            stored = value
        }
        last = Mutex(stored)
    }

    public func next() throws -> UInt64 {
        try last.withLock { last in
            let nonce = max(now(), last + 1)
            // Written (atomically, synced) before use: a crash after this never reuses the number.
            let temporary = path + ".tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(String(nonce).utf8)),
                let handle = FileHandle(forWritingAtPath: temporary)
            else {
                throw KrakenError(.nonceStore, "cannot write \(temporary); check the folder exists and is writable")
            }
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, path) == 0 else { throw KrakenError(.nonceStore, "cannot replace \(path) (errno \(errno))") }
            last = nonce
            return nonce
        }
    }
}

/// The in-memory twin: increasing nonces from `start`, forgotten on exit.
public final class MemoryKrakenNonceSource: KrakenNonceSource {
    private let last: Mutex<UInt64>
    public init(start: UInt64 = 0) { last = Mutex(start) }
    public func next() throws -> UInt64 { last.withLock { $0 += 1; return $0 } }
}
