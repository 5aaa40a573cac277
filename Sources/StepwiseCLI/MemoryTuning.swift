#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for training runs.
enum MemoryTuning {
    /// A training step allocates every tensor afresh (each value and gradient is kept for the
    /// trace), many of them hundreds of kilobytes. By default glibc serves such blocks with
    /// `mmap` and returns them to the system on `free`, so the next step page-faults them in
    /// again (about a tenth of a CNN step). Raising glibc's mmap and trim thresholds keeps freed
    /// blocks in the heap for the next step. Only the allocator's policy changes, never a result.
    /// Elsewhere (macOS, musl) this does nothing.
    static func keepFreedMemoryForReuse() {
        #if canImport(Glibc)
        // `mallopt` is in <malloc.h>, which Swift's Glibc module does not export.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 64 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
        #endif
    }
}
