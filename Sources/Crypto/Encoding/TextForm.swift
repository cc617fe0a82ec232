/// The one-line text forms of docs/PROTOCOL.md: `<kind><version>.<URL-safe base64 without padding>`.
///
/// The version sits in the prefix so that a line from a newer Signet is recognised as such
/// ("unsupported version") rather than as garbage.
struct TextForm {
    /// `sig`, `signet-id`, `signet-grant`, `signet-secret`.
    let kind: String
    /// The only version this build reads and writes.
    let version: Int
    /// For messages: "signal", "identity line"…
    let what: String

    var prefix: String { "\(kind)\(version)." }

    func encode(_ bytes: [UInt8]) -> String { Sodium.base64URLEncode(bytes, prefix: prefix) }

    /// Decodes a line, ignoring surrounding white space (chat apps and editors add it).
    func decode(_ text: String, maxLength: Int? = nil) throws -> [UInt8] {
        let line = text.trimmingWhitespace()
        if let maxLength, line.utf8.count > maxLength {
            throw CryptoError(.tooLarge, "the \(what) is \(line.utf8.count) characters long; at most \(maxLength) are allowed")
        }
        guard line.hasPrefix(kind) else {
            throw CryptoError(.malformed, "this is not a Signet \(what): it should start with '\(prefix)'")
        }
        let afterKind = line.dropFirst(kind.count)
        let digits = afterKind.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, afterKind.dropFirst(digits.count).first == "." else {
            throw CryptoError(.malformed, "this is not a Signet \(what): it should start with '\(prefix)'")
        }
        guard Int(digits) == version else {
            throw CryptoError(
                .unsupportedVersion,
                "this \(what) uses format version \(digits), but this signet reads version \(version) only; "
                    + "upgrade signet on this side or ask the sender for a version \(version) \(what)")
        }
        let body = afterKind.dropFirst(digits.count + 1)
        guard let bytes = Sodium.base64URLDecode(body) else {
            throw CryptoError(
                .malformed,
                "the \(what) is damaged: after '\(prefix)' it must be URL-safe base64 (A-Z a-z 0-9 - _) and nothing else; "
                    + "it was cut off, mistyped or wrapped: copy it again, whole and unchanged")
        }
        return bytes
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Fast path for the common case (opening is a hot path): nothing to trim at either end.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
