import Foundation
import StepwiseLessons

/// Times the whole-site build: cold (every lesson built) and incremental (one lesson changed),
/// on a copy of the lessons folder (symbolic links resolved) in a scratch folder, so the original
/// is never touched.
enum SiteBenchmark {
    struct Timing {
        let name: String
        /// The line's title in the README.
        var title: String { name == "site-cold" ? "whole course, cold" : "whole course, one lesson changed" }
        let milliseconds: Double
    }

    static func run(lessons: URL) throws -> [Timing] {
        let fileManager = FileManager.default
        let scratch = fileManager.temporaryDirectory.appendingPathComponent("stepwise-site-bench-\(getpid())")
        try? fileManager.removeItem(at: scratch)
        try fileManager.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent("lessons")
        try copyResolvingLinks(lessons, to: copy)
        // BERT specs name their checkpoint beside the lessons folder (../../models from a lesson).
        let models = lessons.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("models")
        if fileManager.fileExists(atPath: models.path) {
            try fileManager.createSymbolicLink(at: scratch.appendingPathComponent("models"), withDestinationURL: models)
        }
        let output = scratch.appendingPathComponent("output")
        let builder = SiteBuilder(options: .init(lessons: copy, output: output, clean: true), figures: RendererFigures())
        let cold = try time { try builder.build() }
        // Change the last lesson (a new paragraph at its end) and build again, reusing the cache.
        let sources = try builder.loadSources()
        guard let last = sources.last else { return [Timing(name: "site-cold", milliseconds: cold)] }
        let lessonFile = URL(fileURLWithPath: last.file)
        guard let real = OutputTarget.realPath(lessonFile.path), let root = OutputTarget.realPath(scratch.path),
              real.hasPrefix(root + "/") else {
            throw OutputError(path: last.file, reason: "the benchmark writes only inside its scratch folder \(scratch.path)")
        }
        let handle = try FileHandle(forWritingTo: lessonFile)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n\nOne more sentence.\n".utf8))
        try handle.close()
        let incremental = SiteBuilder(options: .init(lessons: copy, output: output, clean: false), figures: RendererFigures())
        let changed = try time { try incremental.build() }
        return [Timing(name: "site-cold", milliseconds: cold), Timing(name: "site-one-lesson-changed", milliseconds: changed)]
    }

    /// Copies `source` to `destination` (which must not exist) with every symbolic link
    /// replaced by a copy of what it points to, so nothing in the copy leads back to the
    /// original. A link to a folder above it (a loop) is refused.
    static func copyResolvingLinks(_ source: URL, to destination: URL, depth: Int = 0) throws {
        let fileManager = FileManager.default
        guard depth < 32 else { throw OutputError(path: source.path, reason: "folders nested too deep (a symbolic link loop?)") }
        guard let real = OutputTarget.realPath(source.path) else {
            throw OutputError(path: source.path, reason: "it is a symbolic link to something missing")
        }
        var isDirectory: ObjCBool = false
        _ = fileManager.fileExists(atPath: real, isDirectory: &isDirectory)
        guard isDirectory.boolValue else {
            try fileManager.copyItem(atPath: real, toPath: destination.path)
            return
        }
        try fileManager.createDirectory(at: destination, withIntermediateDirectories: false)
        for name in try fileManager.contentsOfDirectory(atPath: real).sorted() {
            try copyResolvingLinks(URL(fileURLWithPath: real).appendingPathComponent(name),
                                   to: destination.appendingPathComponent(name), depth: depth + 1)
        }
    }

    private static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}
