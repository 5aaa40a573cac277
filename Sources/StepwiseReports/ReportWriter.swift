import Foundation
import StepwiseLessons

/// Writes a report where the user asked, all at once or not at all (as the lesson site is
/// written): a folder `index.html` + `figures/*.png` + `trace.json`, assembled beside the
/// destination and swapped in; or, with `singleFile`, one HTML file with every figure embedded
/// as a data: URI and its trace `<name>.trace.json` beside it, each written to a temporary
/// file and renamed into place. What `StagedOutput` refuses is refused here: a folder stepwise
/// did not build, the current folder or one above it, a device or FIFO for a single file.
public enum ReportWriter {
    @discardableResult
    public static func write(_ request: ReportRequest, to output: URL, progress: (String) -> Void = { _ in }) throws -> Report {
        if request.singleFile {
            let trace = output.deletingLastPathComponent().appendingPathComponent(request.traceFileName)
            return try StagedOutput.files(at: [trace, output], shownAs: [trace.path, request.outPath]) { temporaries in
                let report = try withFile(temporaries[0]) { traceFile in
                    try ReportBuilder.build(request, trace: { try traceFile.write(contentsOf: $0) },
                                            figure: { _, png in "data:image/png;base64," + png.base64EncodedString() }, progress: progress)
                }
                try Data(report.html.utf8).write(to: temporaries[1])
                return report
            }
        }
        return try StagedOutput.folder(at: output, shownAs: request.outPath, what: "a report") { staging in
            let figures = staging.appendingPathComponent("figures")
            try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
            let report = try withFile(staging.appendingPathComponent(request.traceFileName)) { traceFile in
                try ReportBuilder.build(request, trace: { try traceFile.write(contentsOf: $0) }, figure: { name, png in
                    try png.write(to: figures.appendingPathComponent(name))
                    return "figures/\(name)"
                }, progress: progress)
            }
            try Data(report.html.utf8).write(to: staging.appendingPathComponent("index.html"))
            return report
        }
    }

    /// Creates `url` and hands `body` a handle writing to it, closed afterwards.
    private static func withFile<Result>(_ url: URL, _ body: (FileHandle) throws -> Result) throws -> Result {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        do {
            let result = try body(handle)
            try handle.close()
            return result
        } catch {
            try? handle.close()
            throw error
        }
    }
}
