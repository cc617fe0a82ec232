extension TCPStream {
    /// A connection's inbound frames as an `AsyncSequence` (see ``TCPStream/frames``).
    public struct Frames: AsyncSequence, Sendable {
        public typealias Element = [UInt8]

        let reader: FrameReader

        public func makeAsyncIterator() -> Iterator {
            Iterator(reader: reader)
        }

        /// Reads through the stream's one reader, so that iterators made one after another continue where the last
        /// stopped.
        public struct Iterator: AsyncIteratorProtocol {
            let reader: FrameReader

            public mutating func next() async throws -> [UInt8]? {
                try await reader.next()
            }
        }
    }
}
