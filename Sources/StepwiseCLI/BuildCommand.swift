import ArgumentParser
import Foundation
import StepwiseLessons

/// `stepwise build`: the lesson site.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static HTML course from the lesson sources.",
        discussion: """
            Reads every <lessons>/<folder>/lesson.md (format: lessons/README.md), runs the specs \
            they name, renders their figures and writes the site to the output folder; open \
            <out>/index.html. Unchanged lessons are reused from the previous build. The site is \
            assembled beside the output folder and swapped in at the end, so a failed build \
            leaves the previous site as it was. The output must be a new folder or a site stepwise \
            built (marked by .stepwise-output); the current folder, its parents and the lessons \
            folder are refused, and a second build into the same folder stops at once. Errors \
            are one line, file:line: message.
            """
    )

    @Option(help: "The folder of lesson sources.")
    var lessons = "lessons"

    @Option(help: "The output folder.")
    var out = "output"

    @Flag(help: "Rebuild every lesson, ignoring the previous build.")
    var clean = false

    @Option(help: "Lessons built at the same time (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
    }

    func run() throws {
        try reportingErrors {
            let options = SiteBuilder.Options(lessons: URL(fileURLWithPath: lessons), output: URL(fileURLWithPath: out),
                                              clean: clean, jobs: jobs)
            let start = ContinuousClock.now
            let summary = try SiteBuilder(options: options, figures: RendererFigures()) { printNote($0) }.build()
            let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18
                + Double((ContinuousClock.now - start).components.seconds)
            printNote("built \(summary.lessons) lessons (\(summary.rebuilt) rebuilt, \(summary.figures) figures) in "
                      + String(format: "%.2f", seconds) + " s: open \(out)/index.html")
        }
    }
}
