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
        if info.st_size == 0 { try append(header) }
    }

    deinit {
        try? flush()
        close(descriptor)
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
