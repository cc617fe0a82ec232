import Synchronization

/// Where a subscriber persists its ``ReplayWindow``s, so a restart never accepts a signal twice.
public protocol ReplayStore: Sendable {
    /// The window for one publisher's channel (empty if none was saved).
    func window(publisher: KeyID, channel: ChannelID) throws -> ReplayWindow
    /// Durably records `window`; must not return before it is stored.
    func save(_ window: ReplayWindow, publisher: KeyID, channel: ChannelID) throws
}

/// In-memory ``ReplayStore`` for tests and throwaway openers: forgets everything on exit.
public final class MemoryReplayStore: ReplayStore {
    private struct Key: Hashable {
        var publisher: KeyID
        var channel: ChannelID
    }

    private let windows = Mutex<[Key: ReplayWindow]>([:])

    public init() {}

    public func window(publisher: KeyID, channel: ChannelID) throws -> ReplayWindow {
        windows.withLock { $0[Key(publisher: publisher, channel: channel)] ?? ReplayWindow() }
    }

    public func save(_ window: ReplayWindow, publisher: KeyID, channel: ChannelID) throws {
        windows.withLock { $0[Key(publisher: publisher, channel: channel)] = window }
    }
}
