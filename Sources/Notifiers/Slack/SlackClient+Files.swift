import Foundation
import Transport

extension SlackClient {
    private struct UploadTicket: Decodable {
        var uploadURL: String
        var fileID: String
        enum CodingKeys: String, CodingKey {
            case uploadURL = "upload_url"
            case fileID = "file_id"
        }
    }

    private struct Completed: Decodable { var files: [File] }

    /// Uploads a file into a channel with Slack's current flow (`files.upload` is retired):
    /// `files.getUploadURLExternal` → POST the bytes to `upload_url` →
    /// `files.completeUploadExternal` with the channel and an optional comment.
    @discardableResult
    public func uploadFile(
        channel: String, bytes: [UInt8], filename: String, title: String? = nil, comment: String? = nil
    ) async throws -> File {
        let ticket = try await call(
            "files.getUploadURLExternal", form: [("filename", filename), ("length", String(bytes.count))], as: UploadTicket.self)
        var form = MultipartForm()
        form.add("filename", file: .init(filename: filename, contentType: "application/octet-stream", bytes: bytes))
        let upload = HTTPRequest(
            method: .post, url: ticket.uploadURL, headers: [("Content-Type", form.contentType)], body: form.body, timeout: .seconds(120))
        try await withRetries("upload of \(filename)") {
            let response = try await http.perform(upload)
            guard response.status == 200 else {
                if response.status == 429 {
                    throw SlackError(
                        kind: .rateLimited, error: "ratelimited", message: "upload rate limited",
                        retryAfter: response.header("Retry-After").flatMap { Int($0) })
                }
                let kind: SlackError.Kind = response.status >= 500 ? .server : .badRequest
                throw SlackError(
                    kind: kind, error: "http_\(response.status)",
                    message: "upload of \(filename) answered \(response.status): \(response.bodyText)")
            }
        }
        try await limiter?.acquire(channel)
        let files = try JSONSerialization.data(withJSONObject: [["id": ticket.fileID, "title": title ?? filename]])
        var complete = [("files", String(decoding: files, as: UTF8.self)), ("channel_id", channel)]
        if let comment { complete.append(("initial_comment", comment)) }
        let done = try await call("files.completeUploadExternal", form: complete, as: Completed.self)
        guard let file = done.files.first else {
            throw SlackError(kind: .transport, error: "unexpected_answer", message: "files.completeUploadExternal returned no file")
        }
        return file
    }
}
