import Foundation

/// ``ReplayStore`` on disk: one small JSON file per (publisher, channel), replaced atomically and
/// fsynced on every save, so an accepted sequence survives a crash or `kill -9`.
public struct FileReplayStore: ReplayStore {
    let directory: String

    private func path(_ publisher: KeyID, _ channel: ChannelID) -> String {
        "\(directory)/\(publisher)-\(channel).json"
    }

    public func window(publisher: KeyID, channel: ChannelID) throws -> ReplayWindow {
        let file = path(publisher, channel)
        guard SecureFile.exists(file) else { return ReplayWindow() }
        return try KeyDirectory.decodeJSON(ReplayWindow.self, at: file)
    }

    public func save(_ window: ReplayWindow, publisher: KeyID, channel: ChannelID) throws {
        try SecureFile.ensureDirectory(directory)
        try SecureFile.write(KeyDirectory.encodeJSON(window), to: path(publisher, channel), replace: true)
    }
}
