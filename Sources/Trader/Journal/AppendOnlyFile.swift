#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that is only ever appended to, with a header line written when it is new. In `synced`
/// mode every write reaches the disk (fsync) before `append` returns, so `kill -9` loses nothing
/// that was appended; in `buffered` mode writes are batched (backtests).
final class AppendOnlyFile {
    enum Durability { case buffered, synced }

    let path: String
    private let descriptor: Int32
    private let durability: Durability
    private var buffer: [UInt8] = []

    init(path: String, header: String, durability: Durability) throws {
        self.path = path
        self.durability = durability
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.error("open", path) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.error("inspect", path) }
        if info.st_size == 0 {
            try append(header)
        } else if try lastByte(of: path) != 0x0a {
            // A crash cut the last line: end it, so the next row starts on a line of its own
            // (readers ignore the damaged line).
            buffer.append(0x0a)
            try flush()
        }
    }

    deinit {
        try? flush()
        close(descriptor)
    }

    private func lastByte(of path: String) throws -> UInt8? {
        let reader = open(path, O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { throw Self.error("open", path) }
        defer { close(reader) }
        var byte: UInt8 = 0
        guard lseek(reader, -1, SEEK_END) >= 0, read(reader, &byte, 1) == 1 else { return nil }
        return byte
    }

    /// Appends one line (a newline is added).
    func append(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0a)
        if durability == .synced || buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes what is buffered; in synced mode also fsyncs.
    func flush() throws {
        var written = 0
        while written < buffer.count {
            let rest = written == 0 ? buffer : Array(buffer[written...])
            let n = write(descriptor, rest, rest.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Self.error("write", path) }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
        if durability == .synced { guard fsync(descriptor) == 0 else { throw Self.error("flush", path) } }
    }

    private static func error(_ action: String, _ path: String) -> TraderError {
        TraderError(.io, "could not \(action) \(path): \(String(cString: strerror(errno)))")
    }
}

/// CSV field quoting (RFC 4180) for free-text fields.
enum CSV {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
