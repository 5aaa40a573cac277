import Foundation
import Testing
@testable import StepwiseLessons

/// Every ```` ```python runnable ```` block of every lesson runs with Python 3 and NumPy and
/// prints exactly what the ```` ```output ```` block after it says; the XOR lesson's network
/// learns XOR, and what its prose says about other seeds holds.
@Suite struct RunnablePythonTests {
    static let lessons = CurriculumTests.lessons

    /// Every lesson file's runnable samples, by lesson folder.
    static func samples() throws -> [(lesson: String, sample: CodeSample)] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: lessons.path).sorted()
        return try folders.flatMap { folder -> [(lesson: String, sample: CodeSample)] in
            let file = lessons.appendingPathComponent("\(folder)/lesson.md")
            guard FileManager.default.fileExists(atPath: file.path) else { return [] }
            return CodeSample.runnable(in: try String(contentsOf: file, encoding: .utf8)).map { (folder, $0) }
        }
    }

    /// A Python 3 that has NumPy: the system's (the test command installs python3-numpy), else
    /// the first `python3` on PATH.
    static let python: String? = {
        let candidates = ["/usr/bin/python3"] + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            .split(separator: ":").map { "\($0)/python3" }
        return candidates.first { path in
            FileManager.default.isExecutableFile(atPath: path) && (try? run(path, code: "import numpy"))?.status == 0
        }
    }()

    /// Runs `code` with the interpreter at `path`; its standard output and exit status.
    static func run(_ path: String, code: String) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", code]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    static func run(_ code: String) throws -> String {
        let python = try #require(python, "no python3 with NumPy (scripts/test installs python3-numpy)")
        let result = try run(python, code: code)
        #expect(result.status == 0, "exit status \(result.status)")
        return result.output
    }

    /// The four outputs on the XOR sample's last line ("outputs for …: 0.004, 0.998, …").
    static func xorOutputs(_ printed: String) throws -> [Double] {
        let line = try #require(printed.split(separator: "\n").last { $0.hasPrefix("outputs") })
        let values = try #require(line.split(separator: ":").last)
        return values.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    @Test func everyRunnableBlockPrintsWhatItsPageSays() throws {
        let samples = try Self.samples()
        #expect(samples.count >= 2)
        for (lesson, sample) in samples {
            #expect(sample.language == "python", "\(lesson)/lesson.md:\(sample.line): only python blocks can run")
            let expected = try #require(sample.output, "\(lesson)/lesson.md:\(sample.line): a runnable block needs an ```output block after it")
            let printed = try Self.run(sample.code)
            #expect(printed.trimmingCharacters(in: .newlines) == expected.trimmingCharacters(in: .newlines),
                    "\(lesson)/lesson.md:\(sample.line) prints:\n\(printed)")
        }
    }

    /// The corrected XOR code learns XOR: its printed outputs round to 0, 1, 1, 0, and its
    /// printed loss is the loss of those outputs.
    @Test func theXORCodeLearnsXOR() throws {
        let xor = try #require(try Self.samples().first { $0.lesson == "xor" && $0.sample.code.contains("for step in range") }?.sample)
        let outputs = try Self.xorOutputs(try Self.run(xor.code))
        #expect(outputs.map { $0.rounded() } == [0, 1, 1, 0])
        let targets = [0.0, 1, 1, 0]
        // Each output is printed to 3 decimals: the loss lies between those of the interval's ends.
        func loss(_ shift: Double) -> Double {
            -zip(outputs, targets).map { y, t in t == 1 ? log(y - shift) : log(1 - y - shift) }.reduce(0, +) / 4
        }
        let lossText = try #require(xor.output?.split(separator: "\n").first?.split(separator: ":").last)
        let printedLoss = try #require(Double(lossText.trimmingCharacters(in: .whitespaces)))
        #expect(loss(-0.0005) - 0.00005 <= printedLoss && printedLoss <= loss(0.0005) + 0.00005)
    }

    /// What the XOR lesson says of other seeds: seed 0 ends at loss 0.348 with two inputs at ½,
    /// and 12 of the seeds 0…19 end with every output on its side of ½.
    @Test func otherSeedsOfTheXORCodeAreAsTheLessonSays() throws {
        let xor = try #require(try Self.samples().first { $0.lesson == "xor" && $0.sample.code.contains("default_rng(1)") }?.sample)
        let page = try String(contentsOf: Self.lessons.appendingPathComponent("xor/lesson.md"), encoding: .utf8)
        let seed0 = try Self.run(xor.code.replacingOccurrences(of: "default_rng(1)", with: "default_rng(0)"))
        #expect(seed0.contains("loss after 2000 updates: 0.3481"))
        let outputs0 = try Self.xorOutputs(seed0)
        #expect(page.contains("of 0.348 with outputs \(outputs0.map { String(format: "%.3f", $0) }.joined(separator: ", "))"))
        var solved = 0
        for seed in 0..<20 {
            let outputs = try Self.xorOutputs(try Self.run(xor.code.replacingOccurrences(of: "default_rng(1)", with: "default_rng(\(seed))")))
            if outputs.map({ $0 > 0.5 }) == [false, true, true, false] { solved += 1 }
        }
        #expect(solved == 12 && page.contains("20 seeds 0 to 19, 12 end with all four outputs on the right side of ½"))
    }

    /// `Tools/xor_numpy.py` runs the lesson's loop from the engine's weights: its loop body must
    /// be the lesson's, line for line.
    @Test func theToolRunsTheLessonsLoop() throws {
        let xor = try #require(try Self.samples().first { $0.lesson == "xor" && $0.sample.code.contains("for step in range") }?.sample)
        let tool = try String(contentsOf: Self.lessons.deletingLastPathComponent().appendingPathComponent("Tools/xor_numpy.py"), encoding: .utf8)
        func body(_ code: String) -> [String] {
            let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("for step in range") }) else { return [] }
            return lines[(start + 1)...].prefix { $0.hasPrefix("    ") }
                .map { $0.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        }
        let lessonLoop = body(xor.code)
        let toolLoop = body(tool)
        #expect(lessonLoop.count == 11)
        #expect(Array(toolLoop.prefix(lessonLoop.count)) == lessonLoop)
    }

    @Test func samplesAreFoundWithTheirOutput() {
        let text = "x\n\n```python runnable\nprint(1)\n```\n\n```output\n1\n```\n```python\nno\n```\n```python runnable\nprint(2)\n```\n"
        let samples = CodeSample.runnable(in: text)
        #expect(samples == [CodeSample(language: "python", code: "print(1)", output: "1", line: 3),
                            CodeSample(language: "python", code: "print(2)", output: nil, line: 13)])
    }
}
