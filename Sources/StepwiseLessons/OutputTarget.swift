import Foundation
import StepwiseTrace

/// Why an output could not be written: `<path>: cannot write: <reason>`, one line.
package struct OutputError: Error, CustomStringConvertible {
    package let path: String
    package let reason: String

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    package var description: String { "\(path): cannot write: \(reason)" }
}

/// What an output path names before anything is written to it, with symbolic links resolved, and
/// the checks that keep an output from replacing what the tool did not make.
package struct OutputTarget {
    package enum Kind: Equatable {
        case missing
        case regularFile
        case folder
        /// A device, FIFO or socket: written straight into, never replaced.
        case special
    }

    /// The path as the user gave it, for messages.
    package let path: String
    /// The absolute path with every symbolic link resolved (for a missing path: its nearest
    /// existing folder resolved, then the missing names). Temporary files go beside it.
    package let resolved: URL
    package let kind: Kind

    package init(_ url: URL, shownAs path: String? = nil) throws {
        self.path = path ?? url.relativePath
        let absolute = url.standardizedFileURL
        var info = stat()
        if lstat(absolute.path, &info) == 0 {
            guard let real = Self.realPath(absolute.path) else {
                throw OutputError(path: self.path, reason: "it is a symbolic link to something missing")
            }
            resolved = URL(fileURLWithPath: real)
            guard stat(real, &info) == 0 else { throw OutputError(path: self.path, reason: String(cString: strerror(errno))) }
            switch info.st_mode & S_IFMT {
            case S_IFREG: kind = .regularFile
            case S_IFDIR: kind = .folder
            default: kind = .special
            }
        } else {
            // Resolve the nearest existing folder, then append the missing names as given.
            var existing = absolute
            var missing: [String] = []
            while lstat(existing.path, &info) != 0 && existing.path != "/" {
                missing.insert(existing.lastPathComponent, at: 0)
                existing.deleteLastPathComponent()
            }
            guard let real = Self.realPath(existing.path) else {
                throw OutputError(path: self.path, reason: "\(existing.path) is a symbolic link to something missing")
            }
            resolved = missing.reduce(URL(fileURLWithPath: real)) { $0.appendingPathComponent($1) }
            kind = .missing
        }
    }

    /// `path` with every symbolic link resolved, or nil when it does not lead anywhere.
    package static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Refuses the current folder and every folder above it: replacing one would erase the
    /// folder the user works in.
    package func refuseCurrentFolderOrAncestor() throws {
        let current = Self.realPath(FileManager.default.currentDirectoryPath) ?? FileManager.default.currentDirectoryPath
        if Self.isSameOrInside(current, resolved.path) {
            throw OutputError(path: path, reason: "it is the current folder or one of the folders above it")
        }
    }

    /// Refuses an output that is `folder`, holds it, or lies inside it (`what` names it).
    package func refuseOverlap(with folder: URL, what: String) throws {
        let other = Self.realPath(folder.path) ?? folder.standardizedFileURL.path
        if Self.isSameOrInside(other, resolved.path) || Self.isSameOrInside(resolved.path, other) {
            throw OutputError(path: path, reason: "it is, holds or lies inside \(what) \(Excerpt(folder.path))")
        }
    }

    /// Refuses an output that is the input file `input` (`what` names it), also through a
    /// symbolic or hard link.
    package func refuseSame(as input: URL, what: String) throws {
        if Self.isSameFile(resolved, input) {
            throw OutputError(path: path, reason: "it is \(what) \(Excerpt(input.path)); an output never replaces an input")
        }
    }

    /// Whether `a` and `b` name the same file: the same path once links are resolved, or the
    /// same device and inode.
    package static func isSameFile(_ a: URL, _ b: URL) -> Bool {
        let pathA = realPath(a.path) ?? a.standardizedFileURL.path
        let pathB = realPath(b.path) ?? b.standardizedFileURL.path
        if pathA == pathB { return true }
        var infoA = stat(), infoB = stat()
        return stat(pathA, &infoA) == 0 && stat(pathB, &infoB) == 0 && infoA.st_dev == infoB.st_dev && infoA.st_ino == infoB.st_ino
    }

    /// Whether the absolute path `inner` is `outer` or lies inside it.
    static func isSameOrInside(_ inner: String, _ outer: String) -> Bool {
        outer == "/" || inner == outer || inner.hasPrefix(outer + "/")
    }
}
