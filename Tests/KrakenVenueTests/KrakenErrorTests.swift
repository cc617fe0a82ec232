import Testing
@testable import KrakenVenue
import TestSupport
import Transport

@Suite("Kraken errors and call counter")
struct KrakenErrorTests {
    @Test(arguments: [
        ("EAPI:Invalid key", KrakenError.Code.invalidKey, KrakenError.Retry.never),
        ("EAPI:Invalid signature", .invalidSignature, .never),
        ("EAPI:Invalid nonce", .invalidNonce, .safe(afterSeconds: nil)),
        ("EAPI:Rate limit exceeded", .rateLimited, .safe(afterSeconds: 5)),
        ("EOrder:Rate limit exceeded", .orderRateLimited, .safe(afterSeconds: 5)),
        ("EService: Throttled: 1700000000", .throttled, .safe(afterSeconds: 2)),
        ("EOrder:Insufficient funds", .insufficientFunds, .never),
        ("EOrder:Order minimum not met", .orderMinimum, .never),
        ("EOrder:Unknown order", .unknownOrder, .never),
        ("EOrder:Cannot open opposing position", .marginNotAllowed, .never),
        ("EGeneral:Invalid arguments", .invalidArguments, .never),
        ("EGeneral:Invalid arguments:Index unavailable", .invalidArguments, .never),
        ("EGeneral:Permission denied", .permissionDenied, .never),
        ("EGeneral:Temporary lockout", .temporaryLockout, .never),
        ("EGeneral:Internal error:12", .internalError, .queryFirst),
        ("EQuery:Unknown asset pair", .unknownPair, .never),
        ("EService:Unavailable", .unavailable, .safe(afterSeconds: 10)),
        ("EService:Busy", .busy, .safe(afterSeconds: 2)),
        ("EService:Market in cancel_only mode", .marketRestricted, .never),
        ("EService:Deadline elapsed", .deadlineElapsed, .queryFirst),
        ("EFunding:Something new", .unknown, .never),
    ])
    func everyDocumentedErrorMapsToACodeAndARetryRule(text: String, code: KrakenError.Code, retry: KrakenError.Retry) {
        let error = KrakenError(apiError: text, method: "AddOrder")
        #expect(error.code == code)
        #expect(error.retry == retry)
        #expect(error.apiError == text && error.message.hasPrefix("Kraken refused AddOrder: "))
    }

    @Test func warningsAreNotErrors() {
        #expect(KrakenError.first(of: ["WGeneral:Unused parameter"], method: "Balance") == nil)
        #expect(KrakenError.first(of: ["WGeneral:x", "EOrder:Insufficient funds"], method: "AddOrder")?.code == .insufficientFunds)
    }

    @Test func theCallCounterWaitsForKrakensDecayBeforeTheLimit() async throws {
        let clock = ManualPacingClock()
        let counter = KrakenCallCounter(tier: .starter, clock: clock)
        // Starter: at most 15, decaying 0.33/s; Signet keeps 2 below. Orders do not count here.
        for _ in 0..<13 { try await counter.acquire("Balance") }
        try await counter.acquire("AddOrder")
        #expect(counter.level == 13)
        let waiting = Task { try await counter.acquire("TradesHistory") }  // costs 2: needs 2 of decay
        try await eventually("the call to wait") { clock.waiting == 1 }
        clock.advance(by: .seconds(6))  // 6 s × 0.33 = 1.98: not yet
        try await eventually("the call to wait again") { clock.waiting == 1 }
        clock.advance(by: .milliseconds(100))
        try await waiting.value
        #expect(abs(counter.level - 12.987) < 0.001, "13 − 6.1 s × 0.33 + 2")
    }
}
