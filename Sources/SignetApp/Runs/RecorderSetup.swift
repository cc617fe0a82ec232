import Logging
import Notifiers
import SignalPublisher
import SignetCrypto
import Trader

/// What a publishing run's ``SignalRecorder`` is made of, captured before the run starts and
/// made on the run's own thread (the identity it loads is owned by that thread from then on).
struct RecorderSetup: Sendable {
    let source: String
    let channel: String
    let keysPath: String
    let passphrase: [UInt8]?
    let outputs: [String]
    let chartOutputs: [String]
    let floor: UInt64
    let signals: SignalsSettings
    let frequency: String

    func recorder(
        run: LiveRunConfiguration, journal: RunDirectory, outbox: Outbox, wake: @escaping @Sendable () -> Void, logger: Logger
    ) throws -> SignalRecorder {
        let directory = KeyDirectory(path: keysPath)
        let phrase = passphrase
        let identity = try directory.publisherIdentity(of: channel, passphrase: { phrase })
        let keyring = try ChannelKeyring(directory: directory, channel: channel, identity: identity)
        let recorder = SignalRecorder(
            configuration: .init(
                source: source, channel: channel, instruments: run.instruments, accountCurrency: run.accountCurrency, outputs: outputs,
                floor: floor, chart: signals.charts ? ChartRenderer() : nil, chartInterval: signals.chartInterval, timeframe: frequency,
                chartOutputs: chartOutputs),
            outbox: outbox, keyring: keyring, wake: wake, logger: logger)
        if signals.checkpointEvery > 0 {
            recorder.trackRecord = try TrackRecorder(
                ordersPath: journal.ordersPath, pnlPath: journal.positionsPath, statePath: "\(journal.path)/track_record.json",
                everySteps: Int(signals.checkpointEvery))
        }
        try recorder.recover(ordersPath: journal.ordersPath)
        return recorder
    }
}
