import Foundation

/// Bytes from a file (through a fixed-size buffer) or from memory, with the offset of each.
///
/// Not `Sendable`: one parser owns one reader.
final class ByteReader {
    private let handle: FileHandle?
    private let bufferSize: Int
    private var buffer: [UInt8]
    private var position = 0
    private var bufferStart: Int64 = 0
    private var exhausted: Bool

    /// Reads `handle` `bufferSize` bytes at a time; memory stays bounded by the buffer.
    init(handle: FileHandle, bufferSize: Int = 64 * 1024) {
        self.handle = handle
        self.bufferSize = max(bufferSize, 1)
        self.buffer = []
        self.exhausted = false
    }

    init(data: Data) {
        self.handle = nil
        self.bufferSize = 0
        self.buffer = [UInt8](data)
        self.exhausted = true
    }

    /// Offset of the next byte from the start of the input.
    var offset: Int64 { bufferStart + Int64(position) }

    @inline(__always)
    func peek() throws -> UInt8? {
        if position < buffer.count { return buffer[position] }
        guard try refill() else { return nil }
        return buffer[position]
    }

    @inline(__always)
    func next() throws -> UInt8? {
        if position < buffer.count {
            defer { position += 1 }
            return buffer[position]
        }
        guard try refill() else { return nil }
        position += 1
        return buffer[position - 1]
    }

    private func refill() throws -> Bool {
        guard !exhausted, let handle else { return false }
        bufferStart += Int64(buffer.count)
        position = 0
        let chunk = try handle.read(upToCount: bufferSize) ?? Data()
        if chunk.isEmpty {
            buffer = []
            exhausted = true
            return false
        }
        buffer = [UInt8](chunk)
        return true
    }
}
