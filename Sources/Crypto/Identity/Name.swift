/// Names of identities, aliases and channels double as file names, so they are restricted to a
/// portable, unambiguous set: a letter or digit, then letters, digits, `.`, `_` or `-`, 64 at most.
enum Name {
    static let maxLength = 64

    static func validate(_ name: String, as what: String) throws {
        let scalars = Array(name.unicodeScalars)
        func allowed(_ s: Unicode.Scalar, first: Bool) -> Bool {
            switch s {
            case "a"..."z", "A"..."Z", "0"..."9": true
            case ".", "_", "-": !first
            default: false
            }
        }
        guard !scalars.isEmpty, scalars.count <= maxLength,
            allowed(scalars[0], first: true), scalars.dropFirst().allSatisfy({ allowed($0, first: false) })
        else {
            throw CryptoError(
                .invalidName,
                "'\(name)' is not a valid \(what) name: "
                    + "use 1 to \(maxLength) letters, digits, '.', '_' or '-', starting with a letter or digit")
        }
    }
}
