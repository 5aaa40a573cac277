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
        let lines = BenchMarkdown.tables(results, batch: 4).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
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

    @Test func productsAreTheCNNStepsTwelveWithTheirMultiplyAdds() throws {
        let products = MatrixProductBenchmark.cifarCNNProducts(batch: 4)
        #expect(products.count == 12)
        // conv2's forward: 4 images × 13 × 13 positions, 3 × 3 × 32 patch numbers, 64 filters.
        let conv2 = try #require(products.first { $0.name == "convolution 2, forward" })
        #expect((conv2.m, conv2.k, conv2.n) == (676, 288, 64))
        // Each convolution's three products do the same multiply-adds.
        for index in stride(from: 0, to: 9, by: 3) {
            #expect(Set(products[index..<(index + 3)].map(\.multiplyAdds)).count == 1, "\(products[index].name)")
        }

        let run = try StepwiseBinary.run(["bench", "--products", "--seconds", "0.01", "--markdown"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("| convolution 2, forward: 676 × 288 · 288 × 64 | "))
        #expect(run.stdout.contains("| all of them | "))
        #expect(!run.stdout.contains("heatmap"), "--products alone times no figures")

        // --batch sizes the step: one image's 13 × 13 positions (a debug build's products are slow:
        // the smallest batch).
        let batch1 = try StepwiseBinary.run(["bench", "--products", "--batch", "1", "--seconds", "0.01", "--markdown"])
        #expect(batch1.status == 0, "\(batch1.stderr)")
        #expect(batch1.stdout.contains("| matrix product of a CIFAR CNN step, batch 1 |"))
        #expect(batch1.stdout.contains("| convolution 2, forward: 169 × 288 · 288 × 64 | "))
        let none = try StepwiseBinary.run(["bench", "--products", "--batch", "0"])
        #expect(none.status != 0 && none.stderr.contains("--batch must be from 1 to 1024"))
    }
}
