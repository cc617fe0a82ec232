#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer's own driver (compiler-rt, linked by `-sanitize=fuzzer`): parses the libFuzzer flags
/// in `argv` and calls `callback` once per input.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The test function of the running harness (one per process).
nonisolated(unsafe) private var testOne: (([UInt8]) -> Void)?

/// Runs libFuzzer over `test`, then exits with its status. Called from a harness's main.swift:
/// SwiftPM gives every executable its own `main`, so the harness hands libFuzzer its test function
/// instead of defining `LLVMFuzzerTestOneInput`.
///
/// `test` gets each input as bytes; it returns normally for any input the code under test handles
/// (refusing it with an error counts as handling it) and stops the process with ``violated(_:)``
/// when a property does not hold. A Swift trap (overflow, out-of-range index, `precondition`) and
/// an AddressSanitizer report stop it the same way: libFuzzer then saves the input as `crash-…`.
public func fuzz(_ test: @escaping ([UInt8]) -> Void) -> Never {
    testOne = test
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = runDriver(&argc, &argv) { data, size in
        let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        testOne?(bytes)
        return 0
    }
    exit(status)
}

/// Reports a property that does not hold: the process stops here and libFuzzer keeps the input.
public func violated(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz property violated: \(message)", file: file, line: line)
}

/// Checks a property of the code under test (not a precondition of the harness).
public func expect(
    _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { violated(message(), file: file, line: line) }
}

/// Splits `bytes` at the first `separator`: what comes before and what comes after (nil when absent).
public func split(_ bytes: [UInt8], at separator: UInt8) -> (head: [UInt8], tail: [UInt8]?) {
    guard let index = bytes.firstIndex(of: separator) else { return (bytes, nil) }
    return (Array(bytes[..<index]), Array(bytes[(index + 1)...]))
}

/// The input as text, the way a chat message or a file reaches Signet: invalid UTF-8 becomes U+FFFD.
public func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
