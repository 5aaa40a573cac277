import ArgumentParser
import Foundation
import StepwiseRender

/// `stepwise golden check|record RENDERED_DIR GOLDENS_DIR`: golden figures without Swift tests.
struct GoldenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "golden",
        abstract: "Compare rendered figures with goldens, or record them as the new goldens.",
        discussion: """
            check: files are matched by name; PNG is compared on decoded pixels (a pixel differs \
            when a channel differs by more than --channel-threshold; a file fails when more than \
            --max-fraction of its pixels differ), SVG as normalised text, other files by bytes. \
            Prints one line per file and exits 1 when any differs or is missing. \
            record: copies every rendered file over the golden of the same name.
            """
    )

    enum Mode: String, ExpressibleByArgument, CaseIterable { case check, record }

    @Argument(help: "check or record.")
    var mode: Mode

    @Argument(help: "The folder of freshly rendered figures.")
    var rendered: String

    @Argument(help: "The folder of goldens.")
    var goldens: String

    @Option(help: "Largest per-channel difference (0–255) that still counts as the same pixel.")
    var channelThreshold: Int = PixelTolerance.default.channelThreshold

    @Option(help: "Largest fraction of differing pixels that still passes.")
    var maxFraction: Double = PixelTolerance.default.maxDifferingFraction

    func run() throws {
        try reportingErrors {
            let renderedURL = URL(fileURLWithPath: rendered)
            let goldensURL = URL(fileURLWithPath: goldens)
            switch mode {
            case .record:
                // Copies bytes; nothing is decoded (a rendered PNG may declare any size).
                _ = try GoldenFolder.files(in: goldensURL)
                var count = 0
                for name in try GoldenFolder.files(in: renderedURL) {
                    let data = try Data(contentsOf: renderedURL.appendingPathComponent(name))
                    try AtomicFile.write(data, to: goldensURL.appendingPathComponent(name))
                    count += 1
                }
                print("recorded \(count) golden\(count == 1 ? "" : "s") in \(goldens)")
            case .check:
                let tolerance = PixelTolerance(channelThreshold: channelThreshold, maxDifferingFraction: maxFraction)
                let entries = try GoldenFolder.check(rendered: renderedURL, goldens: goldensURL, tolerance: tolerance)
                var failed = 0
                for entry in entries {
                    switch entry.outcome {
                    case .matches: print("ok       \(entry.name)")
                    case .differs(let reason): print("differs  \(entry.name): \(reason)"); failed += 1
                    case .missingGolden: print("missing  \(entry.name): no golden (run `stepwise golden record`)"); failed += 1
                    case .missingRendered: print("missing  \(entry.name): golden has no rendered file"); failed += 1
                    }
                }
                print("\(entries.count - failed) passed, \(failed) failed")
                if failed > 0 { throw ExitCode(1) }
            }
        }
    }
}
