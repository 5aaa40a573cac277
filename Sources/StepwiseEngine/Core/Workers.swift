import Foundation
#if canImport(Synchronization)
import Synchronization
#endif

/// Splits large work between the calling thread and one persistent helper thread.
///
/// Work is a number of independent blocks (rows of a matrix product, a range of numbers of an
/// elementwise update, a sample of a batch); the calling thread and the helper take blocks one
/// at a time from an atomic counter until none are left. A block's numbers are computed the
/// same way whoever computes it, and no two blocks write the same number, so results are the
/// same, bit for bit, shared or not. If the helper is busy or descheduled, the caller simply
/// computes more blocks (or all of them).
enum Workers {
    /// Runs `body(0)`, …, `body(count − 1)`, sharing them with the helper when `shared` is
    /// true and the helper is free; otherwise, in order on this thread. Returns when all are done.
    static func forEachBlock(_ count: Int, shared: Bool = true, _ body: @escaping (Int) -> Void) {
        #if canImport(Synchronization)
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *), shared, count > 1,
           let helper = HelperThread.shared, helper.run(SharedWork(count: count, body: body)) {
            return
        }
        #endif
        for block in 0..<count { body(block) }
    }

    /// Whether a helper thread exists (more than one core, and `STEPWISE_THREADS` not 1): work
    /// split for two threads then runs side by side (unless the helper is busy).
    static var hasHelper: Bool {
        #if canImport(Synchronization)
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) { return HelperThread.shared != nil }
        #endif
        return false
    }

    /// Ranges that cut `0..<count` into at most `blocks` pieces of about equal size, each a
    /// multiple of `multiple` long except the last.
    static func ranges(_ count: Int, blocks: Int, multiple: Int = 1) -> [Range<Int>] {
        let units = (count + multiple - 1) / multiple
        let pieces = Swift.max(1, Swift.min(blocks, units))
        return (0..<pieces).map { piece in
            (piece * units / pieces * multiple)..<Swift.min((piece + 1) * units / pieces * multiple, count)
        }
    }
}

