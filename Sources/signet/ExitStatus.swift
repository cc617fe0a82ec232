import APISimulators
import ArgumentParser
import KrakenVenue
import Notifiers
import SignalPublisher
import SignalSubscriber
import SignalWire
import SignetApp
import SignetCrypto
import Trader
import Transport

/// The process's exit status says what kind of failure ended it, so scripts can branch on it
/// (documented in `signet --help` and README.md, "Exit codes").
enum ExitStatus: Int32, CaseIterable {
    /// Done.
    case success = 0
    /// A signal, record or check was refused: a bad signature, a replayed signal, an altered journal.
    case refused = 1
    /// The command line asks for something that cannot be.
    case usage = 64
    /// An input is wrong: a file, a setting, a key file, a passphrase, a payload.
    case input = 65
    /// A venue or a chat service refused or could not be reached.
    case venue = 69
    /// Something in Signet failed that should not have.
    case internalError = 70
    /// A file could not be read or written (disk, permissions).
    case io = 74

    /// What `signet --help` says about exit statuses.
    static let help = """
        Exit status: 0 done; 1 a signal, record or check was refused; 64 bad usage; 65 bad input (a file, a setting, \
        a key, a payload); 69 a venue or chat service refused or was unreachable; 70 an internal error; 74 a file \
        could not be read or written.
        """

    /// The kind of `error`; nil for errors ArgumentParser reports itself (help, usage).
    static func of(_ error: any Error) -> ExitStatus? {
        switch error {
        case let error as CryptoError: of(error)
        case let error as AppError:
            switch error.kind {
            case .usage: .usage
            case .input: .input
            case .venue: .venue
            }
        case let error as TraderError: error.code == .io ? .io : .input
        case let error as PublisherError:
            switch error.code {
            case .storage: .io
            case .delivery: .venue
            case .configuration: .input
            }
        case let error as SubscriberError: error.code == .storage ? .io : .input
        case let error as ChartError: error.code == .render ? .internalError : .input
        case is SignalWireError: .input
        case is TelegramError, is SlackError, is HTTPError, is KrakenError, is TCPError, is SimulatorError: .venue
        default: nil
        }
    }

    static func of(_ error: CryptoError) -> ExitStatus {
        switch error.code {
        case .malformed, .unsupportedVersion, .wrongLength, .badChecksum, .tooLarge, .unknownPublisher, .badSignature, .unknownChannel,
            .unknownEpoch, .revokedEpoch, .decryptionFailed, .tooOld, .fromTheFuture, .replayed, .attachmentMismatch:
            .refused
        case .notAddressedToYou, .staleGrant, .conflictingGrant, .notFound, .alreadyExists, .invalidName, .passphraseRequired,
            .wrongPassphrase, .insecurePermissions:
            .input
        case .io: .io
        case .sodium: .internalError
        }
    }
}
