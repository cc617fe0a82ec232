/// A signal that passed every check: authentic, decrypted, fresh and not seen before.
public struct OpenedSignal: Sendable {
    /// The verified header.
    public let header: EnvelopeHeader
    /// The pinned identity that signed it.
    public let publisher: PublicIdentity
    /// The channel's human name.
    public let channelName: String
    /// The decrypted payload.
    public let plaintext: [UInt8]
    /// Where it falls in the channel's sequence; `.afterGap` tells the caller signals are missing.
    public let arrival: ReplayWindow.Arrival

    /// The sequence number.
    public var sequence: UInt64 { header.sequence }
}

/// An attachment that passed its checks and is bound to an opened signal.
public struct OpenedAttachment: Sendable {
    /// What the plaintext is (image/png for charts).
    public let contentType: ContentType
    /// The decrypted bytes.
    public let plaintext: [UInt8]
}
