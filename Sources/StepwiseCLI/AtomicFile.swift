import Foundation

/// Why an output file could not be written.
struct OutputError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "\(path): cannot write: \(reason)" }
}

/// An output file written all at once or not at all: bytes go to a temporary file beside the
/// destination, which is renamed over it on `commit()`. Until then the destination keeps its
/// old contents; a failed or abandoned write leaves nothing behind.
final class AtomicFile {
    let destination: URL
    private let temporary: URL
    private let handle: FileHandle
    private var done = false

    init(_ destination: URL) throws {
        self.destination = destination
        let directory = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OutputError(path: destination.path, reason: "folder \(directory.path) does not exist")
        }
        temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).partial-\(getpid())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: temporary) else {
            throw OutputError(path: destination.path, reason: "folder \(directory.path) is not writable")
        }
        self.handle = handle
    }

    /// Writes `data` to `destination` atomically.
    static func write(_ data: Data, to destination: URL) throws {
        let file = try AtomicFile(destination)
        try file.append(data)
        try file.commit()
    }

    func append(_ data: Data) throws {
        do {
            try handle.write(contentsOf: data)
        } catch {
            discard()
            throw OutputError(path: destination.path, reason: error.localizedDescription)
        }
    }

    /// Moves the finished file into place.
    func commit() throws {
        precondition(!done)
        done = true
        do {
            try handle.close()
            if rename(temporary.path, destination.path) != 0 {
                throw OutputError(path: destination.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Abandons the write; the destination is untouched.
    func discard() {
        guard !done else { return }
        done = true
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }

    deinit { discard() }
}
