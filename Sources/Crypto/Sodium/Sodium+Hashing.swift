import CSodium

extension Sodium {
    static let sha256Bytes = Int(crypto_hash_sha256_BYTES)
    static let hmacSHA512Bytes = Int(crypto_auth_hmacsha512_BYTES)

    /// SHA-256 of `message`.
    static func sha256(_ message: [UInt8]) throws -> [UInt8] {
        try output(sha256Bytes) { digest in
            try withInput(message) { m, count in
                try check(crypto_hash_sha256(digest, m, UInt64(count)), "crypto_hash_sha256")
            }
        }
    }

    /// HMAC-SHA-512 of `message` under a key of any length (libsodium's streaming interface
    /// takes keys longer than 32 bytes, as exchanges' API secrets are).
    static func hmacSHA512(_ message: [UInt8], key: SecretBytes) throws -> [UInt8] {
        var state = crypto_auth_hmacsha512_state()
        defer { sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha512_state>.size) }
        try key.withPointer { k in
            try check(crypto_auth_hmacsha512_init(&state, k, key.count), "crypto_auth_hmacsha512_init")
        }
        try withInput(message) { m, count in
            try check(crypto_auth_hmacsha512_update(&state, m, UInt64(count)), "crypto_auth_hmacsha512_update")
        }
        return try output(hmacSHA512Bytes) { mac in
            try check(crypto_auth_hmacsha512_final(&state, mac), "crypto_auth_hmacsha512_final")
        }
    }

    // MARK: Base64 (standard alphabet, with padding: RFC 4648 §4)

    static func base64Encode(_ bytes: [UInt8]) -> String {
        let capacity = Int(sodium_base64_encoded_len(bytes.count, sodium_base64_VARIANT_ORIGINAL))
        var chars = [CChar](repeating: 0, count: capacity)
        withInput(bytes) { b, count in _ = sodium_bin2base64(&chars, capacity, b, count, sodium_base64_VARIANT_ORIGINAL) }
        return String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Strict decoding of standard base64 with padding; nil for anything else.
    static func base64Decode(_ text: String) -> [UInt8]? { base64Decode(Array(text.utf8), variant: sodium_base64_VARIANT_ORIGINAL) }
}
