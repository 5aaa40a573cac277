import Foundation
import Testing

/// A bad command line gets one line on stderr naming the problem and the command's --help, and
/// exit 1 — not ArgumentParser's usage dump and exit 64; --help still prints help, exit 0.
@Suite struct ArgumentErrorTests {
    static let badCommandLines: [([String], String)] = [
        (["trace"], "<spec>"),
        (["trace", "spec.yaml", "--bogus"], "--bogus"),
        (["trace", "spec.yaml", "--steps", "abc"], "abc"),
        (["trace", "spec.yaml", "--steps", "0"], "--steps: expected at least 1 step, found 0"),
        (["trace", "spec.yaml", "--steps", "9223372036854775807"], "9223372036854775807 steps are more than the limit of 1000000 (pass --allow-large"),
        (["trace", "spec.yaml", "--steps"], "--steps"),
        (["render", "t.json"], "--figure is required"),
        (["render", "t.json", "--figure", "loss", "--decimals", "99"], "--decimals: expected 0 to 17 decimals, found 99"),
        (["build", "--jobs", "0"], "--jobs must be at least 1"),
        (["nope"], "nope"),
        (["--bogus"], "--bogus"),
    ]

    @Test(arguments: badCommandLines)
    func badCommandLineIsOneLine(arguments: [String], mention: String) throws {
        let output = try StepwiseBinary.run(arguments)
        #expect(output.status == 1)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(output.stderr)")
        #expect(output.stderr.hasPrefix("stepwise: "))
        #expect(output.stderr.contains(mention), "\(output.stderr)")
        let command = ["trace", "render", "build"].contains(arguments.first ?? "") ? "stepwise \(arguments[0])" : "stepwise"
        #expect(output.stderr.contains("(see '\(command) --help')"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func helpAndVersionStillPrint() throws {
        let help = try StepwiseBinary.run(["trace", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: stepwise trace"))
        let version = try StepwiseBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(!version.stdout.isEmpty)
    }
}
