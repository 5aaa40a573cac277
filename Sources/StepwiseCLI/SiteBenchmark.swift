import Foundation
import StepwiseLessons

/// Times the whole-site build: cold (every lesson built) and incremental (one lesson changed),
/// on a copy of the lessons folder so the original is never touched.
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
        try fileManager.copyItem(at: lessons, to: copy)
        let output = scratch.appendingPathComponent("output")
        let builder = SiteBuilder(options: .init(lessons: copy, output: output, clean: true), figures: RendererFigures())
        let cold = try time { try builder.build() }
        // Change the last lesson (a new paragraph at its end) and build again, reusing the cache.
        let sources = try builder.loadSources()
        guard let last = sources.last else { return [Timing(name: "site-cold", milliseconds: cold)] }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: last.file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n\nOne more sentence.\n".utf8))
        try handle.close()
        let incremental = SiteBuilder(options: .init(lessons: copy, output: output, clean: false), figures: RendererFigures())
        let changed = try time { try incremental.build() }
        return [Timing(name: "site-cold", milliseconds: cold), Timing(name: "site-one-lesson-changed", milliseconds: changed)]
    }

    private static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}
