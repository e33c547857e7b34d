/// Calls `body` with C string pointers for `strings` (`nil` stays `nil`), all backed by one contiguous
/// buffer that lives exactly as long as the call. The pointers must not escape `body`.
func withCStringArray<Result>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) throws -> Result) rethrows -> Result {
    var buffer: [CChar] = []
    buffer.reserveCapacity(strings.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 })
    var offsets: [Int] = []
    offsets.reserveCapacity(strings.count)
    for string in strings {
        guard let string else {
            offsets.append(-1)
            continue
        }
        offsets.append(buffer.count)
        for byte in string.utf8 { buffer.append(CChar(bitPattern: byte)) }
        buffer.append(0)
    }
    return try buffer.withUnsafeBufferPointer { base in
        let pointers: [UnsafePointer<CChar>?] = offsets.map { $0 < 0 ? nil : base.baseAddress! + $0 }
        return try body(pointers)
    }
}
