import Foundation
import StepwiseEngine
import StepwiseReports
import StepwiseTesting
import StepwiseTrace

/// Specs beside the tests, and reports built from them into throwaway folders.
enum ReportFixtures {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static func spec(_ name: String) throws -> ModelSpec {
        try ModelSpec.load(contentsOf: folder.appendingPathComponent(name))
    }

    /// A fresh empty folder.
    static func temporaryFolder() -> URL {
        TemporaryFolder.make("stepwise-report")
    }

    /// The report of fixture `name` written as a folder `<root>/report` (or the single file
    /// `<root>/report.html`); the page shows `name` as the spec's path.
    static func build(_ name: String, steps: Int? = nil, every: Int = 1, singleFile: Bool = false, plan: ReportFigurePlan = ReportFigurePlan(),
                      in root: URL = temporaryFolder()) throws -> (report: Report, output: URL) {
        let outPath = singleFile ? "report.html" : "report"
        let request = ReportRequest(spec: try spec(name), specPath: name, outPath: outPath, steps: steps, every: every,
                                    singleFile: singleFile, plan: plan)
        let output = root.appendingPathComponent(outPath)
        return (try ReportWriter.write(request, to: output), output)
    }

    /// The page's HTML one tag a line, with the version and the inlined stylesheet (the site's,
    /// checked on its own) left out: what the HTML goldens hold.
    static func normalized(_ html: String) -> String {
        var text = html
        if let start = text.range(of: "<style>"), let end = text.range(of: "</style>", range: start.upperBound..<text.endIndex) {
            text.replaceSubrange(start.upperBound..<end.lowerBound, with: "STYLESHEET")
        }
        return text.replacingOccurrences(of: "><", with: ">\n<")
            .replacingOccurrences(of: "Stepwise \(StepwiseVersion.string).", with: "Stepwise VERSION.")
    }
}
