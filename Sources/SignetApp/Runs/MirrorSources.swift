import Foundation
import Notifiers
import ServiceLifecycle
import SignalSubscriber
import SignetCrypto

/// The chats a mirror reads from, and where it posts its receipts.
enum MirrorSources {
    /// The chat the signals are read from.
    static func source(
        _ transport: MirrorRequest.Transport, settings: Settings, inbox: Inbox, intake: MirrorIntake, catchUp: Bool
    ) async throws -> any Service {
        switch transport {
        case .slack:
            guard let slack = settings.slack else {
                throw AppError(.usage, "--via slack needs a slack section in settings.yml (token, app_token, channel)")
            }
            guard let appToken = slack.appToken else {
                throw AppError(
                    .usage, "slack.app_token is missing: reading a channel live needs Socket Mode (an xapp- token with connections:write)")
            }
            let base = slack.apiURL ?? SlackClient.defaultBaseURL
            let socket = SlackSocketMode(app: SlackClient(token: appToken, baseURL: base, limiter: nil))
            let feed = SlackChannelFeed(web: Clients.slack(slack), socket: socket, channel: slack.channel)
            let source = SlackSignalSource(feed: feed, channel: slack.channel, inbox: inbox) {
                try await intake.handle($0, transport: "slack")
            }
            try source.begin(at: catchUp ? "0" : SlackSignalSource.ts(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
            return source
        case .telegram:
            guard let telegram = settings.telegram else {
                throw AppError(.usage, "--via telegram needs a telegram section in settings.yml (token, chat_id)")
            }
            let client = TelegramClient(token: telegram.token, baseURL: telegram.apiURL ?? TelegramClient.defaultBaseURL, limiter: nil)
            let chatID = try await telegramChat(telegram.chatID, client: client)
            return TelegramSignalSource(client: client, chatID: chatID, inbox: inbox) {
                try await intake.handle($0, transport: "telegram")
            }
        }
    }

    /// The numeric id of `telegram.chat_id`: a number as it is, an `@username` looked up with
    /// `getChat` before anything starts. A mirror reads that one chat and nothing else.
    static func telegramChat(_ setting: String, client: TelegramClient) async throws -> Int64 {
        let setting = setting.trimmingCharacters(in: .whitespaces)
        if let id = Int64(setting) { return id }
        guard setting.hasPrefix("@"), setting.count > 1, !setting.contains(where: \.isWhitespace) else {
            throw AppError(
                .input, "telegram.chat_id '\(setting)' is neither a numeric chat id (like -1001234567890) nor a public chat's "
                    + "@username (like @mychannel): set one of those")
        }
        do {
            return try await client.getChat(setting).id
        } catch let error as TelegramError where [.badRequest, .forbidden, .chatMigrated].contains(error.kind) {
            throw AppError(.input, "telegram.chat_id \(setting) could not be resolved: \(error)")
        }
    }

    /// The receipt poster `--receipts` asks for, checked before anything starts.
    static func receiptPoster(_ request: MirrorRequest, settings: Settings) throws -> ReceiptPoster? {
        guard let receipts = request.receipts else { return nil }
        guard let slack = settings.slack else {
            throw AppError(.usage, "--receipts posts with the bot of the slack section of settings.yml (token); add it")
        }
        guard let name = request.receiptsAs else {
            throw AppError(.usage, "--receipts needs --receipts-as NAME: the identity in --dir that signs them")
        }
        let directory = KeyDirectory(path: request.keysPath)
        _ = try directory.publicIdentity(name)
        let phrase = request.passphrase
        return ReceiptPoster(slack: Clients.slack(slack), channel: receipts) { try directory.loadIdentity(name, passphrase: { phrase }) }
    }
}

/// Ends the subscriber's market data, and so the run, once no signal has arrived for a while.
struct IdleExit: Service {
    let intake: MirrorIntake
    let feed: SignalPriceFeed
    let seconds: Double
    let started: Int64
    let now: @Sendable () -> Int64
    let note: Note

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let last = await intake.lastSignalAt ?? started
            if Double(now() - last) >= seconds * 1000 {
                note("no signal for \(seconds) s: stopping")
                feed.finish()
                // Returning would cancel the group; the run ends by itself once the feed is drained.
                try? await gracefulShutdown()
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
