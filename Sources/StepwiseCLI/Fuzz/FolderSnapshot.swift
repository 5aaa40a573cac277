import Foundation

/// Every entry under a folder, by relative path: its kind and, for a file, its bytes' size and
/// a hash. Two snapshots tell what a run created, changed or removed.
struct FolderSnapshot: Equatable {
    struct Entry: Equatable {
        var kind: String
        var size: Int
        var hash: Int
        var link: String?
    }

    private(set) var entries: [String: Entry] = [:]

    init(_ folder: URL) {
        walk(folder, relative: "")
    }

    private mutating func walk(_ folder: URL, relative: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names.sorted() {
            let url = folder.appendingPathComponent(name)
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            var info = stat()
            guard lstat(url.path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                entries[path] = Entry(kind: "folder", size: 0, hash: 0)
                walk(url, relative: path)
            case S_IFLNK:
                entries[path] = Entry(kind: "link", size: 0, hash: 0,
                                      link: try? FileManager.default.destinationOfSymbolicLink(atPath: url.path))
            case S_IFIFO:
                entries[path] = Entry(kind: "fifo", size: 0, hash: 0)
            case S_IFREG:
                let data = (try? Data(contentsOf: url)) ?? Data()
                entries[path] = Entry(kind: "file", size: data.count, hash: Self.hash(data))
            default:
                entries[path] = Entry(kind: "other", size: 0, hash: 0)
            }
        }
    }

    /// A hash of the bytes, comparable within this process (enough for before and after).
    static func hash(_ data: Data) -> Int {
        var hasher = Hasher()
        hasher.combine(data)
        return hasher.finalize()
    }
}
