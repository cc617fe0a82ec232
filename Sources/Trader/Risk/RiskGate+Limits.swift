extension RiskGate {
    /// What one limit says of an order of `quantity` (raw units).
    enum Outcome {
        case fits
        /// At most `quantity` raw units fit; `message` says which limit and why.
        case capped(Int64, name: String, message: String, breach: RiskLimits.Breach)
    }

    typealias Limit = (Order, Int64, Portfolio, [Price]) -> Outcome

    /// A position with the working orders on each side, raw units (128 bits: sums cannot overflow).
    struct Exposure {
        var position: Int128
        var buys: Int128
        var sells: Int128

        /// The largest absolute position the working orders could leave, with `buy` and `sell` more.
        func worst(buy: Int128 = 0, sell: Int128 = 0) -> Int128 {
            max(abs(position + buys + buy), abs(position - sells - sell))
        }
    }

    func exposure(_ instrument: Int, book: Portfolio) -> Exposure {
        var exposure = Exposure(position: Int128(book.positions[instrument].quantity.raw), buys: 0, sells: 0)
        for order in open.values where order.instrument == instrument {
            if order.side == .buy { exposure.buys += Int128(order.quantity.raw) } else { exposure.sells += Int128(order.quantity.raw) }
        }
        return exposure
    }

    /// Close-only (a stopout, or the mode): only what brings the position towards zero, counting
    /// the working orders that already do.
    func closeOnlyLimit(_ order: Order, _ quantity: Int64, _ book: Portfolio, _ marks: [Price]) -> Outcome {
        guard mode != .normal else { return .fits }
        let held = exposure(order.instrument, book: book)
        let room = order.side == .buy ? -held.position - held.buys : held.position - held.sells
        guard Int128(quantity) > room else { return .fits }
        let why = stopout.map { "a stopout (\($0.reason)); reset it with signet risk reset" } ?? "risk.mode is \(mode.rawValue)"
        return .capped(
            Self.clamp(max(room, 0)), name: "close_only",
            message: "the run is close-only after \(why): only orders that bring a position towards zero", breach: .trim)
    }

    /// The notional of one order, at its own price (limit or stop) or the mark.
    func notionalLimit(_ order: Order, _ quantity: Int64, _ book: Portfolio, _ marks: [Price]) -> Outcome {
        guard let limit = limits.maxOrderNotional else { return .fits }
        // Valued at the worse of its own price and the mark: a far-off limit price cannot make an
        // order look small (a sell limit far below the market fills at the market).
        let price = max(Int128(order.type.price?.raw ?? 0), Int128(marks[order.instrument].raw))
        guard price > 0 else {
            return .capped(0, name: "max_order_notional", message: "no price to value the order against yet", breach: .refuse)
        }
        let scale = Int128(FixedPoint.scale)
        guard Int128(quantity) * price / scale > Int128(limit.raw) else { return .fits }
        return .capped(
            Self.clamp(Int128(limit.raw) * scale / price), name: "max_order_notional",
            message: "\(Quantity(raw: quantity, precision: order.quantity.precision)) at "
                + "\(Price(raw: Self.clamp(price), precision: instruments[order.instrument].tickSize.precision)) is more than "
                + "risk.max_order_notional \(limit)",
            breach: limits.orderNotionalBreach)
    }

    /// The absolute position per symbol, working orders and this step's orders at their worst.
    func positionLimit(_ order: Order, _ quantity: Int64, _ book: Portfolio, _ marks: [Price]) -> Outcome {
        let symbol = instruments[order.instrument].symbol
        guard let limit = limits.maxPosition[symbol] else { return .fits }
        let held = exposure(order.instrument, book: book)
        let q = Int128(quantity), cap = Int128(limit.raw)
        let before = held.worst(), after = order.side == .buy ? held.worst(buy: q) : held.worst(sell: q)
        guard after > cap, after > before else { return .fits }
        let room = order.side == .buy ? cap - (held.position + held.buys) : cap + (held.position - held.sells)
        return .capped(
            Self.clamp(max(room, 0)), name: "max_position",
            message: "\(symbol) could reach \(Quantity(raw: Self.clamp(after), precision: limit.precision)) with the working orders, "
                + "past risk.max_position \(limit)",
            breach: limits.positionBreach)
    }

    /// Gross exposure as a multiple of equity, every instrument's working orders at their worst.
    func leverageLimit(_ order: Order, _ quantity: Int64, _ book: Portfolio, _ marks: [Price]) -> Outcome {
        guard let leverage = limits.maxLeverage else { return .fits }
        let scale = Int128(FixedPoint.scale)
        let mark = Int128(marks[order.instrument].raw)
        let equity = Self.equity(book, marks: marks)
        guard mark > 0, equity > 0 else {
            return .capped(0, name: "max_leverage", message: "no mark or no positive equity to measure leverage against", breach: .refuse)
        }
        var others: Int128 = 0
        for index in instruments.indices where index != order.instrument && index < marks.count {
            others += exposure(index, book: book).worst() * abs(Int128(marks[index].raw)) / scale
        }
        let held = exposure(order.instrument, book: book)
        let q = Int128(quantity)
        let before = held.worst(), after = order.side == .buy ? held.worst(buy: q) : held.worst(sell: q)
        let budget = equity * Int128(leverage.raw) / scale
        guard others + after * mark / scale > budget, after > before else { return .fits }
        let units = max((budget - others) * scale / mark, 0)
        let other = order.side == .buy ? abs(held.position - held.sells) : abs(held.position + held.buys)
        let room = other > units ? 0 : (order.side == .buy ? units - (held.position + held.buys) : units + (held.position - held.sells))
        return .capped(
            Self.clamp(max(room, 0)), name: "max_leverage",
            message: "gross exposure would pass risk.max_leverage \(leverage) × equity \(Self.format(equity))",
            breach: limits.leverageBreach)
    }

    /// Limit and stop prices within the band around the mark.
    func checkPriceBand(_ order: Order, marks: [Price]) -> Decision? {
        guard let band = limits.priceBandBasisPoints, let price = order.type.price else { return nil }
        let mark = Int128(marks[order.instrument].raw)
        guard mark > 0 else { return refuse("price_band", "no mark yet to check the \(order.type) price \(price) against") }
        let distance = abs(Int128(price.raw) - mark) * 10_000 / mark
        guard distance > Int128(band) else { return nil }
        return refuse("price_band", "the \(order.type) price \(price) is \(distance) bp from the mark, past risk.price_band_bps \(band)")
    }

    /// Cash plus positions at the marks, in 128 bits.
    static func equity(_ book: Portfolio, marks: [Price]) -> Int128 {
        var total = Int128(book.accountCash.raw)
        for position in book.positions where position.quantity.raw != 0 && position.instrument < marks.count {
            total += Int128(position.quantity.raw) * Int128(marks[position.instrument].raw) / Int128(FixedPoint.scale)
        }
        return total
    }

    static func clamp(_ value: Int128) -> Int64 {
        value > Int128(Int64.max) ? .max : value < Int128(Int64.min) ? .min : Int64(value)
    }

    static func format(_ amount: Int128) -> String { "\(Money(raw: clamp(amount)))" }
}
