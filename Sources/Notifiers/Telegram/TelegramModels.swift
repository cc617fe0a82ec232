/// Bot API objects Signet reads, decoded from Telegram's JSON (snake_case field names).
extension TelegramClient {
    /// A bot or person (`User`).
    public struct User: Sendable, Equatable, Decodable {
        public var id: Int64
        public var isBot: Bool?
        public var username: String?

        enum CodingKeys: String, CodingKey {
            case id, username
            case isBot = "is_bot"
        }
    }

    /// A chat (`Chat`): `private`, `group`, `supergroup` or `channel`.
    public struct Chat: Sendable, Equatable, Decodable {
        public var id: Int64
        public var type: String
        public var title: String?
        public var username: String?
    }

    /// A posted message, as `sendMessage`, `sendPhoto` and `sendDocument` return it.
    public struct MessageReference: Sendable, Equatable {
        public var chatID: Int64
        public var messageID: Int
    }

    /// A file Telegram holds (`Document`, or one size of a `PhotoSize` list).
    public struct FileReference: Sendable, Equatable, Decodable {
        public var fileID: String
        public var fileUniqueID: String
        public var fileName: String?
        public var mimeType: String?
        public var fileSize: Int?
        public var width: Int?
        public var height: Int?

        enum CodingKeys: String, CodingKey {
            case width, height
            case fileID = "file_id"
            case fileUniqueID = "file_unique_id"
            case fileName = "file_name"
            case mimeType = "mime_type"
            case fileSize = "file_size"
        }
    }

    /// A message (`Message`) as updates deliver it.
    public struct Message: Sendable, Equatable, Decodable {
        public var messageID: Int
        public var date: Int
        public var chat: Chat
        /// The sender; absent for channel posts.
        public var from: User?
        /// The channel a channel post was sent on behalf of.
        public var senderChat: Chat?
        public var text: String?
        public var caption: String?
        public var document: FileReference?
        /// Photo sizes, smallest first.
        public var photo: [FileReference]?
        /// Set when a group became a supergroup.
        public var migrateToChatID: Int64?

        enum CodingKeys: String, CodingKey {
            case date, chat, from, text, caption, document, photo
            case messageID = "message_id"
            case senderChat = "sender_chat"
            case migrateToChatID = "migrate_to_chat_id"
        }

        /// The readable content: text, or a media caption.
        public var content: String? { text ?? caption }
    }

    /// One `Update` from `getUpdates`: a new `message` or `channel_post` (others are skipped).
    public struct Update: Sendable, Equatable, Decodable {
        public var updateID: Int64
        public var message: Message?
        public var channelPost: Message?

        enum CodingKeys: String, CodingKey {
            case message
            case updateID = "update_id"
            case channelPost = "channel_post"
        }

        /// Whichever of `message` and `channel_post` this update carries.
        public var post: Message? { message ?? channelPost }
    }

    /// A file ready to download (`File`); `filePath` is valid for at least an hour.
    public struct File: Sendable, Equatable, Decodable {
        public var fileID: String
        public var fileUniqueID: String
        public var fileSize: Int?
        public var filePath: String?

        enum CodingKeys: String, CodingKey {
            case fileID = "file_id"
            case fileUniqueID = "file_unique_id"
            case fileSize = "file_size"
            case filePath = "file_path"
        }
    }
}
