import ArgumentParser
import Notifiers
import SignetApp

// The application layer's typed values, as command-line arguments. Values are parsed with a
// message that says what is accepted (ArgumentParser's own says only that a value is invalid).

extension VenueName: ExpressibleByArgument {
    static func parse(_ text: String) throws -> VenueName {
        guard let venue = VenueName(rawValue: text) else { throw ValidationError("unknown broker '\(text)': use \(orList)") }
        return venue
    }

    /// `paper or kraken`.
    static var orList: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
    }
}

extension FeedSpec: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }

    static func parse(_ text: String) throws -> FeedSpec {
        guard let feed = FeedSpec(text) else { throw ValidationError("unknown feed '\(text)': use \(FeedSpec.usage)") }
        return feed
    }
}

extension AlertSink: ExpressibleByArgument {
    static func parse(_ text: String) throws -> AlertSink {
        guard let sink = AlertSink(rawValue: text) else {
            throw ValidationError("--alerts \(text): alerts go to \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return sink
    }
}

extension MirrorRequest.Transport: ExpressibleByArgument {
    static func parse(_ text: String) throws -> MirrorRequest.Transport {
        guard let transport = MirrorRequest.Transport(rawValue: text) else {
            throw ValidationError("--via \(text): read signals from slack or telegram")
        }
        return transport
    }
}

extension ChartTheme: ExpressibleByArgument {
    static func parse(_ text: String) throws -> ChartTheme {
        guard let theme = ChartTheme(rawValue: text) else { throw ValidationError("--theme \(text): use light or dark") }
        return theme
    }
}
