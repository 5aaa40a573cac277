import ArgumentParser
import Foundation
import StepwiseEngine
import StepwiseLessons
import StepwiseReports
import StepwiseWords

/// `stepwise report SPEC`: run a spec and write an HTML report of what the network did.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run a model spec and write an HTML report of what every layer did, step by step.",
        discussion: """
            The report holds the model summary, the loss (and accuracy for a classifier), the \
            gradient norm of each layer per recorded step, each layer's figures at up to 12 \
            recorded steps behind a stepper, and the trace it came from (written beside it) with \
            the commands that reproduce it. It works offline: a folder with index.html, or with \
            --single-file one HTML file with every figure embedded. Exit status: 0 on success; \
            1 on bad input (one line on stderr, nothing written); 3 when values became NaN or \
            infinite (the report covers the steps up to and including that one, and names where \
            it happened).
            """
    )

    @Argument(help: "The model spec, JSON or YAML.")
    var spec: String

    @Option(help: "Number of training steps (overrides the spec's train.steps).")
    var steps: Int?

    @Option(help: "Record every K-th step, plus the first and the last.")
    var every: Int = 1

    @Option(help: "The output folder (default <spec>-report), or with --single-file the HTML file (default <spec>-report.html).")
    var out: String?

    @Flag(help: "Write one self-contained HTML file (figures embedded), with its trace beside it.")
    var singleFile = false

    @Flag(help: "Allow models, data and working memory beyond the size limits (never beyond 3/4 of this machine's memory).")
    var allowLarge = false

    @Option(help: "The language of the page and its figures: en (English) or zh (Simplified Chinese).")
    var lang = "en"

    /// The edition `--lang` names (checked in `validate()`).
    private var edition: Edition { Edition(option: lang) ?? .en }

    func validate() throws {
        if let steps, let problem = ModelSpec.stepsProblem(steps, allowLarge: allowLarge) { throw ValidationError("--steps: \(problem)") }
        if every < 1 { throw ValidationError("--every must be at least 1, found \(every)") }
        if Edition(option: lang) == nil { throw ValidationError("--lang: expected en or zh, found \(lang)") }
    }

    func run() throws {
        try reportingErrors {
            let specURL = URL(fileURLWithPath: spec)
            // Where the run diverged, in words, or nil.
            let stopped: String?
            switch try SpecFile.load(contentsOf: specURL, allowLarge: allowLarge) {
            case .model(let model):
                let request = ReportRequest(spec: model, specPath: spec, outPath: outPath(specURL), steps: steps, every: every,
                                            singleFile: singleFile, allowLarge: allowLarge, edition: edition)
                let report = try writeReport(request, specURL: specURL) { try ReportWriter.write($0, to: $1) { printNote($0) } }
                stopped = report.nonFinite.map { "\($0) (report written up to and including step \($0.step))" }
            case .gan(let gan):
                if let steps, let problem = gan.stepsProblem(steps, allowLarge: allowLarge) { throw ValidationError("--steps: \(problem)") }
                let request = GANReportRequest(spec: gan, specPath: spec, outPath: outPath(specURL), steps: steps, every: every,
                                               singleFile: singleFile, allowLarge: allowLarge, edition: edition)
                let report = try writeReport(request, specURL: specURL) { try ReportWriter.write($0, to: $1) { printNote($0) } }
                stopped = report.nonFinite.map { "\($0) (report written up to and including that update)" }
            case .bert(let bert):
                try writeBertReport(bert, specURL: specURL)
                return
            }
            if let stopped {
                printError("\(spec): \(stopped)")
                throw ExitCode(3)
            }
        }
    }

    /// The output path: `--out`, or `<spec>-report` (`.html` with `--single-file`).
    private func outPath(_ specURL: URL) -> String {
        out ?? specURL.deletingPathExtension().lastPathComponent + (singleFile ? "-report.html" : "-report")
    }

    /// Checks the output `request` names, writes the report with `write` and prints what was
    /// written.
    private func writeReport<Request: ReportInvocation, Result: WrittenReport>(
        _ request: Request, specURL: URL, write: (Request, URL) throws -> Result
    ) throws -> Result {
        let outPath = request.outPath
        let (output, folder) = try checkedOutput(outPath)
        try refuseSpecOverlap(output: output, outPath: outPath, trace: folder.appendingPathComponent(request.traceFileName), specURL: specURL)
        let start = ContinuousClock.now
        let report: Result
        do {
            report = try write(request, output)
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError(path: outPath, reason: "\(error)")
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        printNote("wrote \(outPath)\(singleFile ? "" : "/index.html") and \(request.traceFileName): \(report.recordedSteps.count) recorded step\(report.recordedSteps.count == 1 ? "" : "s"), "
                  + "\(report.figureCount) figure\(report.figureCount == 1 ? "" : "s"), in " + String(format: "%.2f", seconds) + " s")
        return report
    }
}

