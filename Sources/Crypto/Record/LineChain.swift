/// A hash chain over the lines of an append-only text file (a journal's `orders.csv`): after line
/// *n* the chain is BLAKE2b-256("signet/line-chain/v1" ‖ chain after line *n−1* ‖ BLAKE2b-256(line *n*)),
/// starting from 32 zero bytes. A publisher signs the chain at checkpoints; a reader who recomputes
/// it over the file it was given learns whether any line up to there was changed, added or removed.
/// Lines are compared as bytes, without their line break.
public struct LineChain: Sendable, Equatable {
    /// Lines hashed so far.
    public private(set) var lines: Int = 0
    /// The chain value after ``lines`` lines.
    public private(set) var value: [UInt8] = Array(repeating: 0, count: 32)

    static let context = Array("signet/line-chain/v1".utf8)

    public init() {}

    /// A chain as published (`lines`, 32-byte `value`).
    public init(lines: Int, value: [UInt8]) throws {
        guard lines >= 0, value.count == 32 else { throw CryptoError(.malformed, "a line chain is a line count and 32 bytes") }
        self.lines = lines
        self.value = value
    }

    /// Adds the next line; returns the line's own digest.
    @discardableResult
    public mutating func append(_ line: some StringProtocol) throws -> [UInt8] {
        let digest = try Self.digest(line)
        value = try Sodium.blake2b(Self.context, value, digest, length: 32)
        lines += 1
        return digest
    }

    /// BLAKE2b-256 of one line's bytes.
    public static func digest(_ line: some StringProtocol) throws -> [UInt8] {
        try Sodium.blake2b(Array(line.utf8)[...], length: 32)
    }

    /// The lines of `text` as the chain counts them: split at `\n`, a `\r` before it dropped, no
    /// empty line after a final line break. The publisher and every reader split the same way.
    public static func lines(in text: Substring) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }

    /// The short form of a line digest published to locate a changed line (its first 8 bytes, hex).
    public static func shortDigest(_ digest: [UInt8]) -> String { Hex.encode(Array(digest.prefix(8))) }
}
