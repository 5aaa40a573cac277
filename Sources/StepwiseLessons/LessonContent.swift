import Foundation

/// A lesson's built body, independent of the other lessons: what the incremental build caches.
struct LessonContent: Codable, Sendable {
    /// The HTML of the lesson's body (prose and generated blocks).
    var fragment: String
    /// Second-level headings, for the table of contents.
    var toc: [TocEntry]
    /// File names of the figures under `<id>/figures/`, in page order.
    var figures: [String]
    /// The first figure's PNG, shown on the index page.
    var thumbnail: String?

    struct TocEntry: Codable, Sendable, Equatable {
        var anchor: String
        var title: String
    }
}
