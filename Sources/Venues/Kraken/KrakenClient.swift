import Foundation
import Logging
import Synchronization
import Trader
import Transport

/// A Kraken spot REST client written to Kraken's documentation ("Spot REST API", "spot-rest-auth",
/// "spot-errors"): public calls are `GET /0/public/METHOD?…`, private calls `POST /0/private/METHOD`
/// with a form-encoded body that starts with a strictly increasing `nonce`, signed in `API-Sign`
/// with the key in `API-Key`. Every answer is `{"error": […], "result": …}`; the first `E…`
/// error is thrown as a ``KrakenError``.
///
/// Retries follow the error's ``KrakenError/Retry``: refusals Kraken made before processing
/// (invalid nonce, rate limits) and read-only calls are sent again; an `AddOrder` whose fate is
/// unknown (timeout, `EService:Unavailable`) is never blindly resent: ``placeOrder(_:)`` looks it
/// up by its client order id first.
public final class KrakenClient: Sendable {
    /// Kraken's own REST server; a simulator uses the same paths.
    public static let defaultBaseURL = "https://api.kraken.com"

    let baseURL: String
    let key: Secret?
    private let signer: Mutex<KrakenSigner?>
    let nonces: any KrakenNonceSource
    let counter: KrakenCallCounter?
    let http: HTTPClient
    let sleeper: any Sleeper
    let logger: Logger
    /// Private calls one at a time: a nonce taken later must not reach Kraken first.
    private let gate = SerialGate()
    /// Attempts per call, counting the first.
    public let maxAttempts: Int
    /// Per request; an `AddOrder` that times out is looked up, not resent.
    public let timeout: Duration

    /// - Parameters:
    ///   - key: the API key, for private calls (nil: public calls only).
    ///   - secret: the key's secret as Kraken shows it (base64).
    ///   - nonces: where the last nonce is kept (a file, so restarts continue above it).
    ///   - counter: paces private calls under the account's call counter (nil: no pacing).
    public init(
        baseURL: String = KrakenClient.defaultBaseURL, key: Secret? = nil, secret: Secret? = nil,
        nonces: any KrakenNonceSource = MemoryKrakenNonceSource(), counter: KrakenCallCounter? = KrakenCallCounter(),
        http: HTTPClient = HTTPClient(userAgent: "signet/0.1 (Kraken REST client)"), sleeper: any Sleeper = ClockSleeper(),
        maxAttempts: Int = 4, timeout: Duration = .seconds(15), logger: Logger = Logger(label: "signet.kraken")
    ) throws {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        if let key, key.reveal().isEmpty {
            throw KrakenError(.invalidCredentials, "the Kraken API key is empty; set exchange_apis.Kraken.key in settings.yml")
        }
        self.key = key
        let made = try secret.map { try KrakenSigner(secret: $0.reveal()) }
        if key != nil, made == nil {
            throw KrakenError(.invalidCredentials, "a Kraken API key needs its secret; set exchange_apis.Kraken.secret in settings.yml")
        }
        signer = Mutex(made)
        self.nonces = nonces
        self.counter = counter
        self.http = http
        self.sleeper = sleeper
        self.maxAttempts = max(1, maxAttempts)
        self.timeout = timeout
        self.logger = logger
    }

    /// Whether private calls can be made.
    public var hasCredentials: Bool { key != nil }

    /// A public call (`Time`, `AssetPairs`, `Ticker`, `OHLC`); read-only, so always retried on
    /// transport trouble and retryable errors.
    func publicCall(_ method: String, _ query: [(String, String)] = []) async throws -> Any {
        let suffix = query.isEmpty ? "" : "?" + Self.formEncode(query)
        return try await retrying(method, idempotent: true) {
            let response = try await self.http.perform(
                HTTPRequest(method: .get, url: "\(self.baseURL)/0/public/\(method)\(suffix)", timeout: self.timeout))
            return try Self.result(of: response, method: method)
        }
    }

