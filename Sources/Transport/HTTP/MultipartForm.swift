import Foundation
/// A `multipart/form-data` body (RFC 7578): text fields and files, for uploads such as Telegram's
/// `sendPhoto`. The boundary is random, so it cannot occur in the parts by accident.
public struct MultipartForm: Sendable {
    public struct File: Sendable {
        public var filename: String
        public var contentType: String
        public var bytes: [UInt8]

        public init(filename: String, contentType: String, bytes: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    private enum Part: Sendable {
        case field(name: String, value: String)
        case file(name: String, File)
    }

    private var parts: [Part] = []
    public let boundary: String

    public init(boundary: String? = nil) {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        self.boundary = boundary ?? "signet-" + String((0..<24).map { _ in alphabet.randomElement() ?? "x" })
    }

    public mutating func add(_ name: String, _ value: String) { parts.append(.field(name: name, value: value)) }
    public mutating func add(_ name: String, file: File) { parts.append(.file(name: name, file)) }

    /// `multipart/form-data; boundary=…`
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    public var body: [UInt8] {
        var out: [UInt8] = []
        func line(_ text: String) { out += Array(text.utf8) + [13, 10] }
        for part in parts {
            line("--\(boundary)")
            switch part {
            case .field(let name, let value):
                line("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"")
                line("")
                out += Array(value.utf8) + [13, 10]
            case .file(let name, let file):
                line("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(file.filename))\"")
                line("Content-Type: \(file.contentType)")
                line("")
                out += file.bytes + [13, 10]
            }
        }
        line("--\(boundary)--")
        return out
    }

    /// Quotes and line breaks would end the header value early; RFC 7578 escapes them as %XX.
    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
}
