import PropertyBased
import SignalWire
import Testing
import Trader

@Suite("Signal payloads: what is written reads back")
struct PayloadRoundTripTests {
    @Test(arguments: SignalPayload.kinds)
    func everyValidPayloadDecodesToItselfAndReencodesToTheSameBytes(kind: String) async {
        await propertyCheck(count: 200, input: PayloadGen.payload(kind: kind)) { payload in
            let bytes = payload.encoded()
            #expect(bytes.count <= SignalPayload.maxBytes)
            let decoded: SignalPayload
            do {
                decoded = try SignalPayload.decode(bytes)
            } catch {
                Issue.record("\(error) for \(String(decoding: bytes, as: UTF8.self))")
                return
            }
            // Equality of amounts ignores their precision; the bytes compare it too.
            #expect(decoded == payload)
            #expect(decoded.kind == kind)
            #expect(decoded.encoded() == bytes)
            #expect(decoded.summary == payload.summary)
        }
    }

    @Test func theSamePayloadAlwaysGivesTheSameBytes() async {
        await propertyCheck(input: PayloadGen.payload(kind: "targets")) { payload in
            #expect(payload.encoded() == payload.encoded())
            #expect(SignalPayload(time: payload.time, source: payload.source, body: payload.body).encoded() == payload.encoded())
        }
    }
}
