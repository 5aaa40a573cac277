import Foundation
#if canImport(Synchronization)
import Synchronization
#endif

/// Runs blocked matrix products, reusing packing buffers across calls, and shares large ones
/// with one persistent helper thread.
///
/// A shared product is cut into blocks of whole rows or whole columns (whole register tiles);
/// the calling thread and the helper take blocks one at a time until none are left, each with
/// its own packing buffer. Every element is still one fused multiply-add chain in order of k
/// (see `Matrix`), so the result is the same, bit for bit, whoever computes which block. If the
/// helper is busy or descheduled, the caller simply computes more blocks (or all of them).
final class MatrixWorkers: @unchecked Sendable {
    static let shared = MatrixWorkers()

    /// Products with fewer multiply-adds than this run on the calling thread alone.
    static let sharingThreshold = 1 << 17
    /// At most this many blocks per shared product.
    static let maxBlocks = 8

    private let lock = NSLock()
    /// Packing buffers not in use; each holds `Operands.packingCount` numbers.
    private var free: [UnsafeMutablePointer<Double>] = []

    func takeBuffer() -> UnsafeMutablePointer<Double> {
        lock.lock()
        defer { lock.unlock() }
        if let buffer = free.popLast() { return buffer }
        return UnsafeMutablePointer<Double>.allocate(capacity: Operands.packingCount)
    }

    func giveBack(_ buffer: UnsafeMutablePointer<Double>) {
        lock.lock()
        free.append(buffer)
        lock.unlock()
    }

    /// Computes `product`, sharing it with the helper thread when it is large and the helper is free.
    func run(_ product: Operands) {
        #if canImport(Synchronization)
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *),
           product.m * product.n * product.k >= MatrixWorkers.sharingThreshold,
           let helper = HelperThread.shared {
            let blocks = MatrixWorkers.blocks(of: product, count: MatrixWorkers.maxBlocks)
            if blocks.count > 1, helper.run(SharedProduct(blocks: blocks, workers: self)) { return }
        }
        #endif
        let buffer = takeBuffer()
        product.multiplyBlocked(packing: buffer)
        giveBack(buffer)
    }

    /// The product cut into at most `count` blocks of whole register tiles, across the dimension
    /// with more tiles (rows on a tie), as evenly as tiles allow.
    static func blocks(of product: Operands, count: Int) -> [Operands] {
        let rowTiles = (product.m + Operands.tileRows - 1) / Operands.tileRows
        let columnTiles = (product.n + Operands.tileColumns - 1) / Operands.tileColumns
        let byRows = rowTiles >= columnTiles
        let tiles = byRows ? rowTiles : columnTiles
        let pieces = Swift.min(count, tiles)
        return (0..<pieces).map { piece in
            let (first, last) = (piece * tiles / pieces, (piece + 1) * tiles / pieces)
            return byRows
                ? product.rows((first * Operands.tileRows)..<Swift.min(last * Operands.tileRows, product.m))
                : product.columns((first * Operands.tileColumns)..<Swift.min(last * Operands.tileColumns, product.n))
        }
    }
}

#if canImport(Synchronization)
/// The blocks of one shared product and who has taken which.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class SharedProduct: @unchecked Sendable {
    let blocks: [Operands]
    let workers: MatrixWorkers
    /// The next block to take.
    let next = Atomic<Int>(0)
    /// Blocks finished so far.
    let finished = Atomic<Int>(0)

    init(blocks: [Operands], workers: MatrixWorkers) {
        self.blocks = blocks
        self.workers = workers
    }

    /// Takes and computes blocks until none are left.
    func work() {
        var buffer: UnsafeMutablePointer<Double>?
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < blocks.count else { break }
            if buffer == nil { buffer = workers.takeBuffer() }
            blocks[index].multiplyBlocked(packing: buffer!)
            finished.wrappingAdd(1, ordering: .releasing)
        }
        if let buffer { workers.giveBack(buffer) }
    }
}

