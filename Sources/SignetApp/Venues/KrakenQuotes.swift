import KrakenVenue
import Logging
import ServiceLifecycle
import Trader

/// Kraken's `ticker` channel (WebSocket v2) into a ``QuoteBook``: the last trade price of each of
/// the run's pairs, reconnecting as ``KrakenSocket`` does.
struct KrakenQuotes: Service {
    let access: KrakenAccess
    let book: QuoteBook

    func run() async throws {
        let symbols = access.pairs.map(\.symbol)
        let indices = Dictionary(symbols.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let socket = KrakenSocket(
            url: access.api.wsURL ?? "wss://ws.kraken.com/v2", subscriptions: [.ticker(symbols: symbols)], token: nil,
            logger: Logger(label: "signet.kraken.quotes"))
        do {
            try await cancelWhenGracefulShutdown {
                try await socket.run { event in
                    guard case .ticker(let symbol, let last) = event, let index = indices[symbol] else { return }
                    book.update(instrument: index, price: last)
                }
            }
        } catch is CancellationError {
            // The run is stopping: the quotes stop with it.
        }
    }
}
