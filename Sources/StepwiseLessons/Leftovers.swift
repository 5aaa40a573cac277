import Foundation

/// Hidden files and folders that a run leaves beside its output while it writes
/// (`.<name>.<kind>-<pid>`), and their removal once the run that made them is gone — killed or
/// crashed. A leftover whose process is still running belongs to that run and is kept.
package enum Leftovers {
    /// The kinds of leftover: a file being written, a site being assembled, an old site being
    /// swapped out.
    package enum Kind: String, CaseIterable {
        case partial, building, old
    }

    /// This process's leftover of `kind` for `output`: `<folder>/.<name>.<kind>-<pid>`.
    package static func path(for output: URL, _ kind: Kind) -> URL {
        output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).\(kind.rawValue)-\(getpid())")
    }

    /// Removes every leftover for `output` whose process is no longer running.
    package static func removeStale(for output: URL) {
        let folder = output.deletingLastPathComponent()
        let prefix = ".\(output.lastPathComponent)."
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.lastIndex(of: "-"), Kind(rawValue: String(rest[..<dash])) != nil,
                  let pid = Int32(rest[rest.index(after: dash)...]), pid > 0, !isRunning(pid) else { continue }
            let leftover = folder.appendingPathComponent(name)
            // Killed between moving the old output aside and moving the new one in: put it back.
            if rest.hasPrefix("\(Kind.old.rawValue)-") && !FileManager.default.fileExists(atPath: output.path),
               (try? FileManager.default.moveItem(at: leftover, to: output)) != nil { continue }
            try? FileManager.default.removeItem(at: leftover)
        }
    }

    /// Whether process `pid` exists (including one this user may not signal).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
