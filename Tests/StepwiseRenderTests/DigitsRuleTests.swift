import Foundation
import StepwiseRender
import StepwiseTesting
import Testing

/// One rule for every digits/decimals option: 1…17 significant digits, 0…17 decimals. Beyond
/// it a count of 2³¹ crashed, 10⁸ took minutes and gigabytes, and −1 printed 0.15 as `0`.
@Suite struct DigitsRuleTests {
    @Test func theRuleAcceptsOneToSeventeenDigitsAndZeroToSeventeenDecimals() {
        #expect((1...17).allSatisfy { DigitsRule.problem(significantDigits: $0) == nil })
        #expect((0...17).allSatisfy { DigitsRule.problem(decimals: $0) == nil })
        #expect(DigitsRule.problem(significantDigits: 0) == "expected 1 to 17 significant digits, found 0")
        #expect(DigitsRule.problem(significantDigits: 18) == "expected 1 to 17 significant digits, found 18")
        #expect(DigitsRule.problem(significantDigits: 1 << 31) == "expected 1 to 17 significant digits, found 2147483648")
        #expect(DigitsRule.problem(decimals: -1) == "expected 0 to 17 decimals, found -1")
        #expect(DigitsRule.problem(decimals: 100_000_000) == "expected 0 to 17 decimals, found 100000000")
    }

    @Test func figureOptionsFollowTheRule() throws {
        for text in ["-1", "18", "2147483648", "100000000"] {
            #expect(throws: RenderError.invalidInput("option decimals: expected 0 to 17 decimals, found \(text)")) {
                try FigureSettings(step: nil, scope: nil, options: ["decimals": text])
            }
        }
        #expect(try FigureSettings(step: nil, scope: nil, options: ["decimals": "17"]).decimals == 17)
        #expect(try FigureSettings(step: nil, scope: nil, options: ["decimals": "0"]).decimals == 0)
    }

    @Test func renderDecimalsFollowTheRule() throws {
        for text in ["-1", "18", "2147483648"] {
            let result = try StepwiseExecutable.run(["render", "--figure", "activations", "--decimals=\(text)"])
            #expect(result.status == 1 && result.stdoutData.isEmpty)
            #expect(result.stderr == "stepwise: --decimals: expected 0 to 17 decimals, found \(text) (see 'stepwise render --help')\n")
        }
    }
}
