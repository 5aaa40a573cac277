import Foundation

/// Runs blocked matrix products, reusing packing buffers across calls.
final class MatrixWorkers: @unchecked Sendable {
    static let shared = MatrixWorkers()

    private let lock = NSLock()
    /// Packing buffers not in use; each holds `Operands.packingCount` numbers.
    private var free: [UnsafeMutablePointer<Double>] = []

    private func takeBuffer() -> UnsafeMutablePointer<Double> {
        lock.lock()
        defer { lock.unlock() }
        if let buffer = free.popLast() { return buffer }
        return UnsafeMutablePointer<Double>.allocate(capacity: Operands.packingCount)
    }

    private func giveBack(_ buffer: UnsafeMutablePointer<Double>) {
        lock.lock()
        free.append(buffer)
        lock.unlock()
    }

    /// Computes `product`.
    func run(_ product: Operands) {
        let buffer = takeBuffer()
        product.multiplyBlocked(packing: buffer)
        giveBack(buffer)
    }
}
