import Testing
@testable import StepwiseEngine

@Suite struct SeededRandomTests {
    @Test func matchesTheSplitMix64ReferenceSequence() {
        // The reference outputs of SplitMix64 for seed 1234567 (Vigna's splitmix64.c test values).
        var random = SeededRandom(seed: 1_234_567)
        let expected: [UInt64] = [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                                  4_593_380_528_125_082_431, 16_408_922_859_458_223_821]
        #expect((0..<5).map { _ in random.next() } == expected)
    }

    @Test func labelledStreamsDifferAndRepeat() {
        var a = SeededRandom(seed: 1, label: "init/hidden/kernel")
        var b = SeededRandom(seed: 1, label: "init/output/kernel")
        var again = SeededRandom(seed: 1, label: "init/hidden/kernel")
        let first = (0..<4).map { _ in a.next() }
        #expect(first != (0..<4).map { _ in b.next() })
        #expect(first == (0..<4).map { _ in again.next() })
    }

    @Test func unitValuesAndPermutations() {
        var random = SeededRandom(seed: 5)
        for _ in 0..<1000 {
            let value = random.nextUnit()
            #expect(value >= 0 && value < 1)
        }
        let permutation = random.permutation(10)
        #expect(permutation.sorted() == Array(0..<10))
        #expect(permutation != Array(0..<10))
    }
}
