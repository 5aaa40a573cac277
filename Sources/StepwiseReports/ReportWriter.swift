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
        try write(request, to: output) { trace, figure in
            let report = try ReportBuilder.build(request, trace: trace, figure: figure, progress: progress)
            return (report.html, report)
        }
    }

    /// A GAN spec's report (`GANReportBuilder`), written the same way.
    @discardableResult
    public static func write(_ request: GANReportRequest, to output: URL, progress: (String) -> Void = { _ in }) throws -> GANReport {
        try write(request, to: output) { trace, figure in
            let report = try GANReportBuilder.build(request, trace: trace, figure: figure, progress: progress)
            return (report.html, report)
        }
    }

    /// Stages the output `invocation` asks for; `build` gets where the trace's bytes go and where
    /// each figure's PNG goes (returning the source the page uses), and returns the page.
    private static func write<Result>(
        _ invocation: some ReportInvocation, to output: URL,
        build: (@escaping (Data) throws -> Void, (String, Data) throws -> String) throws -> (html: String, result: Result)
    ) throws -> Result {
        if invocation.singleFile {
            let trace = output.deletingLastPathComponent().appendingPathComponent(invocation.traceFileName)
            return try StagedOutput.files(at: [trace, output], shownAs: [trace.path, invocation.outPath]) { temporaries in
                let built = try withFile(temporaries[0]) { traceFile in
                    try build({ try traceFile.write(contentsOf: $0) }, { _, png in "data:image/png;base64," + png.base64EncodedString() })
                }
                try Data(built.html.utf8).write(to: temporaries[1])
                return built.result
            }
        }
        return try StagedOutput.folder(at: output, shownAs: invocation.outPath, what: "a report") { staging in
            let figures = staging.appendingPathComponent("figures")
            try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
            let built = try withFile(staging.appendingPathComponent(invocation.traceFileName)) { traceFile in
                try build({ try traceFile.write(contentsOf: $0) }, { name, png in
                    try png.write(to: figures.appendingPathComponent(name))
                    return "figures/\(name)"
                })
            }
            try Data(built.html.utf8).write(to: staging.appendingPathComponent("index.html"))
            return built.result
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
