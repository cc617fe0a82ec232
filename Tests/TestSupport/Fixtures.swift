import Foundation

/// Files checked into `Tests/Fixtures/`, read where they are (no resource bundles).
public enum Fixtures {
    /// `Tests/Fixtures`, found from this source file.
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// A copy of `Fixtures/relativePath` in a new temporary folder, for a test that changes it
    /// (a database a migration rewrites). Returns the copy's path.
    public static func copy(_ relativePath: String) throws -> String {
        let source = folder.appendingPathComponent(relativePath)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("signet-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let target = scratch.appendingPathComponent(source.lastPathComponent)
        try FileManager.default.copyItem(at: source, to: target)
        return target.path
    }
}
