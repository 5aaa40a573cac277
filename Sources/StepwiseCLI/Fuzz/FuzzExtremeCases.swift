import Foundation

/// Issue 18's extreme numbers: every weight, datum or rate of a spec (or every number of a
/// trace) set to one of ±1e308, a subnormal, zero or -1, then traced, reported or drawn.
enum FuzzExtremeCases {
    static let values: [FuzzValue] = [.double(1e308), .double(-1e308), .double(5e-324), .double(-5e-324), .double(2.2250738585072014e-308), .double(0), .double(-1), .double(1e-300)]

    static func make(_ mutator: inout FuzzMutator, corpus: FuzzCorpus) -> FuzzCase {
        let value = mutator.pick(values)
        let written = FuzzText.write(value, as: .yaml)
        if mutator.chance(0.3) {
            let seed = mutator.pick(corpus.traces)
            guard let tree = FuzzValue.parse(seed.text) else { return FuzzCase(name: "unparsed", files: [], arguments: []) }
            let data = Data(FuzzText.write(replacingDoubles(in: tree, with: value), as: .json).utf8)
            let figure = mutator.pick(["network", "graph", "loss", "heatmap", "decision-boundary", "feature-maps", "lstm", "attention"])
            let out = "figure." + mutator.pick(["png", "svg"])
            var arguments = ["render", "trace.json", "--figure", figure, "--out", out, "--numbers", "--decimals", mutator.pick(["0", "10"])]
            if figure == "heatmap" { arguments += ["--scope", mutator.pick(Self.layerScopes(seed.text))] }
            return FuzzCase(name: "render \(figure) of \(seed.name): every number \(written)", files: [.file("trace.json", data)],
                            arguments: arguments, outputs: [out], seconds: 20)
        }
        let seeds = corpus.specs.filter { FuzzCorpus.smallSpecs.contains($0.name) }
        let seed = mutator.pick(seeds.isEmpty ? corpus.specs : seeds)
        guard case .object(var fields)? = FuzzValue.parse(seed.text) else { return FuzzCase(name: "unparsed", files: [], arguments: []) }
        let part = mutator.pick(["layers", "data", "optimizer"])
        for index in fields.indices where fields[index].key == part {
            fields[index].value = replacingDoubles(in: fields[index].value, with: value)
        }
        let data = Data(FuzzText.write(.object(fields), as: .yaml).utf8)
        let name = "\(seed.name): every \(part) number \(written)"
        if mutator.chance(0.3) {
            return FuzzCase(name: "report \(name)", files: [.file("spec.yaml", data)], arguments: ["report", "spec.yaml", "--steps", "2", "--out", "report"],
                            outputs: ["report"], seconds: 60)
        }
        return FuzzCase(name: "trace \(name)", files: [.file("spec.yaml", data)], arguments: ["trace", "spec.yaml", "--steps", "3", "--out", "trace.json"],
                        outputs: ["trace.json"], seconds: 20)
    }

    static func replacingDoubles(in value: FuzzValue, with replacement: FuzzValue) -> FuzzValue {
        switch value {
        case .double: return replacement
        case .array(let items): return .array(items.map { replacingDoubles(in: $0, with: replacement) })
        case .object(let fields): return .object(fields.map { (key: $0.key, value: replacingDoubles(in: $0.value, with: replacement)) })
        default: return value
        }
    }

    static func layerScopes(_ trace: String) -> [String] {
        let names = FuzzCaseGenerator.layerNames(in: trace)
        return names.isEmpty ? ["output/kernel"] : names.map { $0 + "/kernel" }
    }
}
