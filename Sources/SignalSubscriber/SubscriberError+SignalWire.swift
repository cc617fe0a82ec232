import SignalWire

extension SubscriberError {
    /// A payload the wire format refused, as the subscriber reports it: always
    /// ``Code/malformedPayload`` (what the inbox, the intake's outcome counts and scripts key on),
    /// with the wire error's message, which names the field and says what to do.
    public init(payload error: SignalWireError) {
        self.init(.malformedPayload, error.message)
    }
}
