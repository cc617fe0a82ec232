import Foundation
import Trader

extension KrakenClient {
    /// `AssetPairs`: the pairs Kraken trades, with their rules and names (all pairs when `pairs` is empty).
    public func assetPairs(_ pairs: [String] = []) async throws -> KrakenPairs {
        let result = try await publicCall("AssetPairs", pairs.isEmpty ? [] : [("pair", pairs.joined(separator: ","))])
        guard let table = result as? [String: Any] else { throw Self.malformed("AssetPairs") }
        var found: [KrakenPair] = []
        for (name, value) in table.sorted(by: { $0.key < $1.key }) {
            guard let info = value as? [String: Any], let base = info["base"] as? String, let quote = info["quote"] as? String else {
                continue
            }
            let decimals = (info["pair_decimals"] as? NSNumber)?.intValue ?? 8
            let places = min(max(decimals, 0), FixedPoint.decimals)
            let tick =
                KrakenValue.price(info["tick_size"])
                ?? Price(raw: (0..<places).reduce(FixedPoint.scale) { value, _ in value / 10 }, precision: UInt8(places))
            found.append(KrakenPair(
                restName: name, altName: info["altname"] as? String ?? name,
                symbol: "\(KrakenPair.commonName(ofAsset: base))/\(KrakenPair.commonName(ofAsset: quote))",
                baseAsset: base, quoteAsset: quote, tickSize: tick, lotDecimals: (info["lot_decimals"] as? NSNumber)?.intValue ?? 8,
                orderMinimum: KrakenValue.quantity(info["ordermin"]) ?? .zero, status: info["status"] as? String ?? "online"))
        }
        return KrakenPairs(found)
    }

    /// `Ticker`: the last trade price of `pair` (altname or REST key).
    public func lastPrice(_ pair: String) async throws -> Price {
        let result = try await publicCall("Ticker", [("pair", pair)])
        guard let table = result as? [String: Any], let info = table.values.first as? [String: Any],
            let last = (info["c"] as? [Any])?.first, let price = KrakenValue.price(last)
        else { throw Self.malformed("Ticker") }
        return price
    }

    /// `OHLC`: bars of `interval` minutes since `since` (Unix seconds), oldest first. Kraken's
    /// last entry is the bar still forming; it is left out.
    public func ohlc(_ pair: KrakenPair, instrument: Int, intervalMinutes: Int, since: Int64? = nil) async throws -> [Bar] {
        var query = [("pair", pair.altName), ("interval", String(intervalMinutes))]
        if let since { query.append(("since", String(since))) }
        let result = try await publicCall("OHLC", query)
        guard let table = result as? [String: Any], let rows = table.first(where: { $0.key != "last" })?.value as? [[Any]] else {
            throw Self.malformed("OHLC")
        }
        let bars = rows.compactMap { row -> Bar? in
            guard row.count >= 7, let time = (row[0] as? NSNumber)?.int64Value, let open = KrakenValue.price(row[1]),
                let high = KrakenValue.price(row[2]), let low = KrakenValue.price(row[3]), let close = KrakenValue.price(row[4]),
                let volume = KrakenValue.quantity(row[6])
            else { return nil }
            return Bar(instrument: instrument, time: time * 1000, open: open, high: high, low: low, close: close, volume: volume)
        }
        return Array(bars.dropLast())
    }

    static func malformed(_ method: String) -> KrakenError {
        KrakenError(.unknown, "Kraken's answer to \(method) is not in the documented form; check api_url points at Kraken's REST API")
    }
}
