import Foundation
@testable import PinterestAPI
import Testing
import TestSupport

@Suite("Download folder")
struct DownloadFolderTests {
    /// A folder as a killed process leaves it: lock file free, a half report inside.
    static func abandonedFolder(in base: String) throws -> String {
        let folder = base + "/" + DownloadFolder.prefix + "DEAD"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: folder + "/.lock", contents: nil))
        #expect(FileManager.default.createFile(atPath: folder + "/pinterest-report-X.json", contents: Data(repeating: 65, count: 4096)))
        return folder
    }

    @Test("a killed process's folder is removed; a running one's, this process's own, and links stay")
    func abandonedFoldersAreRemoved() throws {
        let base = Scratch.directory("downloads")
        let dead = try Self.abandonedFolder(in: base)
        // Another process that still runs: its lock is held (here, by a descriptor of this test).
        let live = base + "/" + DownloadFolder.prefix + "LIVE"
        try FileManager.default.createDirectory(atPath: live, withIntermediateDirectories: true)
        let held = open(live + "/.lock", O_RDWR | O_CREAT, 0o600)
        #expect(held >= 0 && flock(held, LOCK_EX | LOCK_NB) == 0)
        defer { close(held) }
        // Not made by this program: no lock file, left alone.
        let foreign = base + "/" + DownloadFolder.prefix + "NOLOCK"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)

        // A link planted under the prefix (the directory may be /tmp): never followed.
        let target = try Self.abandonedFolder(in: Scratch.directory("elsewhere"))
        let link = base + "/" + DownloadFolder.prefix + "LINK"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        // Killed while making its folder, after locking it.
        let halfMade = base + "/.making-" + DownloadFolder.prefix + "HALF"
        try FileManager.default.createDirectory(atPath: halfMade, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: halfMade + "/.lock", contents: nil))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -120)], ofItemAtPath: halfMade)
        // One being made by a process that runs: too young to judge.
        let beingMade = base + "/.making-" + DownloadFolder.prefix + "NOW"
        try FileManager.default.createDirectory(atPath: beingMade, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: beingMade + "/.lock", contents: nil))

        let own = DownloadFolder.path(in: base)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(!FileManager.default.fileExists(atPath: halfMade))
        #expect(FileManager.default.fileExists(atPath: beingMade + "/.lock"))
        #expect(FileManager.default.fileExists(atPath: live + "/.lock"))
        #expect(FileManager.default.fileExists(atPath: foreign))
        #expect(FileManager.default.fileExists(atPath: target + "/pinterest-report-X.json"))
        #expect(own.hasPrefix(base + "/" + DownloadFolder.prefix) && own != live)
        #expect(DownloadFolder.path(in: base) == own, "one folder per directory and process")

        // Another process's sweep must leave this one's folder: its lock is held.
        DownloadFolder.removeAbandoned(in: base)
        #expect(FileManager.default.fileExists(atPath: own + "/.lock"))
        // This process left no half-made folder of its own.
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).filter { $0.hasPrefix(".making-") }
                == [".making-" + DownloadFolder.prefix + "NOW"])
    }

    @Test("a report download goes into this process's folder, and sweeps a dead one's first")
    func downloadsUseTheFolder() async throws {
        let (simulator, client, account, window) = try await StreamingDownloadTests.rangedWorld()
        defer { simulator.stop() }
        let base = client.configuration.downloadDirectory
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let dead = try Self.abandonedFolder(in: base)
        let file = try await client.downloadReport(.delivery, adAccountId: account, window: window)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect((file.path as NSString).deletingLastPathComponent.hasPrefix(base + "/" + DownloadFolder.prefix), "\(file.path)")
        #expect(try file.forEachRow { _ in } == simulator.oracle.deliveryRows(account: account, in: window).count)
        file.remove()
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
