import StepwiseEngine
import Testing
@testable import StepwiseCLI

/// `stepwise bench`'s outputs: the README's Markdown tables (`--markdown`), the build line, and
/// the built-in cases by name. Formats only; speed is never asserted.
@Suite struct BenchOutputTests {
    @Test func markdownPairsUntracedAndTracedRowsInTheirFirstOrder() {
        let results: [BenchCommand.Result] = [
            .init(name: "b untraced", title: "model B", spec: "b.yaml", msPerStep: 22.4, traced: false),
            .init(name: "a untraced", title: "model | A", spec: "a.yaml", msPerStep: 0.0123, traced: false),
            .init(name: "b traced", title: "model B", spec: "b.yaml", msPerStep: 3.94, traced: true),
            .init(name: "loss figure", title: "loss chart", msPerFigure: 0.69),
            .init(name: "site", title: "course, cold", msPerBuild: 3300),
        ]
        let lines = BenchMarkdown.tables(results).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Built for \(BuildTarget.summary).")
        #expect(lines.contains("| model B | 22 | 3.9 |"))
        #expect(lines.contains("| model \\| A | 0.012 | – |"))
        let b = lines.firstIndex(of: "| model B | 22 | 3.9 |")!, a = lines.firstIndex(of: "| model \\| A | 0.012 | – |")!
        #expect(b < a)
        #expect(lines.contains("| loss chart | 0.69 |"))
        #expect(lines.contains("- course, cold: 3300 ms"))
    }

    @Test func millisecondsKeepTwoSignificantDigits() {
        #expect(BenchMarkdown.milliseconds(0.01234) == "0.012")
        #expect(BenchMarkdown.milliseconds(0.1234) == "0.12")
        #expect(BenchMarkdown.milliseconds(1.234) == "1.2")
        #expect(BenchMarkdown.milliseconds(12.6) == "13")
        #expect(BenchMarkdown.milliseconds(nil) == "–")
        #expect(BenchMarkdown.milliseconds(.nan) == "–")
    }

    @Test func builtinCasesRunByNameAndUnknownOnesAreOneLine() throws {
        let unknown = try StepwiseBinary.run(["bench", "builtin:nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("stepwise: builtin:nope: no such built-in benchmark (there are builtin:xor-2-2-1"))
        #expect(unknown.stderr.filter { $0 == "\n" }.count == 1)

        let xor = try StepwiseBinary.run(["bench", "builtin:xor-2-2-1", "--seconds", "0.02", "--markdown"])
        #expect(xor.status == 0, "\(xor.stderr)")
        #expect(xor.stderr.hasPrefix("built for \(BuildTarget.summary)"))
        #expect(xor.stdout.hasPrefix("Built for \(BuildTarget.summary)."))
        #expect(xor.stdout.contains("| 2-2-1 XOR, 4 samples | "))
    }
}
