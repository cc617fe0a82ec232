import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A file part of a `multipart/form-data` request.
struct UploadedFile: Sendable {
    var filename: String
    var contentType: String?
    var bytes: [UInt8]
}

/// Request and response helpers the simulators share.
enum SimulatorHTTP {
    /// Parameters as the real APIs accept them: query string, JSON body, form body, or
    /// `multipart/form-data` (file parts become ``UploadedFile``).
    static func fields(of request: Request) async throws -> [String: Any] {
        var fields: [String: Any] = [:]
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        let body = try await request.body.collect(upTo: 50 << 20)
        guard body.readableBytes > 0 else { return fields }
        let type = request.headers[.contentType] ?? ""
        if type.hasPrefix("application/json") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else { return fields }
            fields.merge(object) { $1 }
        } else if type.hasPrefix("application/x-www-form-urlencoded") {
            fields.merge(formFields(String(buffer: body))) { $1 }
        } else if type.hasPrefix("multipart/form-data"), let boundary = parameter("boundary", of: type) {
            fields.merge(try multipartFields(body, boundary: boundary)) { $1 }
        }
        return fields
    }

    static func formFields(_ text: String) -> [String: Any] {
        var fields: [String: Any] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    private static func multipartFields(_ body: ByteBuffer, boundary: String) throws -> [String: Any] {
        final class Collector {
            var fields: [String: Any] = [:]
            var headers: [String: String] = [:]
            var bytes: [UInt8] = []
        }
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.headers[name.lowercased()] = value }
        parser.onBody = { buffer in collector.bytes += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        parser.onPartComplete = {
            let disposition = collector.headers["content-disposition"] ?? ""
            if let name = parameter("name", of: disposition) {
                if let filename = parameter("filename", of: disposition) {
                    collector.fields[name] = UploadedFile(
                        filename: filename, contentType: collector.headers["content-type"], bytes: collector.bytes)
                } else {
                    collector.fields[name] = String(decoding: collector.bytes, as: UTF8.self)
                }
            }
            collector.headers = [:]
            collector.bytes = []
        }
        try parser.execute(body)
        return collector.fields
    }

    /// `name=value` or `name="value"` inside a header value such as Content-Type.
    static func parameter(_ name: String, of header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(name + "=") else { continue }
            var value = trimmed.dropFirst(name.count + 1)
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }

    /// A JSON answer; `retryAfter` adds the `Retry-After` header Slack sends with 429.
    static func json(_ status: Int, _ object: Any, retryAfter: Int? = nil) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Promises a body, sends part of it and breaks the connection: what a dropped connection
    /// looks like to a client.
    static func dropped() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody(contentLength: 1000) { writer in
                try await writer.write(ByteBuffer(string: "{\"ok\":tr"))
                throw SimulatorError("connection dropped by fault injection")
            })
    }
}
