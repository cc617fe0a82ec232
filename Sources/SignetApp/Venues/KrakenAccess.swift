import Foundation
import KrakenVenue
import Logging
import Trader
import Transport

/// What `live --broker kraken` and `mirror --broker kraken` need: the REST client from
/// settings.yml (`exchange_apis.Kraken`), the pairs as engine instruments, and the broker.
public struct KrakenAccess: Sendable {
    public let client: KrakenClient
    public let api: Settings.ExchangeAPI
    public let pairs: [KrakenPair]
    public let instruments: [Instrument]

    /// Connects (REST only) and describes `symbols`; errors say which setting to fix.
    public static func open(settings: Settings, home: String, symbols: [String]) async throws -> KrakenAccess {
        guard let api = settings.exchangeAPIs["Kraken"] else {
            throw AppError(
                .usage,
                "--broker kraken needs exchange_apis.Kraken in settings.yml: key, secret, and for a simulator api_url, ws_url "
                    + "and ws_auth_url (see README, Trading on Kraken)")
        }
        guard !symbols.isEmpty else {
            throw AppError(.usage, "name the Kraken pairs to trade with --symbol BASE/QUOTE (repeatable), as in --symbol BTC/USD")
        }
        let tier = try api.tier.map { text -> KrakenCallCounter.Tier in
            guard let tier = KrakenCallCounter.Tier(rawValue: text.lowercased()) else {
                throw AppError(
                    .input, "exchange_apis.Kraken.tier \(text): use starter, intermediate or pro (the account's verification level)")
            }
            return tier
        } ?? .starter
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let logger = Logger(label: "signet.kraken")
        let client = try KrakenClient(
            baseURL: api.apiURL ?? KrakenClient.defaultBaseURL, key: api.key, secret: api.secret,
            // One file per key: Kraken keeps the last nonce per API key.
            nonces: try FileKrakenNonceSource(path: "\(home)/kraken-\(Self.keyTag(api.key)).nonce"), counter: KrakenCallCounter(tier: tier),
            logger: logger)
        let pairs = try await client.assetPairs().pairs(for: symbols)
        return KrakenAccess(client: client, api: api, pairs: pairs, instruments: try pairs.map { try $0.instrument() })
    }

    /// A short, stable, non-secret name for an API key (its first characters are public anyway).
    public static func keyTag(_ key: Secret) -> String { String(key.reveal().filter { $0.isLetter || $0.isNumber }.prefix(8)) }

    /// The account's balance of the first pair's quote currency: the run's cash on its first session.
    public func quoteCash() async throws -> Money {
        let quote = pairs[0].quoteAsset
        let balances = try await client.balance()
        guard let cash = balances[quote], cash.raw > 0 else {
            let held = balances[quote].map { "\($0)" } ?? "absent"
            throw AppError(
                .venue,
                "the Kraken account holds no \(KrakenPair.commonName(ofAsset: quote)) to trade with (balance of \(quote) is \(held))")
        }
        return cash
    }

    /// The broker a run makes once its journal is open.
    public var makeBroker: @Sendable (LiveRunConfiguration, Logger) throws -> KrakenBroker {
        let (client, instruments, url) = (client, instruments, api.wsAuthURL ?? "wss://ws-auth.kraken.com/v2")
        return { _, _ in KrakenBroker(client: client, instruments: instruments, executionsURL: url) }
    }

    /// Completed bars of the pairs from the public WebSocket.
    public func feed(intervalMinutes: Int) throws -> KrakenBarFeed {
        try KrakenBarFeed(client: client, url: api.wsURL ?? "wss://ws.kraken.com/v2", pairs: pairs, intervalMinutes: intervalMinutes)
    }
}
