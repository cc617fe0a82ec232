import Foundation
import Transport

extension SlackClient {
    /// A form-encoded call (what every Web API method accepts).
    func call<Result: Decodable>(_ method: String, form: [(String, String)], as type: Result.Type) async throws -> Result {
        let body = form.map { "\(Self.formEscape($0.0))=\(Self.formEscape($0.1))" }.joined(separator: "&")
        return try await call(method, body: Array(body.utf8), contentType: "application/x-www-form-urlencoded", as: type)
    }

    static func formEscape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// One call with the retry rules; returns the decoded answer.
    func call<Result: Decodable>(_ method: String, body: [UInt8], contentType: String, as type: Result.Type) async throws -> Result {
        let request = HTTPRequest(
            method: .post, url: "\(baseURL)/\(method)",
            headers: [("Authorization", "Bearer \(token.reveal())"), ("Content-Type", contentType)], body: body)
        return try await withRetries(method) { try Self.decode(try await self.http.perform(request), method: method, as: type) }
    }

    /// The shared retry loop with this client's limits.
    func withRetries<Result>(_ what: String, _ attempt: () async throws -> Result) async throws -> Result {
        try await Transport.withRetries(
            "Slack \(what)", failure: SlackError.self, maxAttempts: maxAttempts, sleeper: sleeper, logger: logger, attempt)
    }

    static func decode<Result: Decodable>(_ response: HTTPResponse, method: String, as type: Result.Type) throws -> Result {
        let retryAfter = response.header("Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if response.status == 429 {
            throw SlackError(kind: .rateLimited, error: "ratelimited", message: "\(method): rate limited", retryAfter: retryAfter ?? 1)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            let kind: SlackError.Kind = response.status >= 500 ? .server : .transport
            throw SlackError(
                kind: kind, error: "http_\(response.status)", message: "\(method): answer \(response.status) is not Web API JSON")
        }
        guard object["ok"] as? Bool == true else {
            let code = object["error"] as? String ?? "http_\(response.status)"
            let kind = response.status >= 500 ? .server : SlackError.kind(of: code)
            throw SlackError(kind: kind, error: code, message: "\(method) refused: \(code)", retryAfter: retryAfter)
        }
        do {
            return try JSONDecoder().decode(Result.self, from: Data(response.body))
        } catch {
            throw SlackError(kind: .transport, error: "unexpected_answer", message: "\(method): unexpected answer shape (\(error))")
        }
    }
}
