import Foundation
import SignalWire
import SignetCrypto

/// Opens what arrives from a transport and files it in the inbox: verify → decrypt → replay
/// check → de-duplicate across transports by (publisher, channel, sequence). Holds the opener,
/// so it is confined to one owner, like the opener.
public final class SignalReceiver {
    public enum Outcome: Sendable, Equatable {
        /// A signal not seen before, now stored in the inbox as `received`.
        case new(Inbox.Record, SignalPayload)
        /// Already received (through this or another transport).
        case duplicate(sequence: UInt64)
        /// Verified but too old to act on; stored as skipped so it is not mistaken for a gap.
        case stale(sequence: UInt64)
        /// Refused by the envelope checks (unknown publisher, bad signature, revoked…).
        case refused(code: String, message: String)
        /// The message holds no `sig1.` line (chat talk, a chart).
        case notASignal
        /// Authentic, but a different signal with the same sequence number was stored first: the
        /// publisher's key signed two signals as one (equivocation, or a stolen key). The first is kept.
        case conflict(sequence: UInt64)
    }

    private let opener: SignalOpener
    private let inbox: Inbox
    private let clock: any TimeSource

    public init(opener: SignalOpener, inbox: Inbox, clock: any TimeSource = SystemTimeSource()) {
        self.opener = opener
        self.inbox = inbox
        self.clock = clock
    }

    /// Installs a channel key (from a grant accepted while running): signals of its epoch open from now on.
    public func install(_ key: ChannelKey) throws { try opener.install(key) }

    /// The first `sig1.` word of a chat message.
    public static func signalLine(in text: String) -> String? {
        text.split(whereSeparator: { $0.isWhitespace }).first { $0.hasPrefix("sig1.") }.map(String.init)
    }

    public func receive(_ text: String, transport: String) throws -> Outcome {
        guard let line = Self.signalLine(in: text) else { return .notASignal }
        let sealed: SealedSignal
        do {
            sealed = try SealedSignal(text: line)
        } catch let error as CryptoError {
            return .refused(code: error.code.rawValue, message: error.message)
        }
        let publisher = "\(sealed.header.publisher)", channel = "\(sealed.header.channel)", sequence = sealed.header.sequence
        // The inbox keys signals by a signed 64-bit sequence; no publisher reaches 2^63 signals.
        guard sequence <= UInt64(Int64.max) else {
            return .refused(code: "malformed", message: "sequence \(sequence) is beyond 2^63 - 1; no channel gets that far: not acted on")
        }
        let digest = Self.digest(line)
        let opened: OpenedSignal
        do {
            opened = try opener.open(sealed)
        } catch let error as CryptoError where error.code == .replayed {
            // The opener checks the signature before its replay window: this copy is authentic.
            return try isConflict(publisher, channel, sequence, digest) ? .conflict(sequence: sequence) : .duplicate(sequence: sequence)
        } catch let error as CryptoError where error.code == .tooOld {
            let stored = try inbox.insert(Inbox.Record(
                publisher: publisher, channel: channel, sequence: sequence, transport: transport,
                receivedAt: Int64(clock.nowMilliseconds()), sealedAt: Int64(sealed.header.timestamp), kind: "unknown",
                payload: "", status: .skipped, reason: "stale"))
            return stored ? .stale(sequence: sequence) : .duplicate(sequence: sequence)
        } catch let error as CryptoError {
            return .refused(code: error.code.rawValue, message: error.message)
        }
        // Only trading payloads are traded: text or binary sealed on the channel is not a signal.
        guard opened.header.contentType == .signalJSON else {
            return .refused(
                code: "malformedPayload",
                message: "content type \(opened.header.contentType) is not a trading signal (\(ContentType.signalJSON)); not acted on")
        }
        let signal: SignalPayload
        do {
            signal = try SignalPayload.decode(opened.plaintext)
        } catch {
            // Reported under the subscriber's own code, as before the wire format had its own errors.
            let refusal = SubscriberError(payload: error)
            return .refused(code: refusal.code.rawValue, message: refusal.message)
        }
        let record = Inbox.Record(
            publisher: publisher, channel: channel, sequence: sequence, transport: transport, receivedAt: Int64(clock.nowMilliseconds()),
            sealedAt: Int64(opened.header.timestamp), kind: signal.kind,
            payload: String(decoding: opened.plaintext, as: UTF8.self), status: .received, reason: nil)
        // The opener's replay window lives in memory; after a restart the inbox is what remembers.
        guard try inbox.insert(record, lineDigest: digest) else {
            return try isConflict(publisher, channel, sequence, digest) ? .conflict(sequence: sequence) : .duplicate(sequence: sequence)
        }
        return .new(record, signal)
    }

    /// Whether the inbox holds another line under this sequence (a line stored without a digest,
    /// by an older release, is not compared).
    private func isConflict(_ publisher: String, _ channel: String, _ sequence: UInt64, _ digest: String) throws -> Bool {
        guard let stored = try inbox.lineDigest(publisher: publisher, channel: channel, sequence: sequence) else { return false }
        return stored != digest
    }

    /// SHA-256 of the sealed line, hex: the same signal resent byte for byte has the same digest.
    static func digest(_ line: String) -> String {
        ((try? Digests.sha256(Array(line.utf8))) ?? []).map { String(format: "%02x", $0) }.joined()
    }
}
