import CSodium
import SignetApp
import SignetCrypto

/// Seals and opens of a 512-byte signal through Signet, next to the same work as a plain loop of
/// libsodium calls producing and reading the same text line: random nonce, XChaCha20-Poly1305 with
/// the header as additional data, Ed25519 detached signature, `sodium_bin2base64`; then
/// `sodium_base642bin`, verify and decrypt.
enum CryptoBenchmark {
    static let plaintextSize = 512
    static let headerSize = 50
    static let rounds = 10

    static func run(seconds: Double) throws -> [String: Double] {
        guard sodium_init() >= 0 else { throw BenchError("libsodium failed to initialise") }
        let plaintext = [UInt8](repeating: 0x5a, count: plaintextSize)

        // Signet: a publisher, a subscriber holding a grant, in-memory sequence and replay state.
        let desk = try Identity.generate(name: "desk")
        let follower = try Identity.generate(name: "follower")
        let key = try ChannelKey.generate(channelName: "bench", channel: .random(), publisher: desk.publicIdentity.keyID, epoch: 1)
        let sealer = try ChannelSealer(identity: desk, key: key, sequence: MemorySequenceCounter())
        let grant = try Grant.issue(key, to: follower.publicIdentity, by: desk, at: 0)

        // Open needs distinct sequence numbers (each is accepted once): seal enough lines first.
        let perRound = max(500, Int(18_000 * seconds) / rounds)
        let batch = perRound * rounds
        let lines = try (0..<batch).map { _ in try sealer.seal(plaintext).text }
        let opener = SignalOpener(publishers: [desk.publicIdentity], replayStore: MemoryReplayStore())
        try opener.install(grant.open(from: desk.publicIdentity, as: follower))
        var next = 0

        // The same work as direct libsodium calls, producing and reading the same kind of text line.
        var seed = [UInt8](repeating: 0, count: 32), pk = [UInt8](repeating: 0, count: 32), sk = [UInt8](repeating: 0, count: 64)
        randombytes_buf(&seed, 32)
        crypto_sign_seed_keypair(&pk, &sk, seed)
        var aeadKey = [UInt8](repeating: 0, count: 32)
        randombytes_buf(&aeadKey, 32)
        let header = [UInt8](repeating: 7, count: headerSize)
        let envelopeSize = headerSize + 24 + plaintextSize + 16 + 64
        var envelope = [UInt8](repeating: 0, count: envelopeSize)
        let textLength = (envelopeSize * 4 + 2) / 3
        var text = [CChar](repeating: 0, count: 5 + textLength + 1)
        func rawSeal() {
            envelope.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                header.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: headerSize) }
                randombytes_buf(base + headerSize, 24)
                plaintext.withUnsafeBufferPointer { m in
                    _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                        base + headerSize + 24, nil, m.baseAddress!, UInt64(plaintextSize), base, UInt64(headerSize), nil,
                        base + headerSize, aeadKey)
                }
                let signedLength = envelopeSize - 64
                _ = crypto_sign_detached(base + signedLength, nil, base, UInt64(signedLength), sk)
            }
            text.withUnsafeMutableBufferPointer { out in
                _ = sodium_bin2base64(
                    out.baseAddress! + 5, textLength + 1, envelope, envelopeSize, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
            }
        }
        rawSeal()
        // The raw open reads the very same lines Signet opens (not one buffer hot in cache).
        let publisherKey = desk.publicIdentity.signingKey
        let channelKey = key.exportKeyBytes()
        let rawLines = lines.map { Array($0.utf8.dropFirst(5)) }
        var nextRaw = 0
        var rawFailures = 0
        var opened = [UInt8](repeating: 0, count: plaintextSize)
        var decoded = [UInt8](repeating: 0, count: envelopeSize + 2)
        func rawOpen() {
            let line = rawLines[nextRaw]
            nextRaw += 1
            var decodedLength = 0
            _ = line.withUnsafeBufferPointer { t in
                t.withMemoryRebound(to: CChar.self) { chars in
                    sodium_base642bin(
                        &decoded, decoded.count, chars.baseAddress!, chars.count, nil, &decodedLength, nil,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING)
                }
            }
            decoded.withUnsafeBufferPointer { input in
                let base = input.baseAddress!
                let signedLength = decodedLength - 64
                guard crypto_sign_verify_detached(base + signedLength, base, UInt64(signedLength), publisherKey) == 0 else {
                    rawFailures += 1
                    return
                }
                opened.withUnsafeMutableBufferPointer { m in
                    if crypto_aead_xchacha20poly1305_ietf_decrypt(
                        m.baseAddress!, nil, nil, base + headerSize + 24, UInt64(plaintextSize + 16), base, UInt64(headerSize),
                        base + headerSize, channelKey) != 0 { rawFailures += 1 }
                }
            }
        }

        var results: [String: Double] = [:]
        (results["signet_seal_per_s"], results["raw_seal_per_s"]) = compare(
            seconds: seconds, { _ = try? sealer.seal(plaintext).text }, rawSeal)
        var failures = 0
        (results["signet_open_per_s"], results["raw_open_per_s"]) = compare(
            operations: perRound,
            {
                if (try? opener.open(text: lines[next])) == nil { failures += 1 }
                next += 1
            }, rawOpen)
        guard failures == 0, rawFailures == 0 else {
            throw BenchError("\(failures) Signet and \(rawFailures) raw opens failed; the figures are void")
        }
        results["seal_ratio"] = results["signet_seal_per_s"]! / results["raw_seal_per_s"]!
        results["open_ratio"] = results["signet_open_per_s"]! / results["raw_open_per_s"]!
        return results
    }

    /// Operations per second of `a` and `b`, measured in alternating rounds (so drift in machine load
    /// hits both alike), the best round of each kept; about `seconds` for each of them in all.
    static func compare(seconds: Double, _ a: () -> Void, _ b: () -> Void) -> (Double, Double) {
        let round = Duration.milliseconds(Int(seconds * 1000) / rounds)
        var best = (0.0, 0.0)
        for _ in 0..<rounds {
            best.0 = max(best.0, rate(for: round, a))
            best.1 = max(best.1, rate(for: round, b))
        }
        return best
    }

    /// Like ``compare(seconds:_:_:)`` with a fixed number of operations per round, for work that
    /// consumes a finite batch.
    static func compare(operations: Int, _ a: () -> Void, _ b: () -> Void) -> (Double, Double) {
        var best = (0.0, 0.0)
        for _ in 0..<rounds {
            best.0 = max(best.0, rate(operations: operations, a))
            best.1 = max(best.1, rate(operations: operations, b))
        }
        return best
    }

    static func rate(operations: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<operations { body() }
        let elapsed = clock.now - start
        return Double(operations) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func rate(for round: Duration, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        repeat {
            for _ in 0..<50 { body() }
            count += 50
        } while clock.now - start < round
        let elapsed = clock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