/// Runs blocked matrix products, reusing packing buffers across calls, and shares large ones
/// with the helper thread.
///
/// A shared product is cut into blocks of whole rows or whole columns (whole register tiles),
/// each computed with its own packing buffer. Every element is still one fused multiply-add
/// chain in order of k (see `Matrix`), whoever computes its block.
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

    /// Computes `product`, sharing it with the helper thread when it is large. A transposed B
    /// is first transposed once into plain rows, so that no block packs it again (packing a
    /// transposed B, a strided copy, cost more than the multiply-adds of a 169 × 64 · 64 × 288
    /// product; the blocks of a shared product each packed it). Same products, same numbers.
    func run(_ product: Operands) {
        if product.transposeB, product.m < Operands.tileRows, product.n >= Operands.tileRows,
           product.transposeA || product.lda == product.k {
            return runSwapped(product)
        }
        if product.transposeB {
            let (k, n) = (product.k, product.n)
            let plainB = UnsafeMutablePointer<Double>.allocate(capacity: k * n)
            defer { plainB.deallocate() }
            // op(B) is B stored [n, k], transposed.
            precondition(product.ldb == k, "a whole product's transposed B has rows of k numbers")
            Matrix.transpose(product.b, rows: n, columns: k, into: plainB)
            var plain = product
            (plain.b, plain.ldb, plain.transposeB) = (UnsafePointer(plainB), n, false)
            return runPlain(plain)
        }
        runPlain(product)
    }

    /// `run` for a product of fewer rows than a register tile with a transposed B (a dense
    /// layer's input gradient g · Wᵀ over a small batch): computed as its transpose, Cᵀ =
    /// op(B)ᵀ · op(A)ᵀ, in which B is read as it is stored, so only A's few rows and C's are
    /// transposed instead of all of B (transposing B, 64 × 1024 for the CIFAR CNN's first dense
    /// layer, had cost more than the product). Each number is the same chain: the same terms in
    /// the same order of k, each product with its factors swapped, which gives the same bytes.
    private func runSwapped(_ product: Operands) {
        let (m, n, ldc) = (product.m, product.n, product.ldc)
        let transposed = UnsafeMutablePointer<Double>.allocate(capacity: n * m)
        defer { transposed.deallocate() }
        if product.continuing { Matrix.transpose(product.c, rows: m, columns: n, lda: ldc, into: transposed) }
        // op(B)ᵀ is B as stored, [n, k]; op(A)ᵀ is A's storage read the other way round.
        run(Operands(a: product.b, lda: product.ldb, transposeA: false,
                     b: product.a, ldb: product.lda, transposeB: !product.transposeA,
                     c: transposed, ldc: m, m: n, n: m, k: product.k, continuing: product.continuing))
        Matrix.transpose(transposed, rows: n, columns: m, into: product.c, ldt: ldc)
    }

    /// `run` for a product whose B is not transposed.
    private func runPlain(_ product: Operands) {
        let large = product.m * product.n * product.k >= MatrixWorkers.sharingThreshold
        let blocks = large ? MatrixWorkers.blocks(of: product, count: MatrixWorkers.maxBlocks) : [product]
        Workers.forEachBlock(blocks.count, shared: large) { index in
            let buffer = self.takeBuffer()
            blocks[index].multiplyBlocked(packing: buffer)
            self.giveBack(buffer)
        }
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
/// The blocks of one piece of shared work and who has taken which.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class SharedWork: @unchecked Sendable {
    let count: Int
    /// Computes one block; only called for blocks taken from `next`, so never after the last
    /// block is finished.
    private let body: (Int) -> Void
    /// The next block to take.
    private let next = Atomic<Int>(0)
    /// Blocks finished so far.
    let finished = Atomic<Int>(0)

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
    }

    /// Blocks the helper computed, and the time it took for them (written before `finished`).
    let helperBlocks = Atomic<Int>(0)
    let helperNanoseconds = Atomic<UInt64>(0)

    /// Takes and computes blocks until none are left, or `blocks` of them; returns how many and
    /// how long they took.
    @discardableResult
    func work(blocks: Int = .max, byHelper: Bool = false) -> (blocks: Int, nanoseconds: UInt64) {
        var done = 0
        var nanoseconds: UInt64 = 0
        while done < blocks {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { break }
            let start = DispatchTime.now().uptimeNanoseconds
            body(index)
            let time = DispatchTime.now().uptimeNanoseconds - start
            if byHelper {
                helperBlocks.wrappingAdd(1, ordering: .relaxed)
                helperNanoseconds.wrappingAdd(time, ordering: .relaxed)
            }
            finished.wrappingAdd(1, ordering: .releasing)
            done += 1
            nanoseconds += time
        }
        return (done, nanoseconds)
    }
}

