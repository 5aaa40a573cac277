import Foundation
import Testing
@testable import StepwiseLessons
import StepwiseWords

/// The Chinese translation of `sampleLesson()`: its text with the front matter cut to title and
/// summary and the prose (headings, caption, stepper titles and text) in Chinese; the rest, and
/// every line number, as in `lesson.md`. `extra` is appended, as `sampleLesson(extra:)` does.
func sampleTranslation(title: String = "反向传播", extra: String = "") -> String {
    let english = sampleLesson(extra: extra)
    let frontMatter = english.components(separatedBy: "---\n")[1]
    var text = english.replacingOccurrences(of: frontMatter, with: "title: \(title)\nsummary: 一个样本，每一个数。\n")
    for (english, chinese) in [
        ("Some *prose*.", "一些*文字*。"), ("## The forward pass", "## 前向传播"), ("caption: The network after one step.", "caption: 一步之后的网络。"),
        ("## Numbers", "## 数字"), ("title: Backward, step by step", "title: 反向传播，一步一步"), ("title: Output error", "title: 输出误差"),
        ("text: The loss first.", "text: 先看损失。"), ("title: One update", "title: 一次更新"),
    ] {
        text = text.replacingOccurrences(of: english, with: chinese)
    }
    return text
}

/// Writes `text` as `folder/lesson.zh.md` in `lessons`.
func writeTranslation(_ text: String, folder: String, in lessons: URL) throws {
    try text.write(to: lessons.appendingPathComponent("\(folder)/lesson.zh.md"), atomically: true, encoding: .utf8)
}

/// `lesson.zh.md`: what a translation may change (prose) and the one-line refusal of anything
/// else, naming the file, the line and the field.
@Suite struct LessonTranslationTests {
    /// The translation of lesson `one` (`sampleLesson()`), or the error's one line.
    func load(_ translation: String, english: String = sampleLesson()) throws -> Result<LessonSource, LessonError> {
        let lessons = try makeLessonsFolder(["one": english])
        try writeTranslation(translation, folder: "one", in: lessons)
        let folder = lessons.appendingPathComponent("one")
        let source = try LessonSource.load(folder: folder)
        do {
            return .success(try LessonTranslation.load(folder: folder, english: source))
        } catch let error as LessonError {
            return .failure(error)
        }
    }

    func refusal(_ translation: String, english: String = sampleLesson()) throws -> String {
        switch try load(translation, english: english) {
        case .success: return "accepted"
        case .failure(let error):
            #expect(!error.description.contains("\n"), "more than one line: \(error)")
            #expect(error.file.hasSuffix("/one/lesson.zh.md"))
            return "\(error.line.map(String.init) ?? "-"): \(error.message)"
        }
    }

    @Test func aTranslationTakesIdOrderAndSpecsFromTheEnglishLesson() throws {
        let source = try load(sampleTranslation()).get()
        #expect(source.edition == .zh && source.id == "one" && source.order == 1)
        #expect(source.title == "反向传播" && source.summary == "一个样本，每一个数。")
        #expect(source.specs.keys.sorted() == ["net"])
        guard case .directive(.figure(let figure)) = source.blocks[1] else { Issue.record("no figure"); return }
        #expect(figure.caption == "一步之后的网络。" && figure.kind == "network")
    }