/// What `stepwise report` prints about a report it wrote.
protocol WrittenReport {
    var recordedSteps: [Int] { get }
    var figureCount: Int { get }
}

extension Report: WrittenReport {}
extension GANReport: WrittenReport {}

extension ReportCommand {
    /// A BERT spec's report: one forward pass (no steps to choose), checked and written as the
    /// training report is (the same output rules and refusals).
    private func writeBertReport(_ bert: BertSpec, specURL: URL) throws {
        if steps != nil { throw ValidationError("--steps: a BERT spec runs one forward step") }
        if every != 1 { throw ValidationError("--every: a BERT spec runs one forward step") }
        let outPath = self.outPath(specURL)
        let (output, folder) = try checkedOutput(outPath)
        let traceFileName = singleFile ? URL(fileURLWithPath: outPath).deletingPathExtension().lastPathComponent + ".trace.json" : "trace.json"
        try refuseSpecOverlap(output: output, outPath: outPath, trace: folder.appendingPathComponent(traceFileName), specURL: specURL)
        let summary: BertReport.Summary
        do {
            summary = try BertReport.write(bert, specPath: spec, to: output, outPath: outPath, singleFile: singleFile, traceFileName: traceFileName,
                                           edition: edition)
        } catch let error as OutputError {
            throw error
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw OutputError(path: outPath, reason: "\(error)")
        }
        printNote("wrote \(outPath)\(singleFile ? "" : "/index.html") and \(traceFileName): one forward pass, \(summary.figureCount) figures")
    }

    /// The report's output and its folder, which must exist and be writable. A report replaces
    /// its output whole: never a file by a folder or the other way round. (A folder stepwise did
    /// not build, the current folder and the folders above it are refused when the report is
    /// written.)
    private func checkedOutput(_ outPath: String) throws -> (output: URL, folder: URL) {
        let output = URL(fileURLWithPath: outPath)
        let folder = output.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OutputError(path: outPath, reason: "folder \(folder.path) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw OutputError(path: outPath, reason: "folder \(folder.path) is not writable")
        }
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory) {
            if singleFile && isDirectory.boolValue {
                throw OutputError(path: outPath, reason: "it is a folder; --single-file writes an HTML file")
            }
            if !singleFile && !isDirectory.boolValue {
                throw OutputError(path: outPath, reason: "it is a file; a report without --single-file is a folder")
            }
        }
        return (output, folder)
    }

    /// Neither the report nor its trace may be the spec it reads (nor a folder holding it).
    private func refuseSpecOverlap(output: URL, outPath: String, trace: URL, specURL: URL) throws {
        let target = try OutputTarget(output, shownAs: outPath)
        if singleFile {
            try target.refuseSame(as: specURL, what: "the spec")
            try OutputTarget(trace, shownAs: trace.path).refuseSame(as: specURL, what: "the spec")
        } else {
            try target.refuseOverlap(with: specURL, what: "the spec")
        }
    }
}
