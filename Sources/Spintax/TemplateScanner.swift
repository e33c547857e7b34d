/// Passes 0 and 1 of parsing: checks the UTF-8 and matches braces with an explicit stack (escapes,
/// comments and verbatim blocks skipped), so every `{` is known to be closed (and where) or unclosed,
/// and every stray `}` is known, before ``TemplateParser`` builds a single node.
struct TemplateScanner {
    enum ConstructKind { case brace, comment, verbatim }

    /// A `{`, `{#` or `{!` and where it closes.
    struct Construct {
        var offset: Int
        var kind: ConstructKind
        /// Offset of the closing `}` (brace) or of the closer's first byte (`#}`, `!}`); -1 if unclosed.
        var close: Int
    }

    let src: [UInt8]
    /// Where the template starts (after a BOM).
    let start: Int
    /// Every construct in source order.
    var constructs: [Construct] = []
    /// Offsets of the `}` that close nothing.
    var strays: [Int] = []
    /// E000 for each invalid UTF-8 byte.
    var diagnostics: [RawDiagnostic] = []

    init(source: [UInt8], start: Int) {
        self.src = source
        self.start = start
    }

    mutating func validateUTF8() {
        var i = start
        let n = src.count
        while i < n {
            // ASCII, the common case, eight bytes at a time.
            i = src.withUnsafeBufferPointer { p in
                var j = i
                while j + 8 <= n && UnsafeRawPointer(p.baseAddress! + j).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    j += 8
                }
                return j
            }
            if i >= n { break }
            if src[i] < 0x80 {
                i += 1
                continue
            }
            let length = utf8ScalarLength(src, at: i)
            if length == 0 {
                diagnostics.append(
                    RawDiagnostic(
                        code: .E000, offset: i, length: 1,
                        message: "invalid UTF-8 byte 0x\(String(src[i], radix: 16, uppercase: true))", related: []))
                i += 1
            } else {
                i += length
            }
        }
    }

    mutating func matchBraces() {
        var stack: [Int] = []
        constructs.reserveCapacity(src.count / 16 + 16)  // about one brace per 20 bytes in spintax prose
        var i = start
        let n = src.count
        // Once a search for a closer fails from p, it fails from any later p: remembering that keeps
        // many unclosed `{#` linear.
        var commentSearchFailedFrom = Int.max
        var verbatimSearchFailedFrom = Int.max
        while i < n {
            switch src[i] {
            case UInt8(ascii: "\\"):
                i += 2
            case UInt8(ascii: "{"):
                if i + 1 < n && (src[i + 1] == UInt8(ascii: "#") || src[i + 1] == UInt8(ascii: "!")) {
                    let closer = src[i + 1]
                    let isComment = closer == UInt8(ascii: "#")
                    let failedFrom = isComment ? commentSearchFailedFrom : verbatimSearchFailedFrom
                    var found = -1
                    if i + 2 < failedFrom {
                        var j = i + 2
                        while j + 1 < n {
                            if src[j] == closer && src[j + 1] == UInt8(ascii: "}") {
                                found = j
                                break
                            }
                            j += 1
                        }
                        if found < 0 {
                            if isComment { commentSearchFailedFrom = i + 2 } else { verbatimSearchFailedFrom = i + 2 }
                        }
                    }
                    constructs.append(Construct(offset: i, kind: isComment ? .comment : .verbatim, close: found))
                    i = found >= 0 ? found + 2 : i + 1
                } else {
                    stack.append(constructs.count)
                    constructs.append(Construct(offset: i, kind: .brace, close: -1))
                    i += 1
                }
            case UInt8(ascii: "}"):
                if let top = stack.popLast() {
                    constructs[top].close = i
                } else {
                    strays.append(i)
                }
                i += 1
            default:
                // Plain text is most of a template: skip to the next byte that matters.
                i = src.withUnsafeBufferPointer { p in
                    var j = i + 1
                    while j < n {
                        let b = p[j]
                        if b == UInt8(ascii: "\\") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") { break }
                        j += 1
                    }
                    return j
                }
            }
        }
    }
}

/// Length of the valid UTF-8 scalar at `i`, or 0 when the bytes there are not valid UTF-8.
func utf8ScalarLength(_ s: [UInt8], at i: Int) -> Int {
    let b0 = s[i]
    let n = s.count
    func cont(_ j: Int) -> Bool { j < n && s[j] & 0xC0 == 0x80 }
    switch b0 {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
    case 0xE0:
        return i + 1 < n && s[i + 1] >= 0xA0 && s[i + 1] <= 0xBF && cont(i + 2) ? 3 : 0
    case 0xED:
        return i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F && cont(i + 2) ? 3 : 0
    case 0xE1...0xEC, 0xEE...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : 0
    case 0xF0:
        return i + 1 < n && s[i + 1] >= 0x90 && s[i + 1] <= 0xBF && cont(i + 2) && cont(i + 3) ? 4 : 0
    case 0xF4:
        return i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x8F && cont(i + 2) && cont(i + 3) ? 4 : 0
    case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
    default: return 0
    }
}
