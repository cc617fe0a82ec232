/// Every failure SignetCrypto reports: a stable ``Code`` for programs and a message for people that
/// says what was wrong and what to do about it.
public struct CryptoError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, stable across releases so callers and scripts can branch on it.
    public enum Code: String, Sendable, CaseIterable {
        // Parsing text forms and binary structures.
        case malformed, unsupportedVersion, wrongLength, badChecksum, tooLarge
        // Opening signals, in the order the checks run.
        case unknownPublisher, badSignature, unknownChannel, unknownEpoch, revokedEpoch
        case decryptionFailed, tooOld, fromTheFuture, replayed, attachmentMismatch
        // Grants.
        case notAddressedToYou, staleGrant, conflictingGrant
        // Keys on disk.
        case notFound, alreadyExists, invalidName, passphraseRequired, wrongPassphrase
        case insecurePermissions, io
        // libsodium itself.
        case sodium
    }

    /// The kind of failure.
    public var code: Code
    /// What was wrong and what to do, for a person.
    public var message: String

    /// Creates an error; keep `message` actionable.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code.rawValue)]" }
}
