extension ComputationGraph {
    /// How many pairs of links cross in a gap between two columns: pairs whose order flips
    /// from one side to the other (`a` left, `b` right: a_i < a_j but b_i > b_j; a tie on either
    /// side is no crossing, as arrows out of one box fan out).
    ///
    /// O(n log n) for n links (Kendall's tau distance): sort by (a, b), then for each link count
    /// the earlier links with a larger b, with a Fenwick tree over the ranks of b.
    static func crossingPairs(_ links: [(a: Double, b: Double)]) -> Int {
        guard links.count > 1 else { return 0 }
        let sorted = links.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
        let ranks = Dictionary(zip(Set(links.map(\.b)).sorted(), 1...), uniquingKeysWith: { first, _ in first })
        var tree = [Int](repeating: 0, count: ranks.count + 1)
        var count = 0
        for (index, link) in sorted.enumerated() {
            let rank = ranks[link.b]!
            // Earlier links with b ≤ this one's.
            var notAbove = 0
            var i = rank
            while i > 0 {
                notAbove += tree[i]
                i -= i & -i
            }
            count += index - notAbove
            i = rank
            while i < tree.count {
                tree[i] += 1
                i += i & -i
            }
        }
        return count
    }
}
