import Foundation

/// What a named run resumes from: positions and cash from the last `pos_pnl.csv` rows, the next
/// order number from `orders.csv`, and the last bar processed from `state.json`.
public struct JournalState: Sendable, Equatable, Codable {
    /// Cash per currency after the last fill, nil when the run has never traded.
    public var cash: [String: Money]?
    public var positions: [Position]
    /// The next client order number (ids never repeat across sessions).
    public var nextOrderNumber: UInt64
    /// Time of the last bar processed (Unix ms), for resuming a replay feed.
    public var lastBarTime: Int64?

    enum CodingKeys: String, CodingKey { case lastBarTime, nextOrderNumber }

    public init(cash: [String: Money]? = nil, positions: [Position] = [], nextOrderNumber: UInt64 = 1, lastBarTime: Int64? = nil) {
        self.cash = cash
        self.positions = positions
        self.nextOrderNumber = nextOrderNumber
        self.lastBarTime = lastBarTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(nextOrderNumber: try container.decode(UInt64.self, forKey: .nextOrderNumber), lastBarTime: try container.decodeIfPresent(Int64.self, forKey: .lastBarTime))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nextOrderNumber, forKey: .nextOrderNumber)
        try container.encodeIfPresent(lastBarTime, forKey: .lastBarTime)
    }

    /// Reads the journal of `directory` for `instruments`; `runTag` is the order id prefix.
    public static func load(_ directory: RunDirectory, instruments: [Instrument], accountCurrency: String, runTag: String) throws -> JournalState {
        var state = JournalState()
        if let data = FileManager.default.contents(atPath: directory.statePath) {
            do {
                state = try JSONDecoder().decode(JournalState.self, from: data)
            } catch {
                throw TraderError(.invalidData, "\(directory.statePath) is damaged (\(error)); move it away to resume from the CSV journal alone")
            }
        }
        for row in try rows(directory.ordersPath) {
            guard row.count >= 2, row[1].hasPrefix(runTag + "-"), let number = UInt64(row[1].dropFirst(runTag.count + 1)) else { continue }
            state.nextOrderNumber = max(state.nextOrderNumber, number + 1)
        }
        var latest: [String: [Substring]] = [:]
        var lastCash: Money?
        for row in try rows(directory.positionsPath) where row.count >= 11 {
            latest[String(row[1])] = row
            lastCash = Money(row[9])
        }
        var positions: [Position] = []
        for (index, instrument) in instruments.enumerated() {
            guard let row = latest[instrument.symbol] else { continue }
            guard let quantity = Quantity(row[2]), let cost = Money(row[4]), let realized = Money(row[6]), let fees = Money(row[8]) else {
                throw TraderError(.invalidData, "\(directory.positionsPath): the last row for \(instrument.symbol) is damaged: \(row.joined(separator: ","))")
            }
            positions.append(Position(instrument: index, quantity: quantity, costBasis: cost, realizedPnL: realized, fees: fees))
        }
        state.positions = positions
        if let lastCash { state.cash = [accountCurrency: lastCash] }
        return state
    }

    /// Saves the resume point (atomically: a crash leaves the old or the new file, never half of one).
    public func save(_ directory: RunDirectory) throws {
        let temporary = directory.statePath + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: try JSONEncoder().encode(self)),
            rename(temporary, directory.statePath) == 0
        else { throw TraderError(.io, "cannot write \(directory.statePath)") }
    }

    /// Complete CSV rows after the header; a last line cut by a crash (no newline) is ignored.
    static func rows(_ path: String) throws -> [[Substring]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var text = Substring(String(decoding: data, as: UTF8.self))
        if let lastNewline = text.lastIndex(of: "\n") { text = text[...lastNewline] } else { return [] }
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }
}