/// One thread that waits for shared work: it spins for a short while after each piece (pieces
/// come in quick succession during a training step, and waking a sleeping thread costs tens of
/// microseconds), then sleeps until the next.
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class HelperThread: @unchecked Sendable {
    /// Nil on a single-core machine, or when the environment sets `STEPWISE_THREADS=1`.
    static let shared: HelperThread? = {
        let wanted = ProcessInfo.processInfo.environment["STEPWISE_THREADS"].flatMap { Int($0) } ?? 2
        return ProcessInfo.processInfo.activeProcessorCount >= 2 && wanted >= 2 ? HelperThread() : nil
    }()

    /// How long the helper spins after a piece of work before it sleeps.
    static let spinNanoseconds: UInt64 = 2_000_000

    private enum State: Int {
        /// Free: a caller may claim it.
        case idle
        /// A caller is handing over work.
        case claimed
        /// Work waits for the helper.
        case posted
        /// The helper is working.
        case running
    }

    private let state = Atomic<Int>(State.idle.rawValue)
    /// Written by the caller between `claimed` and `posted`, read by the helper after `running`.
    /// Not owning: the caller keeps the work alive until the helper is done with it (an owning
    /// reference here would leave the retain to the optimizer, which may move it past the
    /// atomic store that hands the work over).
    private var work: Unmanaged<SharedWork>?
    private let wakeUp = NSCondition()
    /// Guarded by `wakeUp`.
    private var sleeping = false

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "stepwise-matrix-helper"
        thread.start()
    }

    /// A caller waiting for the helper's last blocks yields its core after this long (the
    /// helper may be waiting for this very core).
    static let yieldNanoseconds: UInt64 = 50_000
    /// A helper taking on average more than twice the caller's time per block, plus this, is left
    /// out of all work for `backOffNanoseconds`.
    static let toleranceNanoseconds: UInt64 = 20_000
    static let backOffNanoseconds: UInt64 = 50_000_000

    /// Until when work is not shared (uptime nanoseconds; 0 for no back-off).
    private let backOffUntil = Atomic<UInt64>(0)

    /// Does `shared` with the helper's help; false (nothing done) when the helper is taken,
    /// or recently kept the caller waiting.
    func run(_ shared: SharedWork) -> Bool {
        guard state.compareExchange(expected: State.idle.rawValue, desired: State.claimed.rawValue,
                                    ordering: .acquiring).exchanged else { return false }
        let backOff = backOffUntil.load(ordering: .relaxed)
        if backOff != 0, DispatchTime.now().uptimeNanoseconds < backOff {
            state.store(State.idle.rawValue, ordering: .releasing)
            return false
        }
        work = Unmanaged.passUnretained(shared)
        state.store(State.posted.rawValue, ordering: .releasing)
        wakeUp.lock()
        if sleeping { wakeUp.signal() }
        wakeUp.unlock()

        // One block first; a helper that has not started by then (asleep, or its core busy with
        // another program) is left out, so it can never hold up the rest.
        let first = shared.work(blocks: 1)
        if state.compareExchange(expected: State.posted.rawValue, desired: State.claimed.rawValue,
                                 ordering: .acquiring).exchanged {
            shared.work()
            work = nil
            state.store(State.idle.rawValue, ordering: .releasing)
            return true
        }
        let rest = shared.work()
        // Wait until the helper has finished its blocks and let go of the work (yielding this
        // core after a while: the helper may have been descheduled in the middle of a block).
        let waitStart = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while shared.finished.load(ordering: .acquiring) < shared.count
                || state.load(ordering: .acquiring) == State.running.rawValue {
            spins += 1
            guard spins % 256 == 0 else { continue }
            if DispatchTime.now().uptimeNanoseconds - waitStart > HelperThread.yieldNanoseconds { sched_yield() }
        }
        // A helper much slower per block than this thread (its core is shared with another
        // program, or it was descheduled) is left out of all work for a while.
        let helperBlocks = UInt64(shared.helperBlocks.load(ordering: .relaxed))
        let ownBlocks = UInt64(first.blocks + rest.blocks)
        if helperBlocks > 0, ownBlocks > 0 {
            let helperTime = shared.helperNanoseconds.load(ordering: .relaxed)
            let ownPace = (first.nanoseconds + rest.nanoseconds) / ownBlocks
            if helperTime > helperBlocks * (2 * ownPace + HelperThread.toleranceNanoseconds) {
                backOffUntil.store(DispatchTime.now().uptimeNanoseconds + HelperThread.backOffNanoseconds, ordering: .relaxed)
            }
        }
        return true
    }

    private func loop() {
        while true {
            let spinUntil = DispatchTime.now().uptimeNanoseconds + HelperThread.spinNanoseconds
            var spins = 0
            while !(state.load(ordering: .relaxed) == State.posted.rawValue
                    && state.compareExchange(expected: State.posted.rawValue, desired: State.running.rawValue,
                                             ordering: .acquiring).exchanged) {
                spins += 1
                guard spins % 64 == 0 else { continue }
                guard DispatchTime.now().uptimeNanoseconds > spinUntil else {
                    // Spinning, but never in the way of a thread that could run on this core
                    // (the caller itself, when the machine is busy).
                    sched_yield()
                    continue
                }
                wakeUp.lock()
                sleeping = true
                while state.load(ordering: .acquiring) != State.posted.rawValue { wakeUp.wait() }
                sleeping = false
                wakeUp.unlock()
            }
            let shared = work
            work = nil
            shared?._withUnsafeGuaranteedRef { $0.work(byHelper: true) }
            state.store(State.idle.rawValue, ordering: .releasing)
        }
    }
}
#endif
