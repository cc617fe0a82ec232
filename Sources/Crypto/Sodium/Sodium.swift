import CSodium

/// The thin, typed face of libsodium that the rest of SignetCrypto uses.
///
/// Every C return code goes through ``check(_:_:)``, and raw pointers never leave the files in
/// `Sodium/`: callers pass and receive `[UInt8]` and ``SecretBytes``.
enum Sodium {
    /// `sodium_init` must run before randomness or key generation; a `static let` runs it once,
    /// thread-safely, without any global mutable state of ours.
    private static let initResult: Int32 = sodium_init()

    /// Makes sure libsodium is initialised; throws if the library cannot start (no entropy source).
    static func ready() throws {
        // 0 = initialised now, 1 = already initialised, -1 = failure.
        guard initResult >= 0 else {
            throw CryptoError(
                .sodium,
                "libsodium could not initialise (sodium_init returned \(initResult)); check that /dev/urandom is readable")
        }
    }

    /// The one place C return codes of libsodium are turned into Swift errors.
    static func check(_ rc: Int32, _ operation: StaticString) throws {
        guard rc == 0 else {
            throw CryptoError(.sodium, "libsodium \(operation) failed (return code \(rc))")
        }
    }

    /// Calls `body` with a pointer to `bytes` and their count. libsodium declares its pointers
    /// `nonnull` even for zero lengths, so an empty input gets a valid one-byte placeholder.
    static func withInput<R>(_ bytes: ArraySlice<UInt8>, _ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        if bytes.isEmpty {
            return try [UInt8(0)].withUnsafeBufferPointer { try body($0.baseAddress!, 0) }
        }
        return try bytes.withUnsafeBufferPointer { try body($0.baseAddress!, $0.count) }
    }

    static func withInput<R>(_ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) throws -> R) rethrows -> R {
        try withInput(bytes[...], body)
    }

    /// A new array of `count` bytes filled by `body`, which gets a valid pointer even when `count` is 0.
    static func output(_ count: Int, _ body: (UnsafeMutablePointer<UInt8>) throws -> Void) rethrows -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max(count, 1))
        try out.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
        if count == 0 { out.removeAll() }
        return out
    }

    /// `count` bytes from libsodium's CSPRNG.
    static func randomBytes(_ count: Int) -> [UInt8] {
        output(count) { randombytes_buf($0, count) }
    }

    /// Overwrites an array's bytes with zeros in a way the compiler cannot optimise away.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }

    /// Constant-time equality, for comparing secrets and MACs.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in sodium_memcmp(pa.baseAddress!, pb.baseAddress!, a.count) == 0 }
        }
    }

    // MARK: BLAKE2b

    /// Unkeyed BLAKE2b (`crypto_generichash`) of the concatenation of `parts`, `length` bytes long (16...64).
    static func blake2b(_ parts: [UInt8]..., length: Int = 32) throws -> [UInt8] {
        try blake2b(parts: parts, length: length)
    }

    static func blake2b(parts: [[UInt8]], length: Int) throws -> [UInt8] {
        // One-shot over the concatenation: the inputs are small, and the streaming state is an
        // over-aligned C struct that Swift only sees as an opaque pointer.
        try blake2b(parts.count == 1 ? parts[0][...] : Array(parts.joined())[...], length: length)
    }

    static func blake2b(_ message: ArraySlice<UInt8>, length: Int) throws -> [UInt8] {
        try output(length) { out in
            try withInput(message) { m, count in
                try check(crypto_generichash(out, length, m, UInt64(count), nil, 0), "crypto_generichash")
            }
        }
    }

    // MARK: Base64 (URL-safe alphabet, no padding)

    /// `prefix` followed by URL-safe base64 without padding (RFC 4648 §5) of `bytes`, encoded by
    /// libsodium straight into the string's storage (this is on the sealing hot path).
    static func base64URLEncode(_ bytes: [UInt8], prefix: String = "") -> String {
        let encodedLength = (bytes.count * 4 + 2) / 3
        let prefixBytes = Array(prefix.utf8)
        // +1: libsodium writes a trailing NUL, which is not part of the string.
        let capacity = prefixBytes.count + encodedLength + 1
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            let base = buffer.baseAddress!
            for (offset, byte) in prefixBytes.enumerated() { base[offset] = byte }
            (base + prefixBytes.count).withMemoryRebound(to: CChar.self, capacity: encodedLength + 1) { chars in
                withInput(bytes) { b, count in
                    _ = sodium_bin2base64(chars, encodedLength + 1, b, count, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
                }
            }
            return prefixBytes.count + encodedLength
        }
    }

    /// Strict decoding: any character outside the alphabet, padding, or non-zero trailing bits
    /// returns nil, so one text form maps to exactly one byte string.
    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        base64Decode(Array(text.utf8), variant: sodium_base64_VARIANT_URLSAFE_NO_PADDING)
    }

    /// `utf8` decoded with libsodium's base64 `variant`; nil on any deviation from it.
    static func base64Decode(_ utf8: [UInt8], variant: Int32) -> [UInt8]? {
        if utf8.isEmpty { return [] }
        let capacity = utf8.count * 3 / 4 + 1
        var written = 0
        var rc: Int32 = -1
        var out = output(capacity) { o in
            rc = withInput(utf8) { input, count in
                input.withMemoryRebound(to: CChar.self, capacity: count) { chars in
                    sodium_base642bin(o, capacity, chars, count, nil, &written, nil, variant)
                }
            }
        }
        guard rc == 0 else { return nil }
        out.removeSubrange(written...)
        return out
    }
}
