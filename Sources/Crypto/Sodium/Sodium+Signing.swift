import CSodium

extension Sodium {
    static let signPublicKeyBytes = 32
    static let signSeedBytes = 32
    static let signSecretKeyBytes = 64
    static let signatureBytes = 64

    /// Expands a 32-byte Ed25519 seed into libsodium's 64-byte secret key (seed ‖ public key)
    /// held in guarded memory, and returns the public key beside it.
    static func signKeypair(seed: SecretBytes) throws -> (publicKey: [UInt8], secretKey: SecretBytes) {
        guard seed.count == signSeedBytes else {
            throw CryptoError(.malformed, "an Ed25519 seed is \(signSeedBytes) bytes, got \(seed.count)")
        }
        let secret = try SecretBytes(zeroed: signSecretKeyBytes)
        let publicKey = try output(signPublicKeyBytes) { pk in
            try seed.withPointer { s in
                try secret.withMutablePointer { sk in
                    try check(crypto_sign_seed_keypair(pk, sk, s), "crypto_sign_seed_keypair")
                }
            }
        }
        return (publicKey, secret)
    }

    /// Ed25519 detached signature of `message`.
    static func sign(_ message: ArraySlice<UInt8>, secretKey: SecretBytes) throws -> [UInt8] {
        try output(signatureBytes) { sig in
            try secretKey.withPointer { sk in
                try withInput(message) { m, count in
                    try check(crypto_sign_detached(sig, nil, m, UInt64(count), sk), "crypto_sign_detached")
                }
            }
        }
    }

    /// Verifies an Ed25519 detached signature; false on any mismatch.
    static func verify(signature: ArraySlice<UInt8>, message: ArraySlice<UInt8>, publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureBytes, publicKey.count == signPublicKeyBytes else { return false }
        return withInput(signature) { sig, _ in
            withInput(message) { m, count in
                withInput(publicKey) { pk, _ in
                    crypto_sign_verify_detached(sig, m, UInt64(count), pk) == 0
                }
            }
        }
    }
}
