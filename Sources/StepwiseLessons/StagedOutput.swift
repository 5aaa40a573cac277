import Foundation

/// Output assembled beside its destination and moved into place at the end, so a build that
/// fails or is interrupted leaves the previous output as it was: the lesson site and reports.
package enum StagedOutput {
    /// Builds the folder `output`: `body` fills a fresh staging folder beside it
    /// (`.<name>.building-<pid>`), which then replaces `output`. On error the staging folder is
    /// removed and `output` is untouched. Leftovers of interrupted builds are removed first;
    /// the parent folder is created when missing.
    package static func folder<Result>(at output: URL, _ body: (URL) throws -> Result) throws -> Result {
        let fileManager = FileManager.default
        let output = output.standardizedFileURL
        let parent = output.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        for leftover in (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []
        where leftover.hasPrefix(".\(output.lastPathComponent).building-") || leftover.hasPrefix(".\(output.lastPathComponent).old-") {
            try? fileManager.removeItem(at: parent.appendingPathComponent(leftover))
        }
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).building-\(getpid())")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            let result = try body(staging)
            try swap(staging, into: output)
            return result
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
    }

    /// Writes the files `outputs` together: `body` writes each to its temporary path beside it
    /// (`.<name>.partial-<pid>`, in the same order), then each is renamed over its destination.
    /// On error the temporary files are removed and the destinations are untouched.
    package static func files<Result>(at outputs: [URL], _ body: ([URL]) throws -> Result) throws -> Result {
        let temporaries = outputs.map {
            $0.deletingLastPathComponent().appendingPathComponent(".\($0.lastPathComponent).partial-\(getpid())")
        }
        func removeTemporaries() {
            for temporary in temporaries { try? FileManager.default.removeItem(at: temporary) }
        }
        do {
            let result = try body(temporaries)
            for (temporary, output) in zip(temporaries, outputs) where rename(temporary.path, output.path) != 0 {
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
            let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(getpid())")
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
