import Foundation
import StepwiseLessons

typealias OutputError = StepwiseLessons.OutputError

/// An output file written all at once or not at all: bytes go to a temporary file
/// (`.<name>.partial-<pid>`) beside the destination, which is renamed over it on `commit()`.
/// Until then the destination keeps its old contents; a failed or abandoned write leaves nothing
/// behind, and leftovers of killed runs are removed (`Leftovers`). A symbolic link is resolved
/// first, so the link stays and the file it points to is replaced. A destination that is a
/// device or a FIFO (`/dev/stdout`, a named pipe) is written straight into, never replaced.
final class AtomicFile {
    let destination: URL
    /// The file the bytes go to until `commit()`: the temporary file, or the device itself.
    private let written: URL
    private let straight: Bool
    private let handle: FileHandle
    private var done = false

    /// Opens `destination` (`shownAs` is its path as the user gave it, for messages).
    init(_ destination: URL, shownAs path: String? = nil) throws {
        let target = try OutputTarget(destination, shownAs: path)
        self.destination = target.resolved
        let shown = target.path
        switch target.kind {
        case .folder:
            throw OutputError(path: shown, reason: "it is a folder")
        case .special:
            straight = true
            written = target.resolved
            handle = try Self.openStraight(target)
            return
        case .missing, .regularFile:
            straight = false
            let directory = target.resolved.deletingLastPathComponent()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw OutputError(path: shown, reason: "folder \(directory.path) does not exist")
            }
            Leftovers.removeStale(for: target.resolved)
            written = Leftovers.path(for: target.resolved, .partial)
            guard FileManager.default.createFile(atPath: written.path, contents: nil) else {
                throw OutputError(path: shown, reason: "folder \(directory.path) is not writable")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: written.path) else {
            if !straight { try? FileManager.default.removeItem(at: written) }
            throw OutputError(path: shown, reason: "it cannot be opened for writing")
        }
        self.handle = handle
    }

    /// Opens a device or FIFO for writing without waiting: a named pipe that no process reads
    /// is refused at once rather than blocking forever. Writes then block as usual.
    private static func openStraight(_ target: OutputTarget) throws -> FileHandle {
        let descriptor = open(target.resolved.path, O_WRONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            let reason = errno == ENXIO ? "it is a named pipe that no process is reading" : String(cString: strerror(errno))
            throw OutputError(path: target.path, reason: reason)
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Writes `data` to `destination` atomically.
    static func write(_ data: Data, to destination: URL, shownAs path: String? = nil) throws {
        let file = try AtomicFile(destination, shownAs: path)
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

    /// Moves the finished file into place (a device: just closes it).
    func commit() throws {
        precondition(!done)
        done = true
        do {
            try handle.close()
            if !straight && rename(written.path, destination.path) != 0 {
                throw OutputError(path: destination.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            if !straight { try? FileManager.default.removeItem(at: written) }
            throw error
        }
    }

    /// Abandons the write; the destination is untouched (a device keeps what it was sent).
    func discard() {
        guard !done else { return }
        done = true
        try? handle.close()
        if !straight { try? FileManager.default.removeItem(at: written) }
    }

    deinit { discard() }
}
