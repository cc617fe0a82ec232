import CSodium

/// Secret key material in memory that libsodium guards and wipes.
///
/// The bytes live in `sodium_malloc` memory (guard pages, `mlock` where the system allows it) and are
/// zeroed by `sodium_free` when the last reference goes. The class is deliberately not `Sendable`:
/// an instance is confined to the one owner that loaded it, as GRDB's `Database` is.
final class SecretBytes {
    private let pointer: UnsafeMutableRawPointer
    /// Number of secret bytes held.
    let count: Int

    /// Zero-filled guarded memory of `count` bytes.
    init(zeroed count: Int) throws {
        try Sodium.ready()  // sodium_malloc aborts if libsodium was not initialised
        guard count > 0, let pointer = sodium_malloc(count) else {
            throw CryptoError(.sodium, "could not allocate \(count) bytes of guarded memory for a secret (sodium_malloc)")
        }
        sodium_memzero(pointer, count)
        self.pointer = pointer
        self.count = count
    }

    /// `count` bytes from the CSPRNG, written straight into guarded memory.
    convenience init(random count: Int) throws {
        try self.init(zeroed: count)
        randombytes_buf(pointer, count)
    }

    /// Moves `bytes` into guarded memory and wipes the caller's array.
    convenience init(consuming bytes: inout [UInt8]) throws {
        try self.init(zeroed: bytes.count)
        bytes.withUnsafeBytes { source in
            pointer.copyMemory(from: source.baseAddress!, byteCount: source.count)
        }
        Sodium.wipe(&bytes)
    }

    /// Copies secret bytes out of a larger buffer (a decoded key file) that the caller then wipes.
    convenience init(copying bytes: ArraySlice<UInt8>) throws {
        try self.init(zeroed: bytes.count)
        bytes.withUnsafeBytes { source in
            pointer.copyMemory(from: source.baseAddress!, byteCount: source.count)
        }
    }

    /// The concatenation of several secrets, in guarded memory.
    convenience init(concatenating parts: [SecretBytes]) throws {
        try self.init(zeroed: parts.reduce(0) { $0 + $1.count })
        var offset = 0
        for part in parts {
            (pointer + offset).copyMemory(from: part.pointer, byteCount: part.count)
            offset += part.count
        }
    }

    /// A copy of `range` of this secret, in guarded memory of its own.
    func slice(_ range: Range<Int>) throws -> SecretBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "secret slice out of bounds")
        let out = try SecretBytes(zeroed: range.count)
        out.pointer.copyMemory(from: pointer + range.lowerBound, byteCount: range.count)
        return out
    }

    deinit {
        sodium_free(pointer)  // zeroes before releasing
    }

    /// Typed read access for the Sodium wrapper files only.
    func withPointer<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafePointer(pointer.assumingMemoryBound(to: UInt8.self)))
    }

    /// Typed write access for the Sodium wrapper files only.
    func withMutablePointer<R>(_ body: (UnsafeMutablePointer<UInt8>) throws -> R) rethrows -> R {
        try body(pointer.assumingMemoryBound(to: UInt8.self))
    }

    /// Read access for the Sodium wrapper files only.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Write access for the Sodium wrapper files only.
    func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// A copy of the secret as an ordinary array, for writing it to a 0600 file; the caller wipes it.
    func exposedCopy() -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// Constant-time comparison of two secrets.
    func isEqual(to other: SecretBytes) -> Bool {
        count == other.count && sodium_memcmp(pointer, other.pointer, count) == 0
    }
}
