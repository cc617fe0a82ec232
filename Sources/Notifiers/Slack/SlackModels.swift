/// Slack Web API objects Signet reads.
extension SlackClient {
    /// `auth.test`: who the token belongs to.
    public struct Identity: Sendable, Equatable, Decodable {
        public var teamID: String
        public var userID: String
        public var botID: String?
        public var team: String?

        enum CodingKeys: String, CodingKey {
            case team
            case teamID = "team_id"
            case userID = "user_id"
            case botID = "bot_id"
        }
    }

    /// A message in a channel's history, or pushed by Socket Mode.
    public struct Message: Sendable, Equatable, Decodable {
        /// The message's id within its channel; strictly increasing ("1503435956.000247").
        public var ts: String
        public var text: String?
        public var user: String?
        public var botID: String?
        public var subtype: String?
        public var files: [File]?

        enum CodingKeys: String, CodingKey {
            case ts, text, user, subtype, files
            case botID = "bot_id"
        }

        public init(ts: String, text: String?, user: String? = nil, botID: String? = nil, subtype: String? = nil, files: [File]? = nil) {
            self.ts = ts
            self.text = text
            self.user = user
            self.botID = botID
            self.subtype = subtype
            self.files = files
        }
    }

    /// A file attached to a message.
    public struct File: Sendable, Equatable, Decodable {
        public var id: String
        public var name: String?
        public var title: String?
        public var size: Int?
    }

    /// One page of `conversations.history` (newest first, as Slack returns it).
    public struct HistoryPage: Sendable, Equatable {
        public var messages: [Message]
        public var hasMore: Bool
        /// Pass back as `cursor` for the next page; `nil` on the last.
        public var nextCursor: String?
    }

    /// `ts` values compare as numbers; as strings they compare right only at equal lengths.
    public static func isNewer(_ ts: String, than other: String) -> Bool {
        let a = ts.split(separator: "."), b = other.split(separator: ".")
        let secondsA = Int64(a.first ?? "") ?? 0, secondsB = Int64(b.first ?? "") ?? 0
        if secondsA != secondsB { return secondsA > secondsB }
        return (Int64(a.dropFirst().first ?? "") ?? 0) > (Int64(b.dropFirst().first ?? "") ?? 0)
    }
}
