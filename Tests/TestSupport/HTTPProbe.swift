import Dispatch
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A request ``postForm(_:fields:headers:within:)`` could not complete: no answer, or none in time.
public struct HTTPProbeFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// POSTs `fields` as `application/x-www-form-urlencoded` (what `curl -d` sends) to `url`, in
/// process, and returns whatever status and body came back. The transfer runs on URLSession's own
/// threads, never on Swift concurrency's cooperative pool, so test threads blocked on
/// subprocesses cannot stall it. Throws ``HTTPProbeFailure`` when there is no answer within
/// `deadline`, so a server that never answers fails the test instead of hanging it.
public func postForm(
    _ url: String, fields: [(String, String)], headers: [(String, String)] = [], within deadline: Duration = .seconds(30)
) async throws -> (status: Int, body: [UInt8]) {
    guard let target = URL(string: url) else { throw HTTPProbeFailure("not a URL: \(url)") }
    let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) * 1e-18
    var request = URLRequest(url: target)
    request.httpMethod = "POST"
    request.timeoutInterval = seconds
    request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = Data(formEncoded(fields).utf8)
    let answer = PendingAnswer()
    return try await withCheckedThrowingContinuation { continuation in
        answer.wait(with: continuation)
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                answer.finish(.failure(HTTPProbeFailure("POST \(url) failed: \(error)")))
            } else if let http = response as? HTTPURLResponse {
                answer.finish(.success((status: http.statusCode, body: [UInt8](data ?? Data()))))
            } else {
                answer.finish(.failure(HTTPProbeFailure("POST \(url): no HTTP response")))
            }
        }.resume()
        // The deadline is a bound on the wait, not a pause: whichever comes first, the answer or
        // the deadline, resumes the caller; the other finds nothing left to resume.
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            answer.finish(.failure(HTTPProbeFailure("POST \(url) did not answer within \(deadline)")))
        }
    }
}

/// `name=value&…` with everything but unreserved ASCII percent-encoded (so `+`, `&`, `=` and
/// spaces in a value survive form decoding).
func formEncoded(_ fields: [(String, String)]) -> String {
    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text }
    return fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
}

/// The caller's continuation, resumed exactly once by whichever of the answer and the deadline
/// arrives first.
private final class PendingAnswer: Sendable {
    private let continuation = Mutex<CheckedContinuation<(status: Int, body: [UInt8]), any Error>?>(nil)

    func wait(with continuation: CheckedContinuation<(status: Int, body: [UInt8]), any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func finish(_ result: Result<(status: Int, body: [UInt8]), any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}
