import Foundation
import StepwiseEngine

/// Makes `count` hostile cases from a corpus with a fixed seed: the same seed and corpus give
/// the same cases, byte for byte. Case i's kind and its mutations come from streams labelled
/// by i, so adding a kind later does not change the mutations of the others' seeds.
struct FuzzCaseGenerator {
    let corpus: FuzzCorpus
    let seed: UInt64
    /// The largest array a mutation makes.
    var hugeCount = 20_000

    /// What each case exercises, with its share of the cases.
    enum Kind: String, CaseIterable {
        case traceSpec = "trace", reportSpec = "report", loadSpec = "load-spec", render, loadTrace = "load-trace"
        case build, loadLesson = "load-lesson", path, arguments, extreme

        var weight: Int {
            switch self {
            case .traceSpec: return 26
            case .reportSpec: return 5
            case .loadSpec: return 10
            case .render: return 24
            case .loadTrace: return 8
            case .build: return 4
            case .loadLesson: return 7
            case .path: return 8
            case .arguments: return 6
            case .extreme: return 8
            }
        }
    }

    func cases(_ count: Int) -> [FuzzCase] {
        (0..<count).map { makeCase($0) }
    }

    func makeCase(_ index: Int) -> FuzzCase {
        var mutator = FuzzMutator(seed: seed, label: "case/\(index)")
        mutator.hugeCount = hugeCount
        let total = Kind.allCases.map(\.weight).reduce(0, +)
        var ticket = mutator.random.index(below: total)
        var kind = Kind.traceSpec
        for candidate in Kind.allCases {
            if ticket < candidate.weight { kind = candidate; break }
            ticket -= candidate.weight
        }
        var fuzzCase: FuzzCase
        switch kind {
        case .traceSpec, .reportSpec, .loadSpec: fuzzCase = specCase(kind, &mutator)
        case .render, .loadTrace: fuzzCase = traceCase(kind, &mutator)
        case .build, .loadLesson: fuzzCase = lessonCase(kind, &mutator)
        case .path: fuzzCase = FuzzPathCases.make(&mutator, corpus: corpus)
        case .arguments: fuzzCase = FuzzArgumentCases.make(&mutator)
        case .extreme: fuzzCase = FuzzExtremeCases.make(&mutator, corpus: corpus)
        }
        fuzzCase.name = "#\(index) \(fuzzCase.name)"
        return fuzzCase
    }

    /// A seed's text after 1–3 mutations, or cut short; the mutations' names.
    func mutated(_ seed: FuzzCorpus.Seed, _ mutator: inout FuzzMutator, json: Bool) -> (Data, [String]) {
        if mutator.chance(0.1) {
            return (mutator.truncated(Data(seed.text.utf8)), ["truncated"])
        }
        guard var value = FuzzValue.parse(seed.text) else { return (Data(seed.text.utf8), ["unparsed"]) }
        var names: [String] = []
        for _ in 0..<(1 + mutator.random.index(below: 3)) {
            names.append(mutator.mutate(&value))
        }
        return (Data(FuzzText.write(value, as: json ? .json : .yaml).utf8), names)
    }

    private func specCase(_ kind: Kind, _ mutator: inout FuzzMutator) -> FuzzCase {
        let seed = mutator.pick(corpus.specs)
        let json = seed.isJSON || mutator.chance(0.2)
        let (data, names) = mutated(seed, &mutator, json: json)
        let file = json ? "spec.json" : "spec.yaml"
        let label = "\(seed.name): \(names.joined(separator: ", "))"
        switch kind {
        case .reportSpec:
            return FuzzCase(name: "report \(label)", files: [.file(file, data)],
                            arguments: ["report", file, "--steps", "2", "--out", "report"], outputs: ["report", "report.trace.json", "report-trace.json"], seconds: 60)
        case .loadSpec:
            return FuzzCase(name: "load spec \(label)", files: [.file(file, data)], arguments: ["fuzz-load", "spec", file], seconds: 15)
        default:
            var arguments = ["trace", file, "--steps", mutator.pick(["1", "2", "3"]), "--out", "trace.json"]
            var outputs = ["trace.json"]
            if mutator.chance(0.3) { arguments += ["--record", mutator.pick(["summary", "layers", "ops"])] }
            if mutator.chance(0.2) {
                arguments += ["--resolved-spec", "resolved.json"]
                outputs.append("resolved.json")
            }
            return FuzzCase(name: "trace \(label)", files: [.file(file, data)], arguments: arguments, outputs: outputs, seconds: 20)
        }
    }

