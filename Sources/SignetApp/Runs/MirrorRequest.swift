import Foundation
import Trader

/// A mirroring run (`signet mirror`): a publisher's channel read from chats, verified, decrypted
/// and traded on the subscriber's own venue.
public struct MirrorRequest: Sendable {
    /// Where signals are read from (`--via`).
    public enum Transport: String, CaseIterable, Sendable, Comparable {
        case slack, telegram

        public static func < (a: Transport, b: Transport) -> Bool { a.rawValue < b.rawValue }
    }

    /// The publisher's alias in the trust store.
    public var publisher: String
    public var channel: String
    public var transports: [Transport]
    public var venue: VenueName
    /// Run name; default `mirror-CHANNEL`.
    public var name: String?
    /// Instruments to mirror onto; default: the targets of `mirror.symbol_map`.
    public var symbols: [String]
    /// Paper broker terms (a venue's account gives its own).
    public var cash: String
    public var feeBasisPoints: Int64
    public var lot: String
    public var tick: String
    /// Stop once no signal arrived for this many seconds.
    public var idleExit: Double?
    /// On the first run, read the Slack channel's whole history.
    public var catchUp: Bool
    public var home: String?
    public var settingsPath: String?
    /// The key directory (grants, trust store).
    public var keysPath: String
    public var passphrase: [UInt8]?
    public var tracking: TrackingSpec
    /// Post a signed receipt of every mirrored fill to this Slack channel id, signed by `receiptsAs`.
    public var receipts: String?
    public var receiptsAs: String?

    public init(
        publisher: String, channel: String, transports: [Transport], venue: VenueName = .paper, name: String? = nil, symbols: [String] = [],
        cash: String = "10000", feeBasisPoints: Int64 = 0, lot: String = "0.0001", tick: String = "0.01", idleExit: Double? = nil,
        catchUp: Bool = false, home: String? = nil, settingsPath: String? = nil, keysPath: String = "keys", passphrase: [UInt8]? = nil,
        tracking: TrackingSpec = TrackingSpec(), receipts: String? = nil, receiptsAs: String? = nil
    ) {
        self.publisher = publisher
        self.channel = channel
        self.transports = transports
        self.venue = venue
        self.name = name
        self.symbols = symbols
        self.cash = cash
        self.feeBasisPoints = feeBasisPoints
        self.lot = lot
        self.tick = tick
        self.idleExit = idleExit
        self.catchUp = catchUp
        self.home = home
        self.settingsPath = settingsPath
        self.keysPath = keysPath
        self.passphrase = passphrase
        self.tracking = tracking
        self.receipts = receipts
        self.receiptsAs = receiptsAs
    }

    public var homePath: String { home ?? RunDirectory.defaultHome() }
    public var runName: String { name ?? "mirror-\(channel)" }

    /// The names of the instruments to mirror onto: `symbols`, else the targets of `mirror.symbol_map`.
    func instrumentNames(_ policy: Settings.Mirror) throws -> [String] {
        let names = symbols.isEmpty ? Array(Set(policy.symbolMap.values)).sorted() : symbols
        guard !names.isEmpty else {
            throw AppError(
                .usage,
                "name the instruments to mirror onto with --symbol BASE/QUOTE (repeatable), or give mirror.symbol_map in settings.yml")
        }
        return names
    }

    /// The instruments to mirror onto, on the paper broker.
    func paperInstruments(_ policy: Settings.Mirror) throws -> [Instrument] {
        let names = try instrumentNames(policy)
        guard let lotSize = Quantity(lot), lotSize.raw > 0 else { throw AppError(.usage, "--lot \(lot) is not a positive decimal") }
        guard let tickSize = Price(tick), tickSize.raw > 0 else { throw AppError(.usage, "--tick \(tick) is not a positive decimal") }
        return try names.map { try Instrument(symbol: $0, tickSize: tickSize, lotSize: lotSize) }
    }

    /// The paper broker's starting cash.
    func paperCash() throws -> Money {
        guard let typed = Money(cash), typed.raw > 0 else { throw AppError(.usage, "--cash \(cash) is not a positive amount") }
        return typed
    }
}