/// One thread that waits for shared products: it spins for a short while after each (products
/// come in quick succession during a training step, and waking a sleeping thread costs tens of
/// microseconds), then sleeps until the next.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class HelperThread: @unchecked Sendable {
    /// Nil on a single-core machine, or when the environment sets `STEPWISE_THREADS=1`.
    static let shared: HelperThread? = {
        let wanted = ProcessInfo.processInfo.environment["STEPWISE_THREADS"].flatMap { Int($0) } ?? 2
        return ProcessInfo.processInfo.activeProcessorCount >= 2 && wanted >= 2 ? HelperThread() : nil
    }()

    /// How long the helper spins after a product before it sleeps.
    static let spinNanoseconds: UInt64 = 500_000

    private enum State: Int {
        /// Free: a caller may claim it.
        case idle
        /// A caller is handing over a product.
        case claimed
        /// A product waits for the helper.
        case posted
        /// The helper is working on a product.
        case running
    }

    private let state = Atomic<Int>(State.idle.rawValue)
    /// Written by the caller between `claimed` and `posted`, read by the helper after `running`.
    private var product: SharedProduct?
    private let wakeUp = NSCondition()
    /// Guarded by `wakeUp`.
    private var sleeping = false

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "stepwise-matrix-helper"
        thread.start()
    }

    /// After the caller has waited this long for the helper's last block (the other core is busy
    /// with something else), products are not shared for `backOffNanoseconds`.
    static let stallNanoseconds: UInt64 = 200_000
    static let backOffNanoseconds: UInt64 = 100_000_000

    /// Until when products are not shared (uptime nanoseconds; 0 for no back-off).
    private let backOffUntil = Atomic<UInt64>(0)

    /// Computes `shared` with the helper's help; false (nothing done) when the helper is taken,
    /// or recently kept the caller waiting.
    func run(_ shared: SharedProduct) -> Bool {
        guard state.compareExchange(expected: State.idle.rawValue, desired: State.claimed.rawValue,
                                    ordering: .acquiring).exchanged else { return false }
        let backOff = backOffUntil.load(ordering: .relaxed)
        if backOff != 0, DispatchTime.now().uptimeNanoseconds < backOff {
            state.store(State.idle.rawValue, ordering: .releasing)
            return false
        }
        product = shared
        state.store(State.posted.rawValue, ordering: .releasing)
        wakeUp.lock()
        if sleeping { wakeUp.signal() }
        wakeUp.unlock()

        shared.work()
        // Wait for blocks the helper is still computing. Spinning keeps this core; once the
        // helper looks descheduled, stop sharing for a while and yield the core to it.
        var spins = 0
        var waitStart: UInt64 = 0
        while shared.finished.load(ordering: .acquiring) < shared.blocks.count {
            spins += 1
            guard spins % 256 == 0 else { continue }
            let now = DispatchTime.now().uptimeNanoseconds
            if waitStart == 0 { waitStart = now }
            if now - waitStart > HelperThread.stallNanoseconds {
                backOffUntil.store(now + HelperThread.backOffNanoseconds, ordering: .relaxed)
                sched_yield()
            }
        }
        // If the helper never started, take the product back; otherwise it frees itself once it
        // sees no blocks are left (it touches no matrix after that).
        if state.compareExchange(expected: State.posted.rawValue, desired: State.claimed.rawValue,
                                 ordering: .acquiring).exchanged {
            product = nil
            state.store(State.idle.rawValue, ordering: .releasing)
        }
        return true
    }

    private func loop() {
        while true {
            let spinUntil = DispatchTime.now().uptimeNanoseconds + HelperThread.spinNanoseconds
            var spins = 0
            while !state.compareExchange(expected: State.posted.rawValue, desired: State.running.rawValue,
                                         ordering: .acquiring).exchanged {
                spins += 1
                guard spins % 256 == 0, DispatchTime.now().uptimeNanoseconds > spinUntil else { continue }
                wakeUp.lock()
                sleeping = true
                while state.load(ordering: .acquiring) != State.posted.rawValue { wakeUp.wait() }
                sleeping = false
                wakeUp.unlock()
            }
            let shared = product
            product = nil
            shared?.work()
            state.store(State.idle.rawValue, ordering: .releasing)
        }
    }
}
#endif
