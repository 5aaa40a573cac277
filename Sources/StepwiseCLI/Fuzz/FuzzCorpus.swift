import Foundation

/// The seeds hostile variants grow from: the repository's example specs, its lessons (with the
/// specs they name) and traces the binary writes of a few small specs at the start.
struct FuzzCorpus {
    struct Seed {
        /// Where it came from, for case names.
        var name: String
        var text: String
        var isJSON: Bool
    }

    struct Lesson {
        var name: String
        var text: String
        /// Spec names in the front matter → the spec's text.
        var specs: [(name: String, file: String, text: String)]
    }

    var specs: [Seed] = []
    var traces: [Seed] = []
    var lessons: [Lesson] = []

    /// Specs small enough to trace in a blink, as the traces' and lessons' sources.
    static let smallSpecs = ["lessons/examples/two-two-two.yaml", "lessons/examples/xor.yaml",
                             "Tests/StepwiseCLITests/Fixtures/small-cnn.yaml", "Tests/StepwiseCLITests/Fixtures/small-lstm.yaml",
                             "lessons/attention/tiny.yaml", "lessons/convolution/same.yaml"]

    /// Reads the seeds under `repository`; writes traces into `scratch` with `binary`.
    init(repository: URL, binary: URL, scratch: URL) throws {
        let manager = FileManager.default
        let lessonsFolder = repository.appendingPathComponent("lessons")
        let fixtures = repository.appendingPathComponent("Tests/StepwiseCLITests/Fixtures")
        var specFiles: [URL] = []
        for folder in ((try? manager.contentsOfDirectory(atPath: lessonsFolder.path)) ?? []).sorted() {
            let url = lessonsFolder.appendingPathComponent(folder)
            for name in ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).sorted() where name.hasSuffix(".yaml") {
                specFiles.append(url.appendingPathComponent(name))
            }
            if let text = try? String(contentsOf: url.appendingPathComponent("lesson.md"), encoding: .utf8) {
                lessons.append(Lesson(name: "lessons/\(folder)/lesson.md", text: text,
                                      specs: Self.specsNamed(in: text, folder: url)))
            }
        }
        for name in ((try? manager.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted()
        where name.hasSuffix(".yaml") || name.hasSuffix(".json") {
            specFiles.append(fixtures.appendingPathComponent(name))
        }
        for url in specFiles {
            let text = try String(contentsOf: url, encoding: .utf8)
            specs.append(Seed(name: url.path.replacingOccurrences(of: repository.path + "/", with: ""), text: text,
                              isJSON: url.pathExtension == "json"))
        }
        guard !specs.isEmpty else { throw FuzzCorpusError("no specs under \(repository.path)/lessons: run from the repository") }
        try manager.createDirectory(at: scratch, withIntermediateDirectories: true)
        for path in Self.smallSpecs {
            let spec = repository.appendingPathComponent(path)
            let out = scratch.appendingPathComponent(spec.deletingPathExtension().lastPathComponent + ".trace.json")
            let process = Process()
            process.executableURL = binary
            process.arguments = ["trace", spec.path, "--steps", "2", "--out", out.path]
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0, let text = try? String(contentsOf: out, encoding: .utf8) else {
                throw FuzzCorpusError("stepwise trace \(path) failed: cannot make the seed traces")
            }
            traces.append(Seed(name: "trace of \(path)", text: text, isJSON: true))
        }
    }

    /// The `specs:` entries of a lesson's front matter with their files' text (those that exist).
    private static func specsNamed(in lesson: String, folder: URL) -> [(name: String, file: String, text: String)] {
        let lines = lesson.components(separatedBy: "\n")
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---"),
              case .object(let fields)? = FuzzValue.parse(lines[1..<end].joined(separator: "\n")),
              case .object(let specs)? = fields.first(where: { $0.key == "specs" })?.value else { return [] }
        return specs.compactMap { entry in
            var file: String?
            if case .string(let path) = entry.value { file = path }
            if case .object(let options) = entry.value, case .string(let path)? = options.first(where: { $0.key == "file" })?.value { file = path }
            guard let file, let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { return nil }
            return (name: entry.key, file: file, text: text)
        }
    }
}

struct FuzzCorpusError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
