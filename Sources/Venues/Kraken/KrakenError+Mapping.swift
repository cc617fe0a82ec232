import Foundation

extension KrakenError {
    /// The error for Kraken's `error` string `text` (as in `{"error": ["EAPI:Invalid nonce"]}`) from a call to `method`.
    public init(apiError text: String, method: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let category = parts.first ?? "", detail = parts.count > 1 ? parts[1] : ""
        let (code, advice, retry) = Self.meaning(category: category, detail: detail)
        self.init(code, "Kraken refused \(method): \(advice)", retry: retry, apiError: trimmed)
    }

    /// The first error of a response's `error` array (warnings, which start with `W`, are not errors); nil when there is none.
    public static func first(of errors: [String], method: String) -> KrakenError? {
        errors.first { $0.hasPrefix("E") }.map { KrakenError(apiError: $0, method: method) }
    }

    private static func meaning(category: String, detail: String) -> (Code, String, Retry) {
        switch (category, detail) {
        case ("EAPI", "Invalid key"):
            return (
                .invalidKey,
                "the API key is wrong or was deleted; check exchange_apis.Kraken.key (repeated attempts lock the account for a while)",
                .never)
        case ("EAPI", "Invalid signature"):
            return (
                .invalidSignature,
                "the request signature does not match; check exchange_apis.Kraken.secret is the key's own secret, copied whole",
                .never)
        case ("EAPI", "Invalid nonce"):
            return (
                .invalidNonce,
                "the nonce was not above the last one Kraken saw for this key (another program using the same key?); "
                    + "sent again with a new nonce",
                .safe(afterSeconds: nil))
        case ("EAPI", "Rate limit exceeded"):
            return (.rateLimited, "the API call counter is full; waiting before the next call", .safe(afterSeconds: 5))
        case ("EOrder", "Rate limit exceeded"):
            return (.orderRateLimited, "too many order changes on this pair; waiting before the next", .safe(afterSeconds: 5))
        case ("EService", let detail) where detail.hasPrefix("Throttled"):
            // "EService: Throttled: [UNIX timestamp]": try again after that time (the caller compares with its clock).
            return (
                .throttled,
                "too many concurrent requests; trying again after "
                    + "\(detail.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "a moment")",
                .safe(afterSeconds: 2))
        case ("EGeneral", "Permission denied"):
            return (.permissionDenied, "the API key lacks the permission for this call; enable it on Kraken's API key page", .never)
        case ("EGeneral", "Temporary lockout"):
            return (
                .temporaryLockout, "the account is locked for a few minutes after repeated invalid keys; fix the key, then wait", .never)
        case ("EGeneral", let detail) where detail.hasPrefix("Invalid arguments"):
            return (
                .invalidArguments,
                "the request is malformed (\(detail)); this is a Signet bug or a setting out of range: report it with the log",
                .never)
        case ("EGeneral", let detail) where detail.hasPrefix("Internal error"):
            return (.internalError, "Kraken had an internal error; the call may or may not have taken effect", .queryFirst)
        case ("EQuery", "Unknown asset pair"):
            return (.unknownPair, "no such pair on Kraken; check the instrument and its Kraken name", .never)
        case ("EOrder", "Unknown order"):
            return (.unknownOrder, "no such order (already closed or never placed)", .never)
        case ("EOrder", "Insufficient funds"):
            return (.insufficientFunds, "not enough balance for this order", .never)
        case ("EOrder", "Order minimum not met"):
            return (.orderMinimum, "the volume is below the pair's minimum (ordermin)", .never)
        case ("EOrder", let detail) where detail.hasPrefix("Cannot open") || detail.hasPrefix("Margin"):
            return (.marginNotAllowed, "margin trading is not available to this account (\(detail))", .never)
        case ("EService", "Unavailable"):
            return (.unavailable, "the matching engine or API is offline; trying again later", .safe(afterSeconds: 10))
        case ("EService", "Busy"):
            return (.busy, "Kraken is busy; trying again shortly", .safe(afterSeconds: 2))
        case ("EService", let detail) where detail.hasPrefix("Market in"):
            return (.marketRestricted, "the market is restricted (\(detail)); see Kraken's SystemStatus", .never)
        case ("EService", "Deadline elapsed"):
            return (.deadlineElapsed, "the request timed out at Kraken; it may or may not have taken effect", .queryFirst)
        default:
            return (.unknown, "an error this version does not know", .never)
        }
    }
}
