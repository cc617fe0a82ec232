import Logging

/// A swift-log handler that hands records at or above its level to a ``TelegramLogSink``;
/// logging through it never waits for the network.
public struct TelegramLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: TelegramLogSink

    init(label: String, sink: TelegramLogSink, logLevel: Logger.Level) {
        self.label = label
        self.sink = sink
        self.logLevel = logLevel
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String, function: String,
        line: UInt
    ) {
        let merged = metadata.merging(explicit ?? [:]) { $1 }
        var text = message.description
        if !merged.isEmpty {
            text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        sink.enqueue(.init(level: level, label: label, text: text, time: .now))
    }
}
