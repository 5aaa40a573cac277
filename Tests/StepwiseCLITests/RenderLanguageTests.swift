import Foundation
import StepwiseWords
import Testing

/// `stepwise render --lang`: the figure's words in the edition asked for; a language it does not
/// know is one line naming the option and the values it takes, exit 1, nothing written.
@Suite struct RenderLanguageTests {
    /// The SVG's title and description (the figure's title and caption).
    static func titleAndDescription(_ svg: String) -> String {
        ["title", "desc"].compactMap { tag in
            svg.range(of: "<\(tag)>").flatMap { open in svg.range(of: "</\(tag)>", range: open.upperBound..<svg.endIndex).map { String(svg[open.upperBound..<$0.lowerBound]) } }
        }.joined(separator: "\n")
    }

    @Test func langZhDrawsChinese() throws {
        for kind in ["activations", "loss-functions"] {
            let chinese = try StepwiseBinary.run(["render", "--figure", kind, "--lang", "zh"])
            #expect(chinese.status == 0, "\(chinese.stderr)")
            let words = Self.titleAndDescription(chinese.stdout)
            #expect(LatinWords.hasHan(words), "\(kind): \(words)")
            #expect(LatinWords.unexpected(in: words) == [], "\(kind): \(words)")
            let english = try StepwiseBinary.run(["render", "--figure", kind, "--lang", "en"])
            #expect(english.status == 0)
            #expect(!LatinWords.hasHan(english.stdout), "\(kind)")
            #expect(english.stdout == (try StepwiseBinary.run(["render", "--figure", kind])).stdout, "\(kind): en is the default")
        }
    }

    @Test func anUnknownLanguageIsOneLine() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let out = folder.appendingPathComponent("figure.png")
        let result = try StepwiseBinary.run(["render", "--figure", "activations", "--lang", "xx", "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--lang: expected en or zh, found \"xx\""), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
