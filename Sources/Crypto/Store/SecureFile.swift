import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations for key material: atomic writes with exact modes, permission checks on read,
/// and advisory locks. Nothing here ever leaves a half-written key file behind.
enum SecureFile {
    /// Owner read/write only.
    static let secretMode: mode_t = 0o600
    /// Owner only, for directories.
    static let directoryMode: mode_t = 0o700

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Creates `path` (and missing parents) with mode 0700; tightens an existing one that others can read.
    static func ensureDirectory(_ path: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw CryptoError(.io, "\(path) exists and is not a directory; move it away or choose another --dir")
            }
            if info.st_mode & 0o077 != 0 {
                guard chmod(path, directoryMode) == 0 else { throw ioError("restrict permissions of", path) }
            }
            return
        }
        let parent = parentDirectory(of: path)
        if parent != path, !parent.isEmpty, !exists(parent) { try ensureDirectory(parent) }
        guard mkdir(path, directoryMode) == 0 || errno == EEXIST else { throw ioError("create directory", path) }
        _ = chmod(path, directoryMode)  // mkdir honours the umask; make the mode exact
    }

    /// Writes `bytes` atomically with `mode`: a temporary file in the same directory, fsync, then
    /// rename (replace) or link (never overwrite: fails with `alreadyExists` if `path` exists).
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = secretMode, replace: Bool) throws {
        let directory = parentDirectory(of: path)
        let temporary = "\(path).tmp-\(Hex.encode(Sodium.randomBytes(6)))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ioError("create", temporary) }
        var closed = false
        defer {
            if !closed { close(fd) }
            unlink(temporary)
        }
        guard fchmod(fd, mode) == 0 else { throw ioError("set permissions of", temporary) }
        var written = 0
        while written < bytes.count {
            let rest = written == 0 ? bytes : Array(bytes[written...])
            let n = Glibc.write(fd, rest, rest.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ioError("write", temporary) }
            written += n
        }
        guard fsync(fd) == 0 else { throw ioError("flush", temporary) }
        closed = true
        guard close(fd) == 0 else { throw ioError("close", temporary) }
        if replace {
            guard rename(temporary, path) == 0 else { throw ioError("replace", path) }
        } else {
            guard link(temporary, path) == 0 else {
                if errno == EEXIST {
                    throw CryptoError(.alreadyExists, "\(path) already exists; it was left untouched (use --force to replace it)")
                }
                throw ioError("create", path)
            }
        }
        syncDirectory(directory)
    }

    /// Reads a whole file. With `secret`, refuses one that group or others can read, as ssh does.
    static func read(_ path: String, secret: Bool) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw CryptoError(.notFound, "\(path) does not exist") }
            throw ioError("open", path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError("inspect", path) }
        if secret && info.st_mode & 0o077 != 0 {
            throw CryptoError(
                .insecurePermissions,
                "\(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); "
                    + "run 'chmod 600 \(path)' and consider the key exposed if others could log in")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var total = 0
        while total < bytes.count {
            var chunk = [UInt8](repeating: 0, count: bytes.count - total)
            let n = Glibc.read(fd, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw ioError("read", path) }
            if n == 0 { break }
            bytes.replaceSubrange(total..<(total + n), with: chunk[..<n])
            if secret { Sodium.wipe(&chunk) }
            total += n
        }
        if total < bytes.count { bytes.removeSubrange(total...) }
        return bytes
    }

    static func readText(_ path: String, secret: Bool = false) throws -> String {
        String(decoding: try read(path, secret: secret), as: UTF8.self)
    }

    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw ioError("remove", path) }
    }

    /// Names in a directory (not `.`/`..`), sorted; empty if it does not exist.
    static func list(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Runs `body` holding an exclusive advisory lock on `path` (created 0600 if missing), so two
    /// `signet` processes never hand out the same sequence number or lose each other's edits.
    static func withLock<R>(_ path: String, _ body: () throws -> R) throws -> R {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, secretMode)
        guard fd >= 0 else { throw ioError("open lock file", path) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ioError("lock", path) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func mode(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func ioError(_ action: String, _ path: String) -> CryptoError {
        let reason = String(cString: strerror(errno))
        return CryptoError(.io, "could not \(action) \(path): \(reason)")
    }
}
