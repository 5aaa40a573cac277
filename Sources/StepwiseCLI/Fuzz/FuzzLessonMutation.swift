import Foundation

/// Hostile edits of a lesson file: its front matter or one directive's YAML body mutated like
/// a spec, a fence left open, the file cut short, or hostile text in the Markdown.
enum FuzzLessonMutation {
    /// The mutated lesson and the edits' names; `mutateYAML` mutates a YAML text.
    static func mutate(_ lesson: String, _ mutator: inout FuzzMutator,
                       mutateYAML: (String, inout FuzzMutator) -> (Data, [String])) -> (Data, [String]) {
        var lines = lesson.components(separatedBy: "\n")
        let choice = mutator.random.index(below: 6)
        if choice == 0 {
            return (mutator.truncated(Data(lesson.utf8)), ["truncated"])
        }
        if choice == 1 {
            let fences = lines.indices.filter { lines[$0].hasPrefix("```") && lines[$0].count == 3 }
            guard !fences.isEmpty else { return (Data(lesson.utf8), ["unchanged"]) }
            lines.remove(at: mutator.pick(fences))
            return (Data(lines.joined(separator: "\n").utf8), ["unclosed-fence"])
        }
        if choice == 2 {
            let text = mutator.pick(FuzzMutator.hostileStrings)
            lines.append("\n\(text)\n\n## \(text)\n\n[\(text)](\(text))")
            return (Data(lines.joined(separator: "\n").utf8), ["hostile-markdown"])
        }
        // A YAML region: the front matter (choice 3) or a directive body.
        var regions: [Range<Int>] = []
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") { regions.append(1..<end) }
        if choice > 3 {
            var start: Int?
            for (index, line) in lines.enumerated() {
                if line.hasPrefix("```stepwise-") { start = index + 1 } else if line == "```", let open = start {
                    regions.append(open..<index)
                    start = nil
                }
            }
            if regions.count > 1 { regions.removeFirst() }
        }
        guard !regions.isEmpty else { return (Data(lesson.utf8), ["unchanged"]) }
        let region = mutator.pick(regions)
        let (data, names) = mutateYAML(lines[region].joined(separator: "\n"), &mutator)
        let replacement = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        lines.replaceSubrange(region, with: replacement)
        let which = region.lowerBound == 1 ? "front matter" : "directive at line \(region.lowerBound)"
        return (Data(lines.joined(separator: "\n").utf8), names.map { "\(which): \($0)" })
    }
}
