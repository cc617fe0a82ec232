/// Builds the big-endian binary layouts of docs/PROTOCOL.md.
struct ByteWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ value: UInt8) { bytes.append(value) }

    mutating func append<C: Collection>(_ value: C) where C.Element == UInt8 { bytes.append(contentsOf: value) }

    mutating func append(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func append(_ id: KeyID) { append(id.value) }

    mutating func append(_ id: ChannelID) {
        append(id.high)
        append(id.low)
    }

    mutating func append(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// A length-prefixed (one byte) UTF-8 string; names are at most 64 bytes.
    mutating func appendShortString(_ value: String) {
        let utf8 = Array(value.utf8)
        bytes.append(UInt8(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}
