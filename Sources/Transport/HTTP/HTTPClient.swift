import Dispatch
import Logging

/// An async HTTP client on libcurl. Each transfer runs on a Dispatch thread of its own, never on Swift
/// concurrency's cooperative pool, so a slow server blocks nothing else; cancelling the task aborts
/// the transfer. TLS verification is always on; proxies come from the usual environment variables
/// (`https_proxy`, `no_proxy`…), which libcurl reads itself. Non-2xx answers throw ``HTTPError``
/// with the status, headers and body kept.
public final class HTTPClient: Sendable {
    private let userAgent: String
    private let logger: Logger

    public init(userAgent: String = "signet/0.1", logger: Logger = Logger(label: "signet.http")) {
        self.userAgent = userAgent
        self.logger = logger
    }

    /// Sends `request`; a non-2xx status throws `.status` with the response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await perform(request)
        guard (200..<300).contains(response.status) else {
            throw HTTPError(
                .status, "\(request.method.rawValue) \(CurlTransfer.redacted(request.url)) answered \(response.status)", response: response)
        }
        return response
    }

    /// Sends `request` and returns whatever status came back.
    public func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let flag = CancelFlag()
        let userAgent = userAgent
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                // A serial queue of its own per transfer: serial queues run on overcommit threads,
                // so a blocked long poll never waits for the width-limited global pool to grow
                // (which on Linux takes about a second per extra thread).
                DispatchQueue(label: "signet.http.transfer").async {
                    do {
                        let transfer = try CurlTransfer(cancelled: flag)
                        continuation.resume(returning: try transfer.perform(request, userAgent: userAgent))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        } onCancel: {
            flag.cancel()
        }
    }
}
