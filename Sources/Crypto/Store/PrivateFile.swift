/// Writing a file only its owner can read, in one piece: what `signet` writes that may hold a
/// plaintext or a grant (decrypted attachments, grants, exported lines).
public enum PrivateFile {
    /// Writes `bytes` to `path` with mode 0600, atomically (a temporary file, fsync, then rename);
    /// with `replace: false` an existing file is refused with ``CryptoError/Code/alreadyExists``.
    public static func write(_ bytes: [UInt8], to path: String, replace: Bool) throws {
        try SecureFile.write(bytes, to: path, mode: SecureFile.secretMode, replace: replace)
    }
}
