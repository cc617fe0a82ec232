import FuzzSupport
import FuzzTrading
import SignalWire

/// Harness 4: the signal payload decoder (`SignalPayload.decode`, docs/PROTOCOL.md section 11) and,
/// for payloads it accepts, the subscriber's mirror and risk gate.
///
/// Proves, for any bytes: the decoder returns or throws `SignalWireError`, never traps; a payload
/// it accepts re-encodes canonically (`encoded()` decodes to the same payload, and encoding is
/// stable) and has a summary; an accepted `order` goes through `OrderMirror` under three policies
/// and a `targets` snapshot through `TargetMirror` under three, against fixed markets and equity,
/// without trapping and within each policy's own caps; and every order they produce goes through
/// `RiskGate` under trimming, refusing and close-only limits, where any order let through respects
/// `max_order_notional` and `max_position` (FuzzTrading: World has the fixed world, Mirroring and
/// GatedBook the checks).
fuzz { bytes in
    let payload: SignalPayload
    do {
        payload = try SignalPayload.decode(bytes)
    } catch {
        return  // refused, with a typed error: the decoder did its job
    }
    let canonical = payload.encoded()
    guard let again = try? SignalPayload.decode(canonical) else {
        violated("the canonical encoding of an accepted payload is refused: \(String(decoding: canonical, as: UTF8.self))")
    }
    expect(again == payload, "decode(encoded()) differs: \(payload) became \(again)")
    expect(again.encoded() == canonical, "encoding is not stable: \(String(decoding: canonical, as: UTF8.self))")
    _ = payload.summary
    switch payload.body {
    case .order(let order): Mirroring.copy(order, time: payload.time, policies: World.orderPolicies, limits: World.limits)
    case .targets(let targets): Mirroring.hold(targets, time: payload.time, policies: World.targetPolicies, limits: World.limits)
    case .fill, .equity, .heartbeat, .grant, .checkpoint: break
    }
}
