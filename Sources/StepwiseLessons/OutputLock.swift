import Foundation

/// One run at a time per output: an exclusive `flock` on `.<name>.lock` beside the output, held
/// while the run writes it. A second run into the same output does not wait: it stops with one
/// line naming the process that holds the lock. The kernel releases the lock when the holder
/// exits, however it exits (even `kill -9`); a finished run removes the lock file (while still
/// holding it, and a taker checks it still holds the file at that path, so no two runs ever
/// hold locks on different files).
package final class OutputLock {
    private let descriptor: Int32
    private let lockFile: URL

    /// Takes the lock for `output` (its path as the user gave it is `shownAs`, for the message).
    package init(for output: URL, shownAs path: String) throws {
        lockFile = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).lock")
        var taken: Int32 = -1
        for _ in 0..<10 where taken < 0 {
            let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw OutputError(path: path, reason: "cannot create its lock file \(lockFile.path): \(String(cString: strerror(errno)))")
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                var bytes = [UInt8](repeating: 0, count: 32)
                let count = pread(descriptor, &bytes, bytes.count, 0)
                let holder = count > 0 ? String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
                close(descriptor)
                throw OutputError(path: path, reason: "another stepwise run\(holder.isEmpty ? "" : " (process \(holder))") is writing it; wait for it to finish")
            }
            // The previous holder may have removed the file between our open and flock.
            var held = stat(), named = stat()
            if fstat(descriptor, &held) == 0 && stat(lockFile.path, &named) == 0 && held.st_ino == named.st_ino && held.st_dev == named.st_dev {
                taken = descriptor
            } else {
                close(descriptor)
            }
        }
        guard taken >= 0 else { throw OutputError(path: path, reason: "its lock file \(lockFile.path) keeps changing") }
        descriptor = taken
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
    }

    deinit {
        unlink(lockFile.path)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
