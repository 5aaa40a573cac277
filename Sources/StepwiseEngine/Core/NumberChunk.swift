/// A row's numbers in a chunk of columns, held as vectors of eight: generic `SIMD32` and `SIMD64`
/// arithmetic went through memory, lane by lane, about 30 times slower.
protocol NumberChunk {
    /// Numbers in a chunk.
    static var count: Int { get }
    /// Zeros.
    init()
    /// `count` numbers read from `source`.
    init(_ source: UnsafeRawPointer)
    func store(to target: UnsafeMutableRawPointer)
    /// self + g · other, each number a fused multiply-add.
    func addingProduct(_ g: Double, _ other: Self) -> Self
}

/// 32 numbers as four vectors of eight.
struct Chunk32: NumberChunk {
    var v0 = SIMD8<Double>(), v1 = SIMD8<Double>(), v2 = SIMD8<Double>(), v3 = SIMD8<Double>()
    static var count: Int { 32 }
    init() {}
    @inline(__always) init(_ source: UnsafeRawPointer) {
        v0 = source.loadUnaligned(as: SIMD8<Double>.self)
        v1 = source.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
        v2 = source.loadUnaligned(fromByteOffset: 128, as: SIMD8<Double>.self)
        v3 = source.loadUnaligned(fromByteOffset: 192, as: SIMD8<Double>.self)
    }
    @inline(__always) func store(to target: UnsafeMutableRawPointer) {
        target.storeBytes(of: v0, as: SIMD8<Double>.self)
        target.storeBytes(of: v1, toByteOffset: 64, as: SIMD8<Double>.self)
        target.storeBytes(of: v2, toByteOffset: 128, as: SIMD8<Double>.self)
        target.storeBytes(of: v3, toByteOffset: 192, as: SIMD8<Double>.self)
    }
    @inline(__always) func addingProduct(_ g: Double, _ other: Chunk32) -> Chunk32 {
        var sum = self
        sum.v0 = v0.addingProduct(g, other.v0); sum.v1 = v1.addingProduct(g, other.v1)
        sum.v2 = v2.addingProduct(g, other.v2); sum.v3 = v3.addingProduct(g, other.v3)
        return sum
    }
}

/// 64 numbers as two chunks of 32.
struct Chunk64: NumberChunk {
    var low = Chunk32(), high = Chunk32()
    static var count: Int { 64 }
    init() {}
    @inline(__always) init(_ source: UnsafeRawPointer) {
        low = Chunk32(source)
        high = Chunk32(source + 256)
    }
    @inline(__always) func store(to target: UnsafeMutableRawPointer) {
        low.store(to: target)
        high.store(to: target + 256)
    }
    @inline(__always) func addingProduct(_ g: Double, _ other: Chunk64) -> Chunk64 {
        var sum = self
        sum.low = low.addingProduct(g, other.low)
        sum.high = high.addingProduct(g, other.high)
        return sum
    }
}
