import Foundation

/// Throwaway folders for tests: each is removed, with everything in it, when the test process
/// exits, whichever test made it and whether or not that test passed, so a test run leaves
/// nothing behind in the temporary directory.
public enum TemporaryFolder {
    /// A fresh path `<temporary directory>/<prefix>-<UUID>`, not created yet.
    public static func path(_ prefix: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        madeFolders.add(url)
        return url
    }

    /// A fresh empty folder `<temporary directory>/<prefix>-<UUID>`.
    public static func make(_ prefix: String) -> URL {
        let url = path(prefix)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The folders handed out so far; removed at exit.
private final class MadeFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var folders: [URL] = []

    init() {
        atexit { madeFolders.removeAll() }
    }

    func add(_ url: URL) {
        lock.lock()
        folders.append(url)
        lock.unlock()
    }

    func removeAll() {
        lock.lock()
        let all = folders
        folders = []
        lock.unlock()
        for folder in all { try? FileManager.default.removeItem(at: folder) }
    }
}

private let madeFolders = MadeFolders()
