/// The offsets of a template's blank lines (only spaces or tabs, ended by a line break), found on
/// first use: only a missing `}` needs them (E002's hint, W105).
struct BlankLines {
    let lines: [Int]

    init(source src: [UInt8], start: Int) {
        lines = src.withUnsafeBufferPointer { p in
            var result: [Int] = []
            let n = p.count
            func isBreak(_ j: Int) -> Bool { p[j] == 10 || p[j] == 13 }
            // The first line cannot be blank "inside" anything.
            var i = start
            while i < n && !isBreak(i) { i += 1 }
            while i < n {
                // `i` is a line break; a CRLF is one.
                if p[i] == 13 && i + 1 < n && p[i + 1] == 10 { i += 1 }
                let lineStart = i + 1
                var j = lineStart
                while j < n && (p[j] == 32 || p[j] == 9) { j += 1 }
                if j < n && isBreak(j) {
                    result.append(lineStart)
                } else {
                    while j < n && !isBreak(j) { j += 1 }
                }
                i = j
            }
            return result
        }
    }

    /// Offset of the first blank line starting in `(after, before)`.
    func first(after: Int, before: Int) -> Int? {
        var low = 0
        var high = lines.count
        while low < high {
            let mid = (low + high) / 2
            if lines[mid] <= after { low = mid + 1 } else { high = mid }
        }
        return low < lines.count && lines[low] < before ? lines[low] : nil
    }
}