    /// A private call. `idempotent` calls (queries) are retried on anything that may pass on a
    /// second try; others only on refusals Kraken made before processing.
    func privateCall(_ method: String, _ parameters: [(String, String)] = [], idempotent: Bool) async throws -> Any {
        guard let key else {
            throw KrakenError(.invalidCredentials, "\(method) needs an API key; set exchange_apis.Kraken.key and secret in settings.yml")
        }
        let path = "/0/private/\(method)"
        return try await retrying(method, idempotent: idempotent) {
            try await self.counter?.acquire(method)
            let response = try await self.gate.run {
                let nonce = String(try self.nonces.next())
                let body = Self.formEncode([("nonce", nonce)] + parameters)
                let signature = try self.sign(path: path, nonce: nonce, body: body)
                return try await self.http.perform(HTTPRequest(
                    method: .post, url: self.baseURL + path,
                    headers: [
                        ("API-Key", key.reveal()), ("API-Sign", signature),
                        ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Accept", "application/json"),
                    ],
                    body: Array(body.utf8), timeout: self.timeout))
            }
            return try Self.result(of: response, method: method)
        }
    }

    private func sign(path: String, nonce: String, body: String) throws -> String {
        try signer.withLock { signer in
            guard let signer else { throw KrakenError(.invalidCredentials, "no API secret configured; set exchange_apis.Kraken.secret") }
            return try signer.sign(path: path, nonce: nonce, body: body)
        }
    }

    private func retrying(_ method: String, idempotent: Bool, _ attempt: @Sendable () async throws -> Any) async throws -> Any {
        var number = 1
        while true {
            var failure: KrakenError
            do {
                return try await attempt()
            } catch let error as HTTPError where error.code == .cancelled {
                throw error
            } catch let error as HTTPError {
                // The request may have reached Kraken: only a query is safe to send again.
                failure = KrakenError(
                    error.code == .timeout ? .deadlineElapsed : .unavailable, "\(method) got no answer from Kraken (\(error))",
                    retry: .queryFirst)
            } catch let error as KrakenError {
                failure = error
            }
            // Only the API gateway's refusals (nonce, counters) certainly stopped an order before
            // the engine; for anything else an order-changing call is looked up, not resent here.
            if !idempotent, case .safe = failure.retry,
                ![.invalidNonce, .rateLimited, .orderRateLimited, .throttled].contains(failure.code)
            {
                failure.retry = .queryFirst
            }
            let delay: Duration?
            switch failure.retry {
            case .safe(let seconds): delay = .seconds(seconds ?? 1)
            case .queryFirst: delay = idempotent ? .seconds(1 << min(number - 1, 4)) : nil
            case .never: delay = nil
            }
            guard let delay, number < maxAttempts else { throw failure }
            logger.warning(
                "Kraken \(method) failed; retrying", metadata: ["error": "\(failure)", "attempt": "\(number)", "delay": "\(delay)"])
            try await sleeper.sleep(for: delay)
            number += 1
        }
    }

    /// The `result` of a Kraken answer, or its first error thrown.
    static func result(of response: HTTPResponse, method: String) throws -> Any {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            if response.status >= 500 || response.status == 429 {
                throw KrakenError(.unavailable, "Kraken answered \(method) with HTTP \(response.status) and no JSON", retry: .queryFirst)
            }
            throw KrakenError(
                .unknown,
                "Kraken answered \(method) with HTTP \(response.status) and a body that is not JSON: \(response.bodyText.prefix(200))")
        }
        if let error = KrakenError.first(of: object["error"] as? [String] ?? [], method: method) { throw error }
        guard let result = object["result"] else {
            throw KrakenError(.unknown, "Kraken answered \(method) with neither an error nor a result (HTTP \(response.status))")
        }
        return result
    }

    /// `application/x-www-form-urlencoded`, in the given order (the signature covers the exact body).
    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)="
                + "\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
