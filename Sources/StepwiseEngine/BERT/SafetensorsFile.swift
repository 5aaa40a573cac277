import Foundation
import StepwiseTrace
#if canImport(Glibc)
import Glibc
#endif

/// A `.safetensors` file (Hugging Face's format), memory-mapped and read lazily:
///
///     [8 bytes: header length n, little-endian u64][n bytes: JSON header][tensor bytes]
///
/// The header maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`, the
/// offsets relative to the end of the header (`__metadata__` is skipped). Every entry is checked
/// when the file is opened — the header length against the file size before anything is
/// allocated, a known dtype, offsets inside the file, and `end − begin` equal to the shape's
/// element count times the dtype's size — so reading a tensor later cannot go out of bounds.
/// Only F32 and F64 (little-endian) are converted to Double.
public final class SafetensorsFile {
    /// One tensor's header entry.
    public struct Entry: Sendable {
        public let dtype: String
        public let shape: [Int]
        /// Byte range within the data section (after the header).
        let begin: Int
        let end: Int
    }

    /// The path the errors name.
    public let path: String
    public let entries: [String: Entry]
    private let mapping: UnsafeRawBufferPointer
    private let dataStart: Int

    /// Bytes per element of every dtype the format defines (safetensors 0.4).
    static let dtypeSizes: [String: Int] = [
        "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
        "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8,
    ]

    /// The largest header this reader accepts (the format's own limit is 100 MB).
    static let maxHeaderBytes = 100_000_000

    /// Opens and maps `url`, checking the header. Throws `CheckpointError` naming the file.
    public init(url: URL, shownAs path: String) throws {
        self.path = path
        func fail(_ message: String, _ location: String = "") -> CheckpointError {
            CheckpointError(file: path, location: location, message: message)
        }
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw fail("cannot be opened (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw fail("is not a regular file")
        }
        let size = Int(status.st_size)
        guard size >= 8 else { throw fail("truncated: \(size) bytes, fewer than the 8-byte header length") }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else {
            throw fail("cannot be memory-mapped (\(String(cString: strerror(errno))))")
        }
        let mapping = UnsafeRawBufferPointer(start: base, count: size)
        do {
            let declared = mapping.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
            guard declared <= UInt64(size - 8) else {
                throw fail("truncated header: it declares \(declared) bytes, but only \(size - 8) follow the length")
            }
            guard declared <= UInt64(Self.maxHeaderBytes) else {
                throw fail("header of \(declared) bytes is larger than the limit of \(Self.maxHeaderBytes)")
            }
            let headerLength = Int(declared)
            let header = Data(bytes: base + 8, count: headerLength)
            self.dataStart = 8 + headerLength
            self.entries = try Self.parseHeader(header, dataBytes: size - 8 - headerLength, fail: fail)
        } catch {
            munmap(base, size)
            throw error
        }
        self.mapping = mapping
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: mapping.baseAddress), mapping.count)
    }

    private static func parseHeader(
        _ header: Data, dataBytes: Int, fail: (String, String) -> CheckpointError
    ) throws -> [String: Entry] {
        guard let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw fail("header is not a JSON object", "")
        }
        var entries: [String: Entry] = [:]
        for (name, value) in object where name != "__metadata__" {
            guard let fields = value as? [String: Any], let dtype = fields["dtype"] as? String,
                  let shapeNumbers = fields["shape"] as? [NSNumber], let offsets = fields["data_offsets"] as? [NSNumber],
                  offsets.count == 2 else {
                throw fail("expected {\"dtype\", \"shape\", \"data_offsets\": [begin, end]}", name)
            }
            guard let elementSize = dtypeSizes[dtype] else {
                throw fail("unknown dtype \"\(dtype)\" (expected one of \(dtypeSizes.keys.sorted().joined(separator: ", ")))", name)
            }
            guard let shape = integers(shapeNumbers), shape.allSatisfy({ $0 >= 0 }), let count = CheckedSize.product(shape) else {
                throw fail("shape \(shapeNumbers) is not a list of sizes that fits in memory", name)
            }
            guard let range = integers(offsets) else { throw fail("data_offsets \(offsets) are not integers", name) }
            let begin = range[0], end = range[1]
            guard begin >= 0, begin <= end else { throw fail("data_offsets [\(begin), \(end)] are not in order", name) }
            guard end <= dataBytes else {
                throw fail("data_offsets end \(end) is past the end of the data (\(dataBytes) bytes)", name)
            }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
            guard !overflow, bytes == end - begin else {
                throw fail("data_offsets [\(begin), \(end)] hold \(end - begin) bytes, but \(dtype) \(shape) needs \(count) × \(elementSize)", name)
            }
            entries[name] = Entry(dtype: dtype, shape: shape, begin: begin, end: end)
        }
        return entries
    }

    /// The numbers as Ints, or nil when one is not an integer that fits.
    private static func integers(_ numbers: [NSNumber]) -> [Int]? {
        var result: [Int] = []
        for number in numbers {
            let value = number.doubleValue
            guard value == value.rounded(), Swift.abs(value) < 9e15 else { return nil }
            result.append(Int(value))
        }
        return result
    }

    /// The tensor `name` converted to Double, `[shape]`; only F32 and F64 are read.
    public func tensor(_ name: String) throws -> Tensor {
        guard let entry = entries[name] else { throw CheckpointError(file: path, location: name, message: "missing tensor") }
        return try rows(name, 0..<(entry.shape.first ?? 1))
    }

    /// Rows `range` of the leading axis of tensor `name`, as Double: `[range.count, rest…]`
    /// (an embedding table's rows without converting the whole table).
    public func rows(_ name: String, _ range: Range<Int>) throws -> Tensor {
        guard let entry = entries[name] else { throw CheckpointError(file: path, location: name, message: "missing tensor") }
        let rowCount = entry.shape.first ?? 1
        precondition(range.lowerBound >= 0 && range.upperBound <= rowCount, "rows \(range) of \(name) \(entry.shape)")
        let rowLength = entry.shape.isEmpty ? 1 : entry.shape.dropFirst().reduce(1, *)
        let start = dataStart + entry.begin, first = range.lowerBound * rowLength, count = range.count * rowLength
        let data: [Double]
        switch entry.dtype {
        case "F32":
            data = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    let bits = mapping.loadUnaligned(fromByteOffset: start + 4 * (first + index), as: UInt32.self)
                    buffer[index] = Double(Float(bitPattern: UInt32(littleEndian: bits)))
                }
                initialized = count
            }
        case "F64":
            data = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                for index in 0..<count {
                    let bits = mapping.loadUnaligned(fromByteOffset: start + 8 * (first + index), as: UInt64.self)
                    buffer[index] = Double(bitPattern: UInt64(littleEndian: bits))
                }
                initialized = count
            }
        default:
            throw CheckpointError(file: path, location: name, message: "dtype \(entry.dtype) is not supported (expected F32 or F64)")
        }
        let shape = entry.shape.isEmpty ? [] : [range.count] + entry.shape.dropFirst()
        return Tensor(shape: shape, data: data)
    }
}
