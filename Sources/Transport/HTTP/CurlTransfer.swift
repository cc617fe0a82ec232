import CCurl
import Foundation
import Synchronization

/// One libcurl easy handle performing one request, synchronously, on the calling thread: the thin
/// layer where C pointers and callbacks live. Confined to one thread for its whole life.
final class CurlTransfer {
    /// `curl_global_init` runs once; a `static let` makes that thread-safe.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    // Filled by the callbacks.
    fileprivate var body: [UInt8] = []
    fileprivate var headers: [(String, String)] = []
    fileprivate let cancelled: CancelFlag

    init(cancelled: CancelFlag) throws {
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw HTTPError(.transport, "libcurl could not start (curl_global_init or curl_easy_init failed)")
        }
        self.handle = handle
        self.cancelled = cancelled
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_easy_cleanup(handle)
    }

    /// The one place a libcurl return code becomes a Swift error.
    private func check(_ code: CURLcode, _ what: String) throws {
        guard code != CURLE_OK else { return }
        throw Self.error(code, what)
    }

    static func error(_ code: CURLcode, _ what: String) -> HTTPError {
        let reason = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return HTTPError(.timeout, "\(what): \(reason)")
        case CURLE_ABORTED_BY_CALLBACK: return HTTPError(.cancelled, "\(what): cancelled")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_GOT_NOTHING, CURLE_SEND_ERROR,
            CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            return HTTPError(.connection, "\(what): \(reason)")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION:
            return HTTPError(.invalidRequest, "\(what): \(reason)")
        default: return HTTPError(.transport, "\(what): \(reason) (libcurl code \(code.rawValue))")
        }
    }

    func perform(_ request: HTTPRequest, userAgent: String) throws -> HTTPResponse {
        let what = "\(request.method.rawValue) \(Self.redacted(request.url))"
        try check(signet_curl_setopt_string(handle, CURLOPT_URL, request.url), what)
        try check(signet_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), what)  // required with threads
        try check(signet_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1), what)
        try check(signet_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2), what)
        try check(signet_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0), what)
        try check(signet_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""), what)
        try check(signet_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent), what)
        let milliseconds = request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000
        try check(signet_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(max(milliseconds, 1))), what)
        try check(signet_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(max(milliseconds, 1), 10_000))), what)

        for (name, value) in request.headers { headerList = curl_slist_append(headerList, "\(name): \(value)") }
        // curl would otherwise send "Expect: 100-continue" for large bodies and wait for the server.
        headerList = curl_slist_append(headerList, "Expect:")
        try check(signet_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), what)

        switch request.method {
        case .get: try check(signet_curl_setopt_long(handle, CURLOPT_HTTPGET, 1), what)
        case .post, .put, .delete:
            if request.method != .post {
                try check(signet_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue), what)
            }
            let body = request.body ?? []
            try check(signet_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), what)
            try body.withUnsafeBufferPointer { buffer in
                // COPYPOSTFIELDS: curl keeps its own copy, so the array need not outlive this call.
                try check(
                    signet_curl_setopt_pointer(
                        handle, CURLOPT_COPYPOSTFIELDS,
                        UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)),
                    what)
            }
        }

        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(signet_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWrite), what)
        try check(signet_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context), what)
        try check(signet_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeader), what)
        try check(signet_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context), what)
        try check(signet_curl_setopt_progress_callback(handle, curlProgress), what)
        try check(signet_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context), what)
        try check(signet_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0), what)

        try check(curl_easy_perform(handle), what)
        var status = 0
        try check(signet_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status), what)
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// The URL without what a path may carry secretly (Telegram puts the bot token in the path).
    static func redacted(_ url: String) -> String {
        guard let bot = url.range(of: "/bot") else { return url }
        let rest = url[bot.upperBound...]
        let end = rest.firstIndex(of: "/") ?? rest.endIndex
        return url[..<bot.upperBound] + "<token>" + rest[end...]
    }
}

/// Set from any thread to abort a transfer at its next progress callback.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func cancel() { flag.store(true, ordering: .relaxed) }
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

private func transfer(_ context: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
}

private let curlWrite: signet_curl_data_callback = { data, size, count, context in
    let length = size * count
    if let data, length > 0 {
        transfer(context).body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    }
    return length
}

private let curlHeader: signet_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, length > 0 else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    let owner = transfer(context)
    if line.hasPrefix("HTTP/") {
        owner.headers.removeAll()  // a new response (after 100 Continue or a redirect)
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        owner.headers.append((name, value))
    }
    return length
}

private let curlProgress: signet_curl_progress_callback = { context, _, _, _, _ in
    transfer(context).cancelled.isCancelled ? 1 : 0
}
