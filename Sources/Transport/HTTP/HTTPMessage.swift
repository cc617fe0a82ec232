/// An HTTP request for ``HTTPClient``.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST", put = "PUT", delete = "DELETE" }

    public var method: Method
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// Whole-transfer limit.
    public var timeout: Duration

    public init(
        method: Method = .get, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil, timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A response: status, headers (in order received) and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name`, case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request failed: its transport, or the server's answer kept whole (status, headers, body).
public struct HTTPError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// No connection could be made, or it broke mid-transfer.
        case connection
        /// The transfer took longer than the request's timeout.
        case timeout
        /// The task was cancelled.
        case cancelled
        /// The URL or a request option was refused by libcurl.
        case invalidRequest
        /// The server answered with a non-success status (see ``response``).
        case status
        /// libcurl failed otherwise.
        case transport
    }

    public var code: Code
    public var message: String
    /// The answer, for `.status`.
    public var response: HTTPResponse?

    public init(_ code: Code, _ message: String, response: HTTPResponse? = nil) {
        self.code = code
        self.message = message
        self.response = response
    }

    public var description: String { "\(message) [\(code.rawValue)]" }

    /// Whether retrying the same request may succeed (connection trouble, timeouts, 5xx, 429).
    public var isTransient: Bool {
        switch code {
        case .connection, .timeout: true
        case .status: (response?.status ?? 0) >= 500 || response?.status == 429
        default: false
        }
    }
}