    @Test func frontMatterHoldsOnlyTitleAndSummary() throws {
        let translation = sampleTranslation()
        #expect(try refusal(translation.replacingOccurrences(of: "title: 反向传播\n", with: "title: 反向传播\norder: 2\n"))
                == "3: front matter field \"order\" comes from lesson.md: a translation sets only title and summary")
        #expect(try refusal(translation.replacingOccurrences(of: "title: 反向传播\n", with: "title: 反向传播\nspecs: {net: ../specs/net.yaml}\n"))
                == "3: front matter field \"specs\" comes from lesson.md: a translation sets only title and summary")
        #expect(try refusal(translation.replacingOccurrences(of: "title: 反向传播\n", with: "title: 反向传播\ncolour: red\n"))
            .hasPrefix("3: unknown field \"colour\""))
        #expect(try refusal(translation.replacingOccurrences(of: "title: 反向传播\n", with: "")).contains("missing required field \"title\""))
    }

    @Test func directivesMustEqualTheEnglishOnesExceptProse() throws {
        let translation = sampleTranslation()
        // A figure's spec, kind or step is not the translator's to change; its caption is.
        #expect(try refusal(translation.replacingOccurrences(of: "figure: network", with: "figure: heatmap"))
                == "11: stepwise-figure block 1, field \"figure\": \"heatmap\" differs from lesson.md's \"network\" (only caption, labels, validation-label are translated)")
        #expect(try refusal(translation.replacingOccurrences(of: "caption: 一步之后的网络。", with: "caption: 一步之后的网络。\nstep: 2"))
                == "13: stepwise-figure block 1, field \"step\": lesson.md has no such field")
        #expect(try refusal(translation.replacingOccurrences(of: "digits: 9\n```\n\n## 数字", with: "```\n\n## 数字"))
                == "16: stepwise-walkthrough block 2, field \"(the block)\": missing \"digits\", which lesson.md has (a stepwise-walkthrough block is copied from lesson.md unchanged)")
        // Inside a stepper's step, the step's title and text are prose; its walkthrough is not.
        #expect(try refusal(translation.replacingOccurrences(of: "index: [1, 0]", with: "index: [0, 0]"))
                == "39: stepwise-stepper block 4, field \"steps[1].walkthrough.index[0]\": \"0\" differs from lesson.md's \"1\" (a stepwise-walkthrough block is copied from lesson.md unchanged)")
        #expect(try refusal(translation.replacingOccurrences(of: "scopes: [hidden/activation]", with: "scopes: [hidden/activation, output/activation]"))
            .contains("field \"scopes\": 2 items, lesson.md has 1"))
        // The directives' order and number.
        #expect(try refusal(translation.replacingOccurrences(of: "stepwise-table\nspec: net\nparams: [output/bias]\nscopes: [hidden/activation]", with: "stepwise-summary\nspec: net"))
                == "26: stepwise-summary block 3: lesson.md's directive 3 is stepwise-table (line 29); a translation keeps the directives in order")
        #expect(try refusal(translation + "\n```stepwise-outline\n```\n").contains("has 5 directives, lesson.md has 4"))
    }

    @Test func anExercisesQuestionKeepsItsPlaceholders() throws {
        let exercise = "\n```stepwise-exercise\nspec: net\nquestion: %@\ngiven:\n  w: {param: output/kernel, index: [0, 0], of: before}\nanswer: {param: output/kernel, index: [0, 0], of: grad}\n```\n"
        let english = sampleLesson(extra: exercise.replacingOccurrences(of: "%@", with: "The weight is {w}. Its gradient?"))
        #expect(try refusal(sampleTranslation(extra: exercise.replacingOccurrences(of: "%@", with: "权重是 {w}。它的梯度是多少？")), english: english) == "accepted")
        #expect(try refusal(sampleTranslation(extra: exercise.replacingOccurrences(of: "%@", with: "它的梯度是多少？")), english: english)
            .contains("field \"question\": the placeholder {w} of lesson.md is missing"))
    }

    @Test func headingsKeepTheirCountLevelsAndOrder() throws {
        let translation = sampleTranslation()
        #expect(try refusal(translation.replacingOccurrences(of: "## 数字", with: "### 数字"))
                == "24: heading 2 \"数字\" is level 3; lesson.md's heading 2 \"Numbers\" is level 2")
        #expect(try refusal(translation.replacingOccurrences(of: "## 数字\n", with: ""))
            .hasSuffix("has 1 headings, lesson.md has 2: a translation keeps every heading, at its level, in order"))
        #expect(try refusal(translation + "\n## 多出来的一节\n").contains("has 3 headings, lesson.md has 2"))
    }

    @Test func aBilingualCourseNeedsEveryTranslation() throws {
        let lessons = try makeLessonsFolder(["one": sampleLesson(), "two": sampleLesson(title: "Two", order: 2)])
        try writeTranslation(sampleTranslation(), folder: "one", in: lessons)
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        let builder = SiteBuilder(options: .init(lessons: lessons, output: output, jobs: 1), figures: RecordingFigures())
        #expect {
            try builder.build()
        } throws: { error in
            String(describing: error) == "\(lessons.path)/two: has no lesson.zh.md: the course is bilingual (one/lesson.zh.md exists), so every lesson needs its translation"
        }
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
