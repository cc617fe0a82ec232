import Notifiers
import Testing
import Transport
@testable import SignetApp

@Suite("A mirror's Telegram chat")
struct TelegramChatTests {
    /// A client that would fail if it were used: these forms are settled without the network.
    static let client = TelegramClient(token: Secret("1:unused"), baseURL: "http://127.0.0.1:1", limiter: nil)

    @Test func aNumericChatIdIsUsedAsItIs() async throws {
        #expect(try await MirrorSources.telegramChat(" -1001234567890 ", client: Self.client) == -1_001_234_567_890)
    }

    @Test(arguments: ["mychannel", "@", "@my channel", "https://t.me/mychannel"])
    func anythingButANumberOrAnAtNameIsRefusedBeforeAnyCall(setting: String) async {
        do {
            _ = try await MirrorSources.telegramChat(setting, client: Self.client)
            Issue.record("accepted \(setting)")
        } catch let error as AppError {
            #expect(error.kind == .input && error.message.contains("numeric chat id"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
