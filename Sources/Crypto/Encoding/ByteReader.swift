/// Reads the big-endian binary layouts of docs/PROTOCOL.md, refusing short input with a clear error.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    /// What is being read ("signal", "grant"…), for error messages.
    let what: String

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.offset = 0
        self.what = what
    }

    var remaining: Int { bytes.count - offset }

    mutating func read(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else {
            throw CryptoError(
                .wrongLength,
                "the \(what) is too short: it ends at byte \(bytes.count) where \(count) more bytes were expected at offset \(offset); "
                    + "it was probably cut off when copied")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func readArray(_ count: Int) throws -> [UInt8] { Array(try read(count)) }

    mutating func readUInt8() throws -> UInt8 { try read(1).first! }

    mutating func readUInt32() throws -> UInt32 {
        try read(4).reduce(0) { ($0 << 8) | UInt32($1) }
    }

    mutating func readUInt64() throws -> UInt64 {
        try read(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    mutating func readShortString() throws -> String {
        let length = Int(try readUInt8())
        let raw = try read(length)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw CryptoError(.malformed, "the \(what) holds a name that is not valid UTF-8")
        }
        return text
    }

    /// Everything up to, but not including, the last `trailing` bytes.
    mutating func readAll(leaving trailing: Int) throws -> ArraySlice<UInt8> {
        try read(remaining - trailing)
    }
}