    private func traceCase(_ kind: Kind, _ mutator: inout FuzzMutator) -> FuzzCase {
        let seed = mutator.pick(corpus.traces)
        let layers = Self.layerNames(in: seed.text)
        let (data, names) = mutated(seed, &mutator, json: true)
        let label = "\(seed.name): \(names.joined(separator: ", "))"
        if kind == .loadTrace {
            return FuzzCase(name: "load trace \(label)", files: [.file("trace.json", data)], arguments: ["fuzz-load", "trace", "trace.json"], seconds: 15)
        }
        let figures = ["network", "graph", "heatmap", "feature-maps", "pooling", "lstm", "attention", "positional-encoding",
                       "loss", "decision-boundary", "compare-loss", "accuracy", "gradient-through-time"]
        let figure = mutator.pick(figures)
        let out = "figure." + mutator.pick(["png", "svg", "pdf"])
        var arguments = ["render", "trace.json", "--figure", figure, "--out", out]
        if !layers.isEmpty && mutator.chance(0.7) {
            let layer = mutator.pick(layers)
            arguments += ["--scope", figure == "heatmap" ? layer + mutator.pick(["/kernel", "/activation", "/matmul", ""]) : layer]
        }
        if mutator.chance(0.3) { arguments += ["--step", mutator.pick(["1", "2", "3", "0", "-1", "9223372036854775807"])] }
        if mutator.chance(0.2) { arguments += ["--numbers", "--decimals", mutator.pick(["0", "2", "10"])] }
        if figure == "compare-loss" { arguments += ["--with", "trace.json"] }
        if figure == "loss" && mutator.chance(0.3) { arguments += ["--log-y"] }
        return FuzzCase(name: "render \(figure) \(label)", files: [.file("trace.json", data)], arguments: arguments, outputs: [out], seconds: 20)
    }

    /// A lesson folder with its specs at the paths its front matter names, every spec cut to
    /// at most 3 steps (a build runs them all); then the lesson or one spec mutated.
    private func lessonCase(_ kind: Kind, _ mutator: inout FuzzMutator) -> FuzzCase {
        let lesson = mutator.pick(corpus.lessons)
        let folder = "lessons/" + URL(fileURLWithPath: lesson.name).deletingLastPathComponent().lastPathComponent
        var files: [FuzzFile] = []
        var names: [String] = []
        let mutateSpec = !lesson.specs.isEmpty && mutator.chance(0.3)
        let target = mutateSpec ? mutator.random.index(below: lesson.specs.count) : -1
        for (index, spec) in lesson.specs.enumerated() {
            var text = Self.shortened(spec.text)
            if index == target {
                let (data, mutations) = mutated(FuzzCorpus.Seed(name: spec.file, text: text, isJSON: false), &mutator, json: false)
                text = String(decoding: data, as: UTF8.self)
                names = ["\(spec.file): " + mutations.joined(separator: ", ")]
            }
            files.append(.file(folder + "/" + spec.file, Data(text.utf8)))
        }
        if !mutateSpec {
            let (data, mutations) = FuzzLessonMutation.mutate(lesson.text, &mutator) { mutated(FuzzCorpus.Seed(name: "", text: $0, isJSON: false), &$1, json: false) }
            names = mutations
            files.append(.file(folder + "/lesson.md", data))
        } else {
            files.append(.file(folder + "/lesson.md", Data(lesson.text.utf8)))
        }
        let label = "\(lesson.name): \(names.joined(separator: ", "))"
        if kind == .loadLesson {
            return FuzzCase(name: "load lesson \(label)", files: files, arguments: ["fuzz-load", "lesson", folder], seconds: 15)
        }
        return FuzzCase(name: "build \(label)", files: files, arguments: ["build", "--lessons", "lessons", "--out", "site", "--jobs", "1"],
                        outputs: ["site"], seconds: 90)
    }

    /// `text` with `train.steps` at most 3, so a build of a mutated lesson stays quick.
    static func shortened(_ text: String) -> String {
        guard case .object(var fields)? = FuzzValue.parse(text),
              let train = fields.firstIndex(where: { $0.key == "train" }),
              case .object(var options) = fields[train].value,
              let steps = options.firstIndex(where: { $0.key == "steps" }),
              case .int(let count) = options[steps].value, count > 3 else { return text }
        options[steps].value = .int(3)
        fields[train].value = .object(options)
        return FuzzText.write(.object(fields), as: .yaml)
    }

    /// The layer names of a trace's architecture, for `--scope`.
    static func layerNames(in trace: String) -> [String] {
        guard let data = trace.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let architecture = object["architecture"] as? [String: Any],
              let layers = architecture["layers"] as? [[String: Any]] else { return [] }
        return layers.compactMap { $0["name"] as? String }
    }
}
