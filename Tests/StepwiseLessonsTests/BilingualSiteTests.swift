import Foundation
import Testing
@testable import StepwiseLessons
import StepwiseWords

/// A bilingual course: `output/` in English and `output/zh/` in Chinese with the same pages,
/// figures and anchors, each page linking its counterpart, each speaking its own language.
@Suite struct BilingualSiteTests {
    /// A course of two lessons, each with its translation, built with the recording renderer.
    static func buildFixture() throws -> (lessons: URL, output: URL) {
        let lessons = try makeLessonsFolder(["a-intro": sampleLesson(title: "Intro", order: 0), "b-backprop": sampleLesson()])
        try writeTranslation(sampleTranslation(title: "导言"), folder: "a-intro", in: lessons)
        try writeTranslation(sampleTranslation(), folder: "b-backprop", in: lessons)
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        try SiteBuilder(options: .init(lessons: lessons, output: output, jobs: 2), figures: RecordingFigures()).build()
        return (lessons, output)
    }

    static func page(_ output: URL, _ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// The pages of both editions: (path under the output, edition).
    static let pages: [(String, Edition)] = [
        ("index.html", .en), ("a-intro/index.html", .en), ("b-backprop/index.html", .en),
        ("zh/index.html", .zh), ("zh/a-intro/index.html", .zh), ("zh/b-backprop/index.html", .zh),
    ]

    @Test func everyPageHasItsCounterpartAndLinksItBothWays() throws {
        let (_, output) = try Self.buildFixture()
        for (path, edition) in Self.pages {
            let html = try Self.page(output, path)
            #expect(html.contains("<html lang=\"\(edition.htmlTag)\">"), "\(path)")
            let other: Edition = edition == .en ? .zh : .en
            guard let href = Self.languageLink(in: html) else { Issue.record("\(path): no language switch"); continue }
            #expect(html.contains("hreflang=\"\(other.htmlTag)\""), "\(path)")
            // The link resolves to the counterpart page, whose own switch leads back here.
            let target = output.appendingPathComponent(path).deletingLastPathComponent().appendingPathComponent(href).standardizedFileURL
            let expected = edition == .en ? "zh/" + path : String(path.dropFirst(3))
            #expect(target.path == output.appendingPathComponent(expected).standardizedFileURL.path, "\(path) → \(href)")
            let back = try String(contentsOf: target, encoding: .utf8)
            let backTarget = target.deletingLastPathComponent().appendingPathComponent(Self.languageLink(in: back) ?? "").standardizedFileURL
            #expect(backTarget.path == output.appendingPathComponent(path).standardizedFileURL.path, "\(expected) does not lead back")
        }
    }

    @Test func bothEditionsShareAnchorsFiguresAndSpecs() throws {
        let (_, output) = try Self.buildFixture()
        let english = try Self.page(output, "b-backprop/index.html"), chinese = try Self.page(output, "zh/b-backprop/index.html")
        #expect(Self.ids(in: english) == Self.ids(in: chinese))
        #expect(Self.ids(in: chinese).contains("the-forward-pass") && Self.ids(in: chinese).contains("backward-step-by-step"))
        #expect(chinese.contains("<h2 id=\"the-forward-pass\">前向传播</h2>"))
        #expect(chinese.contains("href=\"#the-forward-pass\">前向传播</a>"))
        for file in ["figures/01-network.png", "figures/01-network.svg", "specs/net.yaml"] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("zh/b-backprop/\(file)").path), "\(file)")
        }
        let chineseIndex = try Self.page(output, "zh/index.html")
        #expect(chinese.contains("href=\"../../assets/style.css\"") && chineseIndex.contains("href=\"../assets/style.css\""))
        #expect(chinese.contains("一步之后的网络。") && english.contains("The network after one step."))
        #expect(chinese.contains("rel=\"prev\" href=\"../a-intro/index.html\"") || chinese.contains("href=\"../a-intro/index.html\" rel=\"prev\""))
    }

    /// The site's own words: its parts of every page (header, footer, contents, pager, stepper
    /// buttons, "Run it yourself") show no catalogue entry of the other edition, no page shows a
    /// `SiteWords` entry of the other edition, and the Chinese site parts no Latin words but
    /// names, the specs' file names and the other edition's name in the language switch.
    @Test func theSiteSpeaksEachPagesEdition() throws {
        let (_, output) = try Self.buildFixture()
        for (path, edition) in Self.pages {
            let html = try Self.page(output, path)
            let siteParts = Self.withoutQuotedNames(Self.visibleText(Self.siteParts(of: html)))
            #expect(Self.otherEditionsWords(in: siteParts, edition: edition) == [], "\(path)")
            #expect(Self.otherEditionsWords(in: Self.visibleText(html), edition: edition, books: [SiteWords.self]) == [], "\(path)")
            if edition == .zh {
                #expect(LatinWords.hasHan(siteParts), "\(path)")
                #expect(LatinWords.unexpected(in: siteParts, allowing: ["English", "net", "yaml", "json", "spec", "specs", "lessons"]) == [], "\(path)")
            }
        }
    }

    /// Whole pages: no catalogue entry of the other edition anywhere. Runs once the lessons'
    /// generated blocks (walkthroughs, tables, exercises) speak Chinese on a Chinese page —
    /// their words come from other books of the catalogue, wired to the page's edition here.
    @Test(.enabled(if: contentSpeaksChinese)) func everyPageSpeaksOnlyItsEdition() throws {
        let (_, output) = try Self.buildFixture()
        for (path, edition) in Self.pages {
            // Scopes in the "trace:" notes and layer names are names, shown as they are.
            let found = Self.otherEditionsWords(in: Self.visibleText(Self.withoutNames(try Self.page(output, path))), edition: edition)
            #expect(found == [], "\(path)")
        }
    }

    /// Whether every lesson of the course (`lessons/`) has its translation.
    static let courseIsBilingual: Bool = {
        let folder = CurriculumTests.lessons
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let lessons = names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/lesson.md").path) }
        return !lessons.isEmpty && lessons.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/lesson.zh.md").path) }
    }()

    /// The real course once every lesson is translated (`CurriculumTests.site`): both editions,
    /// every page with its counterpart, and each page in its own edition's words — the site's
    /// everywhere, and every catalogue entry once the generated blocks speak Chinese.
    @Test(.enabled(if: courseIsBilingual)) func theCourseSpeaksBothEditions() throws {
        let output = CurriculumTests.site.output
        let folders = try FileManager.default.contentsOfDirectory(atPath: output.path).filter {
            $0 != SiteBuilder.translationFolder && FileManager.default.fileExists(atPath: output.appendingPathComponent("\($0)/index.html").path)
        }
        #expect(folders.count >= 10)
        for folder in ["."] + folders.sorted() {
            for (path, edition) in [("\(folder)/index.html", Edition.en), ("zh/\(folder)/index.html", .zh)] {
                let html = try Self.page(output, path)
                #expect(html.contains("<html lang=\"\(edition.htmlTag)\">") && Self.languageLink(in: html) != nil, "\(path)")
                #expect(Self.otherEditionsWords(in: Self.withoutQuotedNames(Self.visibleText(Self.siteParts(of: html))), edition: edition) == [], "\(path)")
                if Self.contentSpeaksChinese {
                    // Lesson pages name things as they are — layers in the model summary, scopes in
                    // the "trace:" notes, the primer's Chinese terms quoted in English prose — so
                    // here a catalogue entry counts when its words could not be such a name: a
                    // Latin piece of two words or more, a Chinese piece of three characters or more.
                    let content = Self.visibleText(Self.withoutNames(html))
                    let phrases = Self.otherEditionsWords(in: content, edition: edition).filter { found in
                        let piece = String(found.split(separator: ":", maxSplits: 1)[1].dropFirst())
                        return LatinWords.hasHan(piece) ? piece.count >= 3 : LatinWords.words(in: piece).count >= 2
                    }
                    #expect(phrases == [], "\(path)")
                }
            }
        }
    }

    /// The real course's Chinese pages show no English word: every Latin word a reader sees is a
    /// name, symbol or unit `LatinWords` allows, outside what is shown as it is — code, formulas
    /// (MathML), links' targets, the language switch and the glossary's English terms (`lang`),
    /// the names the trace notes and model summaries show, and quoted Latin data (a sentence
    /// “Hello, my dog is cute”, a token “##ization”, a spec's name “tiny”).
    @Test(.enabled(if: courseIsBilingual)) func theChinesePagesShowNoEnglishWords() throws {
        let chinese = CurriculumTests.site.output.appendingPathComponent(SiteBuilder.translationFolder)
        let folders = try FileManager.default.contentsOfDirectory(atPath: chinese.path).filter {
            FileManager.default.fileExists(atPath: chinese.appendingPathComponent("\($0)/index.html").path)
        }
        #expect(folders.count >= 10)
        for folder in ["."] + folders.sorted() {
            let path = "\(folder)/index.html"
            let known = Self.englishWordsMadeByCode[path] ?? []
            let found = Self.englishWords(onChinesePage: try Self.page(chinese, path)).filter { !known.contains($0) }
            #expect(found == [], "zh/\(path)")
        }
    }

    /// English words code writes into the real Chinese pages, each to be moved into the
    /// catalogue (none today).
    static let englishWordsMadeByCode: [String: Set<String>] = [:]

    /// The strict check sees a stray English word on a real Chinese page, and not the same word
    /// as code, in a formula, quoted as data or in a link's target.
    @Test(.enabled(if: courseIsBilingual)) func theStrictCheckFindsAStrayEnglishWord() throws {
        let page = try Self.page(CurriculumTests.site.output, "zh/neurons/index.html")
        let before = Self.englishWords(onChinesePage: page)
        let shownAsItIs = "<p>见 <code>gradient</code>、<math><mi>gradient</mi></math>、“gradient”和<a href=\"gradient.html\">梯度</a>。</p></main>"
        #expect(Self.englishWords(onChinesePage: page.replacingOccurrences(of: "</main>", with: shownAsItIs)) == before)
        let stray = page.replacingOccurrences(of: "</main>", with: "<p>这一步的 gradient 是 0.5。</p></main>")
        #expect(Self.englishWords(onChinesePage: stray) == before + ["gradient"])
    }

    /// The Latin words of a Chinese page that are neither allowed names nor shown as they are.
    static func englishWords(onChinesePage html: String) -> [String] {
        let text = visibleText(withoutNames(html))
            .replacingOccurrences(of: #"“[^”\p{Han}]*”"#, with: " ", options: .regularExpression)
        return LatinWords.unexpected(in: text)
    }

    /// Whether the fixture's Chinese walkthroughs hold Chinese words.
    static let contentSpeaksChinese: Bool = {
        guard let (_, output) = try? buildFixture(), let page = try? Self.page(output, "zh/b-backprop/index.html"),
              let walkthrough = page.range(of: "<div class=\"walkthrough\">") else { return false }
        let rest = page[walkthrough.upperBound...]
        let body = rest.range(of: "</div>").map { rest[..<$0.lowerBound] } ?? rest
        return LatinWords.hasHan(String(body))
    }()

    /// The catalogue entries of `books` (all by default) whose other-edition words `text` shows:
    /// "Book.case: words".
    static func otherEditionsWords(in text: String, edition: Edition, books: [any PhraseBook.Type]? = nil) -> [String] {
        let keys = books.map { $0.map { String(describing: $0) + "." } }
        var found: [String] = []
        for (key, phrase) in Catalogue.entries where phrase.en != phrase.zh {
            if let keys, !keys.contains(where: { key.hasPrefix($0) }) { continue }
            let other = edition == .en ? phrase.zh : phrase.en
            for piece in fixedPieces(of: other) where text.contains(piece) { found.append("\(key): \(piece)") }
        }
        return found
    }

    /// `text` without names quoted in it (“net”, a spec's name: data shown as it is).
    static func withoutQuotedNames(_ text: String) -> String {
        text.replacingOccurrences(of: "“[^”]*”", with: " ", options: .regularExpression)
    }

    /// The parts of a page the site writes around the lesson's own content.
    static func siteParts(of html: String) -> String {
        let patterns = ["<header.*?</header>", "<footer.*?</footer>", "<nav class=\"toc\"><h2>.*?</h2>", "<nav class=\"pager\">.*?</nav>",
                        "<section class=\"published-specs\">.*?</section>", "<div class=\"stepper-controls\".*?</div>",
                        "<h1>.*?</h1>", "<p class=\"summary\">.*?</p>"]
        return patterns.flatMap { pattern in
            let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            return expression.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range, in: html)!]) }
        }.joined(separator: "\n")
    }

    /// The text a reader sees in the page's language: tags, scripts, styles, code and the words
    /// marked as the other language (`lang` on the glossary's other term and on the language
    /// switch) removed.
    /// `html` without the parts that show names as they are: the "trace: …" notes (scopes) and
    /// the model summaries' layer column (`conv1 (Conv2D)`).
    static func withoutNames(_ html: String) -> String {
        html.replacingOccurrences(of: #"(?s)<span class="trace">.*?</span>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"<td>[^<]* \([A-Z][A-Za-z0-9]*\)</td>"#, with: " ", options: .regularExpression)
    }

    static func visibleText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"(?s)<(span|a) [^>]*\blang="[^"]*"[^>]*>.*?</\1>"#, with: " ", options: .regularExpression)
        for element in ["script", "style", "code", "pre", "math", "title"] {
            text = text.replacingOccurrences(of: "(?s)<\(element)[^>]*>.*?</\(element)>", with: " ", options: [.regularExpression])
        }
        return LatinWords.plainText(text)
    }

    /// The parts of a catalogue entry between its placeholders that are words (two Han
    /// characters, or a Latin word of 3 letters or more that is not a name both editions keep,
    /// such as Stepwise), which a page showing the entry must contain.
    static func fixedPieces(of text: String) -> [String] {
        text.replacingOccurrences(of: "\\{[a-z]+\\}", with: "\u{1}", options: .regularExpression)
            .split(separator: "\u{1}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) }
            .filter { LatinWords.hasHan($0) ? $0.count >= 2 : LatinWords.words(in: $0).contains { $0.count >= 3 && !LatinWords.allowed.contains($0) } && $0.count >= 6 }
    }

    /// The language switch's target in a page's header.
    static func languageLink(in html: String) -> String? {
        guard let anchor = html.range(of: "<a class=\"language\" href=\"") else { return nil }
        return String(html[anchor.upperBound...].prefix { $0 != "\"" })
    }

    /// Every `id` attribute of a page, in order.
    static func ids(in html: String) -> [String] {
        html.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }
}
