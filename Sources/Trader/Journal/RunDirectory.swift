import Foundation

/// Where a named live run keeps everything, across sessions (the seed's layout):
/// `HOME/alphas/NAME/live_trading/BROKER/` with `logs/`, `orders.csv`, `pos_pnl.csv`, `log.sqlite`
/// and `state.json`. HOME is `$SIGNET_HOME`, else `~/.signet`.
public struct RunDirectory: Sendable {
    public let path: String
    public let name: String
    public let broker: String

    /// `$SIGNET_HOME`, else `~/.signet`.
    public static func defaultHome() -> String {
        if let home = ProcessInfo.processInfo.environment["SIGNET_HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".signet").path
    }

    /// Creates (or reopens) the directory of run `name` on `broker` under `home`.
    public init(home: String, name: String, broker: String) throws {
        for (what, value) in [("run name", name), ("broker", broker)] {
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }), !value.hasPrefix(".") else {
                throw TraderError(.invalidConfiguration, "'\(value)' is not a valid \(what): use letters, digits, '.', '_' or '-'")
            }
        }
        self.name = name
        self.broker = broker
        path = "\(home)/alphas/\(name)/live_trading/\(broker)"
        do {
            // Owner-only: a run's folder holds its positions, orders, equity and received signals.
            try FileManager.default.createDirectory(
                atPath: "\(path)/logs", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for folder in [path, "\(path)/logs"] {
                try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
            }
        } catch {
            throw TraderError(.io, "cannot create the run directory \(path): \(error.localizedDescription)")
        }
    }

    public var ordersPath: String { "\(path)/orders.csv" }
    public var positionsPath: String { "\(path)/pos_pnl.csv" }
    public var databasePath: String { "\(path)/log.sqlite" }
    public var statePath: String { "\(path)/state.json" }

    /// A new session's log file, `logs/YYYYMMDD_HHMMSS.log` (UTC), never one that exists: a
    /// second session in the same second gets `…_2.log`.
    public func sessionLogPath(startingAt milliseconds: Int64) -> String {
        let iso = Timestamp.format(milliseconds - milliseconds % 1000)  // 2026-11-22T00:35:42Z
        let digits = iso.filter(\.isNumber)
        let stem = "\(path)/logs/\(digits.prefix(8))_\(digits.dropFirst(8).prefix(6))"
        var candidate = stem + ".log"
        var counter = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(stem)_\(counter).log"
            counter += 1
        }
        return candidate
    }
}
