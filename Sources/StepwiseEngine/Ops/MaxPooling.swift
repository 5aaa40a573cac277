/// The inner loops of `maxPool2d`: each window's winners, and the gradient sent back to them.
///
/// Channels are handled eight at a time, each output pixel's best values kept in registers
/// while its window's cells are read, and stored once.
enum MaxPooling {
    typealias Eight = SIMD8<Double>
    private static let lanes = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7)

    /// For one window of `x` (top-left cell's first channel at `corner`, its cells at `cells`
    /// from there, in row-major order): each of the `channels` channels' largest value into
    /// `best` and the flat index of the cell holding it into `winner`. The first cell in
    /// row-major order wins a tie, and a NaN wins over numbers.
    @inline(__always)
    static func winners(
        of x: UnsafePointer<Double>, corner: Int, cells: [Int], channels: Int,
        best: UnsafeMutablePointer<Double>, winner: UnsafeMutablePointer<Int>
    ) {
        var c = 0
        while c + 8 <= channels {
            var top = load(x + corner + c)
            var index = lanes &+ Int64(corner + c)
            for offset in cells.dropFirst() {
                let candidate = load(x + corner + offset + c)
                let wins = (candidate .> top) .| ((candidate .!= candidate) .& (top .== top))
                top.replace(with: candidate, where: wins)
                index.replace(with: lanes &+ Int64(corner + offset + c), where: wins)
            }
            UnsafeMutableRawPointer(best + c).storeBytes(of: top, as: Eight.self)
            UnsafeMutableRawPointer(winner + c).storeBytes(of: index, as: SIMD8<Int64>.self)
            c += 8
        }
        while c < channels {
            var (top, index) = (x[corner + c], corner + c)
            for offset in cells.dropFirst() {
                let candidate = x[corner + offset + c]
                if candidate > top || (candidate.isNaN && !top.isNaN) { (top, index) = (candidate, corner + offset + c) }
            }
            (best[c], winner[c]) = (top, index)
            c += 1
        }
    }

    /// The gradient with respect to the pool's input `[batch, H, W, C]` (`inputShape`), from the
    /// output's gradient `grad` and each output's winning cell `winners`: every output's gradient
    /// added onto its winner's, from 0, in output order.
    ///
    /// When windows do not overlap, each cell has at most one output: its gradient is `0 + g`
    /// for a winner (the same addition, so −0 becomes +0 as before) and 0 for the others,
    /// written window by window without clearing the input's gradient first (unless some
    /// cells lie in no window).
    static func inputGradient(
        _ grad: [Double], winners: [Int], inputShape: [Int], _ window: Window2D, cells: [Int]
    ) -> [Double] {
        let count = inputShape.reduce(1, *)
        let channels = inputShape[3]
        if overlapping(window) {
            var gradInput = [Double](repeating: 0, count: count)
            gradInput.withUnsafeMutableBufferPointer { gradInput in
                grad.withUnsafeBufferPointer { grad in
                    for (outputIndex, winner) in winners.enumerated() { gradInput[winner] += grad[outputIndex] }
                }
            }
            return gradInput
        }
        let covered = window.outputHeight * window.strideHeight == window.inputHeight
            && window.outputWidth * window.strideWidth == window.inputWidth
            && window.strideHeight == window.windowHeight && window.strideWidth == window.windowWidth
        return [Double](unsafeUninitializedCapacity: count) { gradInput, initialized in
            guard let target = gradInput.baseAddress else { initialized = 0; return }
            if !covered { target.initialize(repeating: 0, count: count) }
            grad.withUnsafeBufferPointer { grad in
                winners.withUnsafeBufferPointer { winners in
                    guard let grad = grad.baseAddress, let winners = winners.baseAddress else { return }
                    Pooling.forEachWindow(inputShape, window) { outputStart, corner in
                        spread(grad + outputStart, winners: winners + outputStart, corner: corner, cells: cells,
                               channels: channels, into: target)
                    }
                }
            }
            initialized = count
        }
    }

    /// Whether some cells lie in more than one window.
    static func overlapping(_ window: Window2D) -> Bool {
        window.strideHeight < window.windowHeight || window.strideWidth < window.windowWidth
    }

    /// Writes one window's cells of the input's gradient: `0 + g` at each channel's winner, 0 elsewhere.
    @inline(__always)
    private static func spread(
        _ grad: UnsafePointer<Double>, winners: UnsafePointer<Int>, corner: Int, cells: [Int], channels: Int,
        into target: UnsafeMutablePointer<Double>
    ) {
        var c = 0
        while c + 8 <= channels {
            let share = Eight(repeating: 0) + load(grad + c)
            let winner = UnsafeRawPointer(winners + c).loadUnaligned(as: SIMD8<Int64>.self)
            for offset in cells {
                let cell = corner + offset + c
                var value = Eight(repeating: 0)
                value.replace(with: share, where: winner .== lanes &+ Int64(cell))
                UnsafeMutableRawPointer(target + cell).storeBytes(of: value, as: Eight.self)
            }
            c += 8
        }
        while c < channels {
            let share = 0 + grad[c]
            for offset in cells {
                let cell = corner + offset + c
                target[cell] = winners[c] == cell ? share : 0
            }
            c += 1
        }
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Double>) -> Eight {
        UnsafeRawPointer(pointer).loadUnaligned(as: Eight.self)
    }
}
