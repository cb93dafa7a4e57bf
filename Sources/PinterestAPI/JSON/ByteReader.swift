import Foundation

/// Bytes from a file (through a fixed-size buffer) or from memory, with the offset of each.
///
/// Not `Sendable`: one parser owns one reader.
final class ByteReader {
    private let handle: FileHandle?
    /// Set while the file is still being downloaded: the end of the file is then not the end of
    /// the input until the download says so.
    private let progress: DownloadProgress?
    private let bufferSize: Int
    private var buffer: [UInt8]
    private var position = 0
    private var bufferStart: Int64 = 0
    private var exhausted: Bool

    /// Reads `handle` `bufferSize` bytes at a time; memory stays bounded by the buffer. With
    /// `progress`, reaching the end of the file waits for the download to write more or end
    /// (and throws the download's error if it failed).
    init(handle: FileHandle, bufferSize: Int = 64 * 1024, progress: DownloadProgress? = nil) {
        self.handle = handle
        self.progress = progress
        self.bufferSize = max(bufferSize, 1)
        self.buffer = []
        self.exhausted = false
    }

    init(data: Data) {
        self.handle = nil
        self.progress = nil
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

    /// Offers the unread bytes of the buffer (reading more first if none are left) to `body`;
    /// when it returns a value and a count, that many bytes are consumed. Nil leaves the reader
    /// where it was.
    func withUnreadBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> (T, Int)?) throws -> T? {
        if position >= buffer.count {
            guard try refill() else { return nil }
        }
        let start = position
        guard let (value, consumed) = try buffer.withUnsafeBufferPointer({ try body(UnsafeBufferPointer(rebasing: $0[start...])) })
        else { return nil }
        position += consumed
        return value
    }

    /// Appends the bytes of a string's plain run (up to a quote, backslash or control byte) to
    /// `out`; returns the byte that stopped the run, not consumed, or nil at the end of input.
    /// Stops early (returning the next byte, not consumed) once `out` holds more than `limit` bytes.
    func appendStringRun(to out: inout [UInt8], limit: Int = .max) throws -> UInt8? {
        while true {
            if out.count > limit { return try peek() ?? 0 }
            if position >= buffer.count {
                guard try refill() else { return nil }
            }
            let start = position
            let end = buffer.withUnsafeBufferPointer { bytes -> Int in
                var index = start
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
                    index += 1
                }
                return index
            }
            out.append(contentsOf: buffer[start..<end])
            position = end
            if end < buffer.count { return buffer[end] }
        }
    }

    /// Appends ASCII digits to `out`; returns how many.
    func appendDigits(to out: inout [UInt8], limit: Int = .max) throws -> Int {
        var total = 0
        while true {
            if out.count > limit { return total }
            if position >= buffer.count {
                guard try refill() else { return total }
            }
            let start = position
            let end = buffer.withUnsafeBufferPointer { bytes -> Int in
                var index = start
                while index < bytes.count, bytes[index] &- 48 < 10 { index += 1 }
                return index
            }
            out.append(contentsOf: buffer[start..<end])
            total += end - start
            position = end
            if end < buffer.count { return total }
        }
    }

    private func refill() throws -> Bool {
        guard !exhausted, let handle else { return false }
        bufferStart += Int64(buffer.count)
        position = 0
        var count = try read(handle)
        // Caught up with a download in progress: wait for more, then read again.
        while count == 0, let progress, try progress.waitForBytes(beyond: bufferStart) {
            count = try read(handle)
        }
        if count == 0 {
            buffer = []
            exhausted = true
            return false
        }
        return true
    }

    /// Reads straight into `buffer` (one copy, from the kernel; `FileHandle.read` would make two
    /// more, through a `Data`), leaving it holding what was read; returns how many bytes.
    private func read(_ handle: FileHandle) throws -> Int {
        let descriptor = handle.fileDescriptor, size = bufferSize
        var failure: Int32 = 0
        buffer = [UInt8](unsafeUninitializedCapacity: size) { bytes, count in
            while true {
                let result = Foundation.read(descriptor, bytes.baseAddress, size)
                if result >= 0 { count = result; return }
                if errno != EINTR { failure = errno; count = 0; return }
            }
        }
        if failure != 0 { throw ReadFailure(code: failure) }
        return buffer.count
    }
}

/// A `read(2)` of the input failed; `code` is its errno.
struct ReadFailure: Error {
    let code: Int32
    var description: String { String(cString: strerror(code)) }
}
