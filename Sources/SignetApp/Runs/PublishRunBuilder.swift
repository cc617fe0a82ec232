import Foundation
import Notifiers
import ServiceLifecycle
import SignalPublisher
import SignetCrypto
import Trader

/// A publishing run: the request's strategy live, every order, fill and target sealed into the
/// outbox and sent to the outputs of settings.yml (`signet publish`).
public struct PublishRequest: Sendable {
    public var live: LiveRunRequest
    /// The channel to publish on; default: the first of `signals.channels`.
    public var channel: String?
    /// The identity's passphrase, when its key file is protected.
    public var passphrase: [UInt8]?
    /// Overrides `signals.keys` (`--dir`).
    public var keysPath: String?

    public init(live: LiveRunRequest, channel: String? = nil, passphrase: [UInt8]? = nil, keysPath: String? = nil) {
        self.live = live
        self.channel = channel
        self.passphrase = passphrase
        self.keysPath = keysPath
    }
}

/// Builds and runs a ``PublishRequest``.
public enum PublishRunBuilder {
    public static func run(_ request: PublishRequest, note: @escaping Note) async throws {
        let settings = try request.live.loadSettings(note: note)
        guard let signals = settings.signals else {
            throw AppError(.usage, "settings.yml has no signals section (identity, keys, channels); see README.md, Publishing signals")
        }
        guard let channel = request.channel ?? signals.channels.first else {
            throw AppError(.input, "signals.channels is empty: name the channel to publish on")
        }
        let keysPath = request.keysPath ?? signals.keys
        let keys = KeyDirectory(path: keysPath)
        let phrase = request.passphrase
        // Checked now, before the run starts: the identity opens and the channel is ours.
        let identity = try keys.publisherIdentity(of: channel, passphrase: { phrase })
        _ = try keys.channelKey(channel)
        guard identity.name == signals.identity else {
            throw AppError(
                .input, "channel '\(channel)' belongs to identity '\(identity.name)', not signals.identity '\(signals.identity)'")
        }
        let floor = try keys.channelState(channel).nextSequence - 1

        let lineOutputs = try PublishOutputs.lines(settings, wanted: signals.outputs, channel: channel, keys: keys, passphrase: phrase)
        // Sealed charts go to the chats that carry sealed lines, each through an output of its own.
        let chartOutputs = signals.charts ? PublishOutputs.charts(settings, for: lineOutputs.map(\.name)) : []
        let directory = try request.live.runDirectory()
        let outbox = try Outbox(path: "\(directory.path)/outbox.sqlite")
        try keys.advanceSequence(channel, past: try outbox.sequences(channel: channel).last ?? 0)
        let sender = OutboxSender(outbox: outbox, outputs: lineOutputs + chartOutputs, epoch: Int64(Date().timeIntervalSince1970 * 1000))
        let names = lineOutputs.map(\.name), chartNames = chartOutputs.map(\.name)
        note("publishing on '\(channel)' to \(names.joined(separator: " and ")); outbox: \(directory.path)/outbox.sqlite")
        for name in names + chartNames where try outbox.pendingCount(output: name) > 0 {
            note("\(name): \(try outbox.pendingCount(output: name)) signal(s) from an earlier session still to send")
        }

        let recorderSetup = RecorderSetup(
            source: request.live.runName, channel: channel, keysPath: keysPath, passphrase: phrase, outputs: names,
            chartOutputs: chartNames, floor: floor, signals: signals, frequency: request.live.frequency)
        var live = request.live
        if let telegram = settings.telegram, names.contains(where: { $0.hasPrefix("telegram") }) {
            live.signalChats = [telegram.chatID, telegram.signedChatID].compactMap { $0 }
        }
        var services: [any Service] = [sender]
        if signals.heartbeat > 0 {
            let heartbeat = HeartbeatService.Configuration(
                channel: channel, source: request.live.runName, keysPath: keysPath, passphrase: phrase, outputs: names, floor: floor,
                interval: .seconds(signals.heartbeat))
            services.append(HeartbeatService(configuration: heartbeat, outbox: outbox, wake: { sender.notify() }))
        }
        try await LiveRunBuilder.run(live, settingsChecked: true, services: services, observers: { run, journal, logger in
            [try recorderSetup.recorder(run: run, journal: journal, outbox: outbox, wake: { sender.notify() }, logger: logger)]
        }, note: note)
        try keys.advanceSequence(channel, past: try outbox.sequences(channel: channel).last ?? 0)
        for name in names + chartNames {
            let pending = try outbox.pendingCount(output: name)
            let later = pending > 0 ? ", \(pending) still pending (sent at the next start)" : ""
            note("\(name): \(sender.deliveredCount(name)) signal(s) delivered this session\(later)")
        }
    }
}
