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
    /// Orders submitted or accepted but neither filled, cancelled nor rejected when the last
    /// session ended: still working at the broker.
    public var workingOrders: [Order] = []
    /// The latest time at which the strategy placed orders: a decision at or before it was already
    /// taken and journaled, and is not taken again after a crash.
    public var lastDecisionTime: Int64?
    /// Fills in `orders.csv` that have no `pos_pnl.csv` row yet (a crash between the two writes):
    /// they must be booked on top of ``positions`` and ``cash``.
    public var unbookedFills: [Fill] = []
    /// The last mark journaled per instrument index.
    public var marks: [Int: Price] = [:]
    /// Every order the run ever submitted, and every fill it journaled (for a venue broker's
    /// reconciliation: which orders on the account are the run's, what a working order already filled).
    public var submittedOrderIDs: Set<String> = []
    public var fills: [Fill] = []

    enum CodingKeys: String, CodingKey { case lastBarTime, nextOrderNumber }

    public init(cash: [String: Money]? = nil, positions: [Position] = [], nextOrderNumber: UInt64 = 1, lastBarTime: Int64? = nil) {
        self.cash = cash
        self.positions = positions
        self.nextOrderNumber = nextOrderNumber
        self.lastBarTime = lastBarTime
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            nextOrderNumber: try container.decode(UInt64.self, forKey: .nextOrderNumber),
            lastBarTime: try container.decodeIfPresent(Int64.self, forKey: .lastBarTime))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nextOrderNumber, forKey: .nextOrderNumber)
        try container.encodeIfPresent(lastBarTime, forKey: .lastBarTime)
    }

    /// Reads the journal of `directory` for `instruments`; `runTag` is the order id prefix.
    public static func load(
        _ directory: RunDirectory, instruments: [Instrument], accountCurrency: String, runTag: String
    ) throws -> JournalState {
        var state = try saved(directory) ?? JournalState()
        var fills: [Fill] = []
        var open: [String: Order] = [:]
        var openOrder: [String] = []
        let symbols = Dictionary(instruments.enumerated().map { ($0.element.symbol, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for row in try rows(directory.ordersPath) where row.count >= 12 {
            let id = String(row[1])
            if id.hasPrefix(runTag + "-"), let number = UInt64(id.dropFirst(runTag.count + 1)) {
                state.nextOrderNumber = max(state.nextOrderNumber, number + 1)
            }
            switch row[7] {
            case "submitted", "accepted":
                if row[7] == "submitted" { state.submittedOrderIDs.insert(id) }
                guard let instrument = symbols[String(row[2])], let side = Side(rawValue: String(row[3])), let quantity = Quantity(row[5]),
                    let time = Timestamp.parse(row[0])
                else { continue }
                let price = Price(row[6])
                let type: OrderType
                switch (row[4], price) {
                case ("limit", .some(let limit)): type = .limit(limit)
                case ("stop", .some(let stop)): type = .stop(stop)
                default: type = .market
                }
                if open[id] == nil { openOrder.append(id) }
                open[id] = Order(
                    id: id, instrument: instrument, side: side, quantity: quantity, type: type, createdAt: time, tag: String(row[11]))
                state.lastDecisionTime = max(state.lastDecisionTime ?? time, time)
            case "filled":
                open[id] = nil
                guard let instrument = symbols[String(row[2])], let side = Side(rawValue: String(row[3])), let quantity = Quantity(row[5]),
                    let price = Price(row[8]), let fee = Money(row[9]), let time = Timestamp.parse(row[0])
                else {
                    throw TraderError(
                        .invalidData, "\(directory.ordersPath): the fill row of \(id) is damaged; repair it before restarting")
                }
                fills.append(Fill(orderID: id, instrument: instrument, side: side, quantity: quantity, price: price, fee: fee, time: time))
            case "cancelled", "rejected":
                open[id] = nil
            default:
                continue
            }
        }
        state.workingOrders = openOrder.compactMap { open[$0] }
        state.fills = fills
        var latest: [String: [Substring]] = [:]
        var lastCash: Money?
        var booked = 0
        for row in try rows(directory.positionsPath) where row.count >= 11 {
            latest[String(row[1])] = row
            lastCash = Money(row[9])
            booked += 1
        }
        // pos_pnl.csv has one row per fill, written just after the fill's row in orders.csv.
        state.unbookedFills = Array(fills.dropFirst(booked))
        var positions: [Position] = []
        for (index, instrument) in instruments.enumerated() {
            guard let row = latest[instrument.symbol] else { continue }
            guard let quantity = Quantity(row[2]), let cost = Money(row[4]), let realized = Money(row[6]), let fees = Money(row[8]) else {
                throw TraderError(
                    .invalidData,
                    "\(directory.positionsPath): the last row for \(instrument.symbol) is damaged: \(row.joined(separator: ","))")
            }
            positions.append(Position(instrument: index, quantity: quantity, costBasis: cost, realizedPnL: realized, fees: fees))
            if let mark = Price(row[5]) { state.marks[index] = mark }
        }
        state.positions = positions
        if let lastCash { state.cash = [accountCurrency: lastCash] }
        return state
    }

    /// The resume point state.json holds (last bar, next order number), nil before the first session.
    public static func saved(_ directory: RunDirectory) throws -> JournalState? {
        guard let data = FileManager.default.contents(atPath: directory.statePath) else { return nil }
        do {
            return try JSONDecoder().decode(JournalState.self, from: data)
        } catch {
            throw TraderError(
                .invalidData, "\(directory.statePath) is damaged (\(error)); move it away to resume from the CSV journal alone")
        }
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
        return text.split(separator: "\n").dropFirst().map(fields)
    }

    /// The fields of one RFC 4180 line (quoted fields may hold commas and doubled quotes).
    static func fields(_ line: Substring) -> [Substring] {
        guard line.contains("\"") else { return line.split(separator: ",", omittingEmptySubsequences: false) }
        var fields: [Substring] = []
        var current = ""
        var quoted = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if quoted {
                if character == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" {
                        current.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(Substring(current))
                current = ""
            } else {
                current.append(character)
            }
            index = line.index(after: index)
        }
        fields.append(Substring(current))
        return fields
    }
}
