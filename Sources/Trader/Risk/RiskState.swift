import Foundation

/// A run's stopout on disk (`risk_state.json` in its folder): it survives restarts, and only the
/// owner clears it (`signet risk reset`), as a copy service's stopout does.
public enum RiskState {
    struct File: Codable {
        var stopout: RiskGate.Stopout?
    }

    /// The stopout recorded in `directory`, if any; a damaged file counts as a stopout (trading
    /// on after losing track of one would be worse than asking the owner to look).
    public static func stopout(in directory: RunDirectory) -> RiskGate.Stopout? {
        let path = path(in: directory)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let file = try? JSONDecoder().decode(File.self, from: data) else {
            return RiskGate.Stopout(reason: "\(path) is damaged; check the run, then signet risk reset", time: 0)
        }
        return file.stopout
    }

    /// Records `stopout` (written whole, then renamed, so a crash leaves the old or the new file).
    public static func record(_ stopout: RiskGate.Stopout, in directory: RunDirectory) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(File(stopout: stopout))
        let temporary = path(in: directory) + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw TraderError(.io, "cannot write \(temporary); check the run folder is writable")
        }
        guard rename(temporary, path(in: directory)) == 0 else {
            throw TraderError(.io, "cannot move \(temporary) into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Clears the stopout; returns what it was (nil when there was none).
    @discardableResult
    public static func reset(in directory: RunDirectory) throws -> RiskGate.Stopout? {
        let previous = stopout(in: directory)
        let path = path(in: directory)
        if FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw TraderError(.io, "cannot remove \(path): \(error.localizedDescription)")
            }
        }
        return previous
    }

    static func path(in directory: RunDirectory) -> String { "\(directory.path)/risk_state.json" }
}
