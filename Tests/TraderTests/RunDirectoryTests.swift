import Foundation
import Testing
@testable import Trader

@Suite("A run's folder")
struct RunDirectoryTests {
    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func isReadableByItsOwnerOnlyAndTightenedWhenReopened() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("signet-run-\(UUID().uuidString)").path
        let run = try RunDirectory(home: home, name: "desk", broker: "paper")
        #expect(try Self.mode(run.path) == 0o700)
        #expect(try Self.mode("\(run.path)/logs") == 0o700)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: run.path)
        _ = try RunDirectory(home: home, name: "desk", broker: "paper")
        #expect(try Self.mode(run.path) == 0o700)
    }
}
