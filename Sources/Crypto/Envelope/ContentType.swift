/// What the plaintext of a signal or attachment is: one byte on the wire (docs/PROTOCOL.md §6).
///
/// Unknown values open fine (the signal is authentic); the application decides what to do with them.
public struct ContentType: Hashable, Sendable, CustomStringConvertible {
    /// The wire value.
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A Signet signal payload (JSON, schema in docs/PROTOCOL.md).
    public static let signalJSON = ContentType(rawValue: 0x01)
    /// UTF-8 text for people.
    public static let text = ContentType(rawValue: 0x02)
    /// Opaque bytes.
    public static let binary = ContentType(rawValue: 0x03)
    /// A PNG image (charts), for attachments.
    public static let png = ContentType(rawValue: 0x10)

    /// The MIME type, or `application/x-signet-<hex>` for values this build does not know.
    public var description: String {
        switch rawValue {
        case 0x01: "application/json"
        case 0x02: "text/plain"
        case 0x03: "application/octet-stream"
        case 0x10: "image/png"
        default: "application/x-signet-\(Hex.encode([rawValue]))"
        }
    }

    /// Parses a name as the CLI accepts it: `json`, `text`, `binary`, `png`.
    public init?(name: String) {
        switch name {
        case "json", "application/json": self = .signalJSON
        case "text", "text/plain": self = .text
        case "binary", "application/octet-stream": self = .binary
        case "png", "image/png": self = .png
        default: return nil
        }
    }
}
