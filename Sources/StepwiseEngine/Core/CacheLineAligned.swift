/// Scratch numbers aligned to a cache line (64 bytes): a vector of eight read or written at a
/// multiple of eight numbers from the start then lies in one line, not across two (each such
/// access costs two).
enum CacheLineAligned {
    /// Room for `count` numbers, uninitialized; free it with `deallocate()`.
    static func allocate(_ count: Int) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Double>.stride, alignment: 64)
            .bindMemory(to: Double.self, capacity: Swift.max(count, 1))
    }
}
