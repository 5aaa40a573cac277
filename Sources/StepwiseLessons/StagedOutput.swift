import Foundation

/// Output assembled beside its destination and moved into place at the end, so a build that
/// fails or is interrupted (even by `kill -9`) leaves the previous output as it was: the lesson
/// site and reports. Paths are resolved first (`OutputTarget`), so a symbolic link to the output
/// stays a link and the new output lands where it points.
package enum StagedOutput {
    /// The marker file in every folder this tool builds: its presence says the folder may be
    /// replaced whole.
    package static let markerName = ".stepwise-output"

    /// Builds the folder `output` (`shownAs` is the path as the user gave it): `body` fills a
    /// fresh staging folder beside it (`.<name>.building-<pid>`), which then replaces `output`.
    /// On error the staging folder is removed and `output` is untouched.
    ///
    /// Refused in one line: the current folder or a folder above it, a file, and an existing
    /// folder this tool did not build (`what` names the output in that message: "a site"). One
    /// run at a time holds the output's lock (`OutputLock`); leftovers of runs that were killed
    /// are removed first. The parent folder is created when missing.
    package static func folder<Result>(at output: URL, shownAs path: String? = nil, what: String = "an output",
                                       _ body: (URL) throws -> Result) throws -> Result {
        let fileManager = FileManager.default
        let target = try OutputTarget(output, shownAs: path)
        try target.refuseCurrentFolderOrAncestor()
        switch target.kind {
        case .missing: break
        case .folder:
            guard isOwnFolder(target.resolved) else {
                throw OutputError(path: target.path, reason: "the folder is not \(what) stepwise built (it has no \(markerName)), "
                                  + "and stepwise replaces its output folder whole; choose another folder or empty this one")
            }
        case .regularFile, .special:
            throw OutputError(path: target.path, reason: "it is a file; \(what) is a folder")
        }
        let output = target.resolved
        try fileManager.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lock = try OutputLock(for: output, shownAs: target.path)
        defer { withExtendedLifetime(lock) {} }
        Leftovers.removeStale(for: output)
        let staging = Leftovers.path(for: output, .building)
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            try Data("Built by stepwise, which replaces this folder whole on the next run.\n".utf8)
                .write(to: staging.appendingPathComponent(markerName))
            let result = try body(staging)
            try swap(staging, into: output)
            return result
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
    }

    /// Whether `folder` may be replaced whole: it holds the marker (or the cache manifest of a
    /// site built before the marker existed), or nothing but a README.md, which a site build keeps.
    package static func isOwnFolder(_ folder: URL) -> Bool {
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        return names.contains(markerName) || names.contains(".stepwise-build.json") || names.isSubset(of: ["README.md"])
    }

    /// Writes the files `outputs` together: `body` writes each to its temporary path beside it
    /// (`.<name>.partial-<pid>`, in the same order), then each is renamed over its destination.
    /// On error the temporary files are removed and the destinations are untouched. An output
    /// that exists and is not a regular file (a folder, a device, a FIFO) is refused; leftovers
    /// of killed runs are removed first.
    package static func files<Result>(at outputs: [URL], shownAs paths: [String]? = nil,
                                      _ body: ([URL]) throws -> Result) throws -> Result {
        let targets = try outputs.indices.map { try OutputTarget(outputs[$0], shownAs: paths?[$0]) }
        for target in targets where target.kind == .folder || target.kind == .special {
            throw OutputError(path: target.path, reason: "it is \(target.kind == .folder ? "a folder" : "a device or pipe"), not a regular file")
        }
        let destinations = targets.map(\.resolved)
        destinations.forEach(Leftovers.removeStale(for:))
        let temporaries = destinations.map { Leftovers.path(for: $0, .partial) }
        func removeTemporaries() {
            for temporary in temporaries { try? FileManager.default.removeItem(at: temporary) }
        }
        do {
            let result = try body(temporaries)
            for (temporary, output) in zip(temporaries, destinations) where rename(temporary.path, output.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output.path,
                                                               NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
            return result
        } catch {
            removeTemporaries()
            throw error
        }
    }

    /// Puts `staging` where `output` was: the old folder is moved aside, the new one renamed in,
    /// then the old one removed.
    static func swap(_ staging: URL, into output: URL) throws {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: output.path) {
            let old = Leftovers.path(for: output, .old)
            try fileManager.moveItem(at: output, to: old)
            do {
                try fileManager.moveItem(at: staging, to: output)
            } catch {
                try? fileManager.moveItem(at: old, to: output)
                throw error
            }
            try? fileManager.removeItem(at: old)
        } else {
            try fileManager.moveItem(at: staging, to: output)
        }
    }
}
