import CSodium

extension Sodium {
    static let aeadKeyBytes = 32
    static let aeadNonceBytes = 24
    static let aeadTagBytes = 16
    static let boxPublicKeyBytes = 32
    static let boxSecretKeyBytes = 32
    static let sealOverheadBytes = 48
    static let secretboxNonceBytes = 24
    static let secretboxTagBytes = 16
    static let passwordSaltBytes = 16

    // MARK: XChaCha20-Poly1305 (IETF)

    /// Encrypts `plaintext`, authenticating `additionalData` alongside; returns ciphertext ‖ tag.
    static func aeadEncrypt(
        _ plaintext: ArraySlice<UInt8>, additionalData: ArraySlice<UInt8>, nonce: ArraySlice<UInt8>, key: SecretBytes
    ) throws -> [UInt8] {
        guard nonce.count == aeadNonceBytes, key.count == aeadKeyBytes else {
            throw CryptoError(.sodium, "XChaCha20-Poly1305 needs a 24-byte nonce and a 32-byte key")
        }
        return try output(plaintext.count + aeadTagBytes) { c in
            try key.withPointer { k in
                try withInput(plaintext) { m, mlen in
                    try withInput(additionalData) { ad, adlen in
                        try withInput(nonce) { n, _ in
                            try check(
                                crypto_aead_xchacha20poly1305_ietf_encrypt(c, nil, m, UInt64(mlen), ad, UInt64(adlen), nil, n, k),
                                "crypto_aead_xchacha20poly1305_ietf_encrypt")
                        }
                    }
                }
            }
        }
    }

    /// Decrypts and authenticates; nil when the tag does not match (wrong key, altered bytes).
    static func aeadDecrypt(
        _ ciphertext: ArraySlice<UInt8>, additionalData: ArraySlice<UInt8>, nonce: ArraySlice<UInt8>, key: SecretBytes
    ) -> [UInt8]? {
        guard ciphertext.count >= aeadTagBytes, nonce.count == aeadNonceBytes, key.count == aeadKeyBytes else { return nil }
        var rc: Int32 = -1
        let plaintext = output(ciphertext.count - aeadTagBytes) { m in
            rc = key.withPointer { k in
                withInput(ciphertext) { c, clen in
                    withInput(additionalData) { ad, adlen in
                        withInput(nonce) { n, _ in
                            crypto_aead_xchacha20poly1305_ietf_decrypt(m, nil, nil, c, UInt64(clen), ad, UInt64(adlen), n, k)
                        }
                    }
                }
            }
        }
        return rc == 0 ? plaintext : nil
    }

    // MARK: X25519 and sealed boxes

    /// The X25519 public key of a secret scalar (`crypto_scalarmult_base`).
    static func boxPublicKey(secretKey: SecretBytes) throws -> [UInt8] {
        guard secretKey.count == boxSecretKeyBytes else {
            throw CryptoError(.malformed, "an X25519 secret key is \(boxSecretKeyBytes) bytes, got \(secretKey.count)")
        }
        return try output(boxPublicKeyBytes) { pk in
            try secretKey.withPointer { sk in try check(crypto_scalarmult_base(pk, sk), "crypto_scalarmult_base") }
        }
    }

    /// Anonymous sealed box (`crypto_box_seal`) of a secret to `recipient`.
    static func boxSeal(_ secret: SecretBytes, to recipient: [UInt8]) throws -> [UInt8] {
        guard recipient.count == boxPublicKeyBytes else {
            throw CryptoError(.malformed, "an X25519 public key is \(boxPublicKeyBytes) bytes, got \(recipient.count)")
        }
        return try output(secret.count + sealOverheadBytes) { c in
            try secret.withPointer { m in
                try withInput(recipient) { pk, _ in
                    try check(crypto_box_seal(c, m, UInt64(secret.count), pk), "crypto_box_seal")
                }
            }
        }
    }

    /// Opens a sealed box straight into guarded memory; nil when it was not sealed to this key pair.
    static func boxSealOpen(_ sealed: ArraySlice<UInt8>, publicKey: [UInt8], secretKey: SecretBytes) throws -> SecretBytes? {
        guard sealed.count > sealOverheadBytes else { return nil }
        let out = try SecretBytes(zeroed: sealed.count - sealOverheadBytes)
        let rc = out.withMutablePointer { m in
            withInput(sealed) { c, clen in
                withInput(publicKey) { pk, _ in
                    secretKey.withPointer { sk in crypto_box_seal_open(m, c, UInt64(clen), pk, sk) }
                }
            }
        }
        return rc == 0 ? out : nil
    }

    // MARK: Passphrases: Argon2id then XSalsa20-Poly1305 secretbox

    /// Derives a 32-byte key from a passphrase with Argon2id v1.3 (`crypto_pwhash`).
    static func passwordKey(passphrase: [UInt8], salt: [UInt8], opsLimit: UInt64, memLimit: UInt64) throws -> SecretBytes {
        guard salt.count == passwordSaltBytes else {
            throw CryptoError(.malformed, "an Argon2id salt is \(passwordSaltBytes) bytes, got \(salt.count)")
        }
        try ready()
        let key = try SecretBytes(zeroed: 32)
        let rc = key.withMutablePointer { k in
            withInput(passphrase) { p, plen in
                p.withMemoryRebound(to: CChar.self, capacity: max(plen, 1)) { chars in
                    withInput(salt) { s, _ in
                        crypto_pwhash(k, 32, chars, UInt64(plen), s, opsLimit, Int(memLimit), crypto_pwhash_ALG_ARGON2ID13)
                    }
                }
            }
        }
        guard rc == 0 else {
            throw CryptoError(.sodium, "Argon2id could not run with \(memLimit) bytes of memory; free some memory and try again")
        }
        return key
    }

    /// `crypto_secretbox_easy` of a secret.
    static func secretboxSeal(_ secret: SecretBytes, nonce: [UInt8], key: SecretBytes) throws -> [UInt8] {
        try output(secret.count + secretboxTagBytes) { c in
            try secret.withPointer { m in
                try withInput(nonce) { n, _ in
                    try key.withPointer { k in
                        try check(crypto_secretbox_easy(c, m, UInt64(secret.count), n, k), "crypto_secretbox_easy")
                    }
                }
            }
        }
    }

    /// Opens a secretbox into guarded memory; nil when the key (passphrase) is wrong or the bytes altered.
    static func secretboxOpen(_ sealed: ArraySlice<UInt8>, nonce: [UInt8], key: SecretBytes) throws -> SecretBytes? {
        guard sealed.count > secretboxTagBytes, nonce.count == secretboxNonceBytes else { return nil }
        let out = try SecretBytes(zeroed: sealed.count - secretboxTagBytes)
        let rc = out.withMutablePointer { m in
            withInput(sealed) { c, clen in
                withInput(nonce) { n, _ in
                    key.withPointer { k in crypto_secretbox_open_easy(m, c, UInt64(clen), n, k) }
                }
            }
        }
        return rc == 0 ? out : nil
    }
}
