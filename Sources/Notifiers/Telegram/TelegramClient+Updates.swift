import Foundation
import Transport

extension TelegramClient {
    /// `getUpdates` long polling: waits up to `timeout` seconds for updates after `offset` (pass the
    /// last `update_id` + 1 to confirm everything before it). Only one consumer may poll a bot:
    /// a second one gets ``TelegramError/Kind/conflict`` (409).
    public func getUpdates(
        offset: Int64? = nil, timeout: Int = 30, limit: Int = 100, allowedUpdates: [String] = ["message", "channel_post"]
    ) async throws -> [Update] {
        var parameters: [String: Any] = ["timeout": max(0, timeout), "limit": min(max(limit, 1), 100), "allowed_updates": allowedUpdates]
        if let offset { parameters["offset"] = offset }
        // The HTTP request must outlive the server's long poll.
        return try await call("getUpdates", json: parameters, timeout: .seconds(max(0, timeout) + 15), as: [Update].self)
    }

    /// `getFile`: where to download a file Telegram holds.
    public func getFile(fileID: String) async throws -> File {
        try await call("getFile", json: ["file_id": fileID], as: File.self)
    }

    /// Downloads a file: `getFile`, then `BASE/file/bot<token>/<file_path>`.
    public func download(fileID: String) async throws -> [UInt8] {
        let file = try await getFile(fileID: fileID)
        guard let path = file.filePath else {
            throw TelegramError(
                kind: .badRequest, errorCode: 400,
                message: "getFile gave no file_path for \(fileID) (files over 20 MB cannot be downloaded)")
        }
        let request = HTTPRequest(url: "\(baseURL)/file/bot\(token.reveal())/\(path)", timeout: .seconds(120))
        do {
            return try await http.send(request).body
        } catch let error as HTTPError where error.code == .status {
            throw TelegramError(
                kind: .badRequest, errorCode: error.response?.status ?? 0, message: "download of \(path) failed: \(error.message)")
        }
    }
}
