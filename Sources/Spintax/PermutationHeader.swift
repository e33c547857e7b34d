/// The header of a permutation, `[` [range] `+` sep `+` [last `+`] `]`, as read from the source.
enum PermutationHeader {
    /// The `[` starts ordinary text, not a header.
    case notAHeader
    /// A header that is wrong; the message says how (E006).
    case malformed(String)
    /// The separators (escapes resolved), the `m-n` range if written, and the offset after `]`.
    case header(separator: [UInt8], last: [UInt8], range: (min: Int, max: Int)?, end: Int)

    /// Parses `[` [range] `+` sep `+` [sep `+`] `]` at `p` (the `[`).
    static func parse(_ src: [UInt8], at p: Int, close: Int) -> PermutationHeader {
        var q = p + 1
        func number(_ q: inout Int) -> Int? {
            let s = q
            var value = 0
            while q < close && src[q] >= 48 && src[q] <= 57 {
                value = min(value * 10 + Int(src[q] - 48), 1_000_000)
                q += 1
            }
            return q > s ? value : nil
        }
        var range: (min: Int, max: Int)?
        if let low = number(&q) {
            var high = low
            if q < close && src[q] == UInt8(ascii: "-") {
                q += 1
                guard let h = number(&q) else { return src[q] == UInt8(ascii: "+") ? .malformed("malformed permutation range") : .notAHeader }
                high = h
            }
            range = (low, high)
        }
        guard q < close, src[q] == UInt8(ascii: "+") else { return .notAHeader }
        q += 1
        func separator(_ q: inout Int) -> [UInt8]? {
            var bytes: [UInt8] = []
            while q < close {
                let b = src[q]
                if b == UInt8(ascii: "+") { return bytes }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: "|") { return nil }
                if b == UInt8(ascii: "\\") && q + 1 < close {
                    if TemplateParser.isEscapable(src[q + 1]) {
                        bytes.append(src[q + 1])
                    } else {
                        bytes.append(b)
                        bytes.append(src[q + 1])
                    }
                    q += 2
                    continue
                }
                bytes.append(b)
                q += 1
            }
            return nil
        }
        guard let separatorBytes = separator(&q) else {
            return .malformed("malformed permutation header; expected '[m-n+SEP+LAST+]' or '[+SEP+]'")
        }
        q += 1
        var lastBytes: [UInt8]?
        if q < close && src[q] != UInt8(ascii: "]") {
            guard let bytes = separator(&q) else {
                return .malformed("malformed permutation header; expected '[m-n+SEP+LAST+]' or '[+SEP+]'")
            }
            lastBytes = bytes
            q += 1
        }
        guard q < close, src[q] == UInt8(ascii: "]") else {
            return .malformed("malformed permutation header; expected ']' after the separators")
        }
        return .header(separator: separatorBytes, last: lastBytes ?? separatorBytes, range: range, end: q + 1)
    }
}
