/// Calls `body` with C string pointers for `strings` (`nil` stays `nil`), all backed by one contiguous
/// buffer that lives exactly as long as the call. The pointers must not escape `body`.
func withCStringArray<Result>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) throws -> Result) rethrows -> Result {
    var buffer: [UInt8] = []
    buffer.reserveCapacity(strings.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 })
    var offsets: [Int] = []
    offsets.reserveCapacity(strings.count)
    for string in strings {
        guard var string else {
            offsets.append(-1)
            continue
        }
        offsets.append(buffer.count)
        // One copy of the whole text (an article's content is many kilobytes), not a byte at a time.
        string.withUTF8 { buffer.append(contentsOf: $0) }
        buffer.append(0)
    }
    return try buffer.withUnsafeBufferPointer { bytes in
        try bytes.withMemoryRebound(to: CChar.self) { base in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { $0 < 0 ? nil : base.baseAddress! + $0 }
            return try body(pointers)
        }
    }
}
