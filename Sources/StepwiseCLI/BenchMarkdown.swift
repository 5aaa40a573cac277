import Foundation
import StepwiseEngine

/// The README's benchmark tables from `stepwise bench --markdown`, so they are always what the
/// README's own binary measures: one table of training steps (untraced and traced), one of
/// figures, and a line for the site build, each headed by what the binary was built for.
enum BenchMarkdown {
    /// `batch` is the batch size of the CIFAR CNN step whose products `results` may time.
    static func tables(_ results: [BenchCommand.Result], batch: Int) -> String {
        var lines = ["Built for \(BuildTarget.summary).", ""]
        // Training cases come in pairs (untraced, traced) in order of their first appearance.
        var order: [String] = []
        var times: [String: (title: String, untraced: Double?, traced: Double?)] = [:]
        for result in results {
            guard let ms = result.msPerStep, let key = result.spec else { continue }
            if times[key] == nil { order.append(key) }
            var row = times[key] ?? (result.title ?? result.name, nil, nil)
            if result.traced == true { row.traced = ms } else { row.untraced = ms }
            times[key] = row
        }
        if !order.isEmpty {
            lines += ["| model | untraced ms/step | traced ms/step |", "| --- | --- | --- |"]
            for key in order {
                let row = times[key]!
                lines.append("| \(cell(row.title)) | \(milliseconds(row.untraced)) | \(milliseconds(row.traced)) |")
            }
            lines.append("")
        }
        let figures = results.filter { $0.msPerFigure != nil }
        if !figures.isEmpty {
            lines += ["| figure | ms per figure |", "| --- | --- |"]
            for figure in figures { lines.append("| \(cell(figure.title ?? figure.name)) | \(milliseconds(figure.msPerFigure)) |") }
            lines.append("")
        }
        let products = results.filter { $0.msPerProduct != nil }
        if !products.isEmpty {
            lines += ["| matrix product of a CIFAR CNN step, batch \(batch) | ms | GFLOP/s |", "| --- | --- | --- |"]
            for product in products {
                lines.append("| \(cell(product.title ?? product.name)) | \(milliseconds(product.msPerProduct)) | \(String(format: "%.1f", product.gflops ?? .nan)) |")
            }
            let total = products.compactMap(\.msPerProduct).reduce(0, +)
            lines += ["| all of them | \(milliseconds(total)) | |", ""]
        }
        for build in results where build.msPerBuild != nil {
            lines.append("- \(build.title ?? build.name): \(milliseconds(build.msPerBuild)) ms")
        }
        if results.contains(where: { $0.msPerBuild != nil }) { lines.append("") }
        return lines.joined(separator: "\n")
    }

    /// Two significant digits past the leading ones: 0.012, 0.69, 3.9, 22, 3300.
    static func milliseconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        if value >= 10 { return String(format: "%.0f", value) }
        if value >= 1 { return String(format: "%.1f", value) }
        if value >= 0.1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }

    /// A table cell: `|` would end the cell early.
    private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
