/// Plain-text views of an article's HTML body: word count, the description excerpt, and paragraph
/// wrapping for fragments written without tags. Byte-level and allocation-light, because every article
/// passes through here.
package enum ArticleText {
    /// Whether `text` contains something that looks like an HTML tag (`<` followed by a letter, `/` or `!`).
    package static func containsTag(_ text: some Collection<UInt8>) -> Bool {
        var previousWasOpen = false
        for byte in text {
            if previousWasOpen, isASCIILetter(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!") {
                return true
            }
            previousWasOpen = byte == UInt8(ascii: "<")
        }
        return false
    }

    /// Wraps each blank-line-separated paragraph of `text` in `<p>…</p>`, trimming the paragraph's ends;
    /// empty paragraphs are dropped. Line breaks inside a paragraph are kept.
    package static func wrapParagraphs(_ text: [UInt8], into output: inout [UInt8]) {
        var lineStart = 0
        var paragraphStart: Int? = nil
        var paragraphEnd = 0
        func flush() {
            guard let start = paragraphStart else { return }
            var lower = start, upper = paragraphEnd
            while lower < upper, isSpace(text[lower]) { lower += 1 }
            while upper > lower, isSpace(text[upper - 1]) { upper -= 1 }
            if lower < upper {
                output.append(contentsOf: "<p>".utf8)
                output.append(contentsOf: text[lower..<upper])
                output.append(contentsOf: "</p>\n".utf8)
            }
            paragraphStart = nil
        }
        var index = 0
        while index <= text.count {
            if index == text.count || text[index] == UInt8(ascii: "\n") {
                let line = text[lineStart..<index]
                if line.allSatisfy(isSpace) {
                    flush()
                } else {
                    if paragraphStart == nil { paragraphStart = lineStart }
                    paragraphEnd = index
                }
                lineStart = index + 1
            }
            index += 1
        }
        flush()
    }

    /// Words of `html` with tags removed: maximal runs of non-space characters outside `<…>`. Inline
    /// tags (`<b>`, `<a>`, …) do not split a word; any other tag does. Entities such as `&amp;` count
    /// as part of their word.
    package static func wordCount(html: [UInt8]) -> Int {
        // Every article's body passes through here: a pointer scan, and between tags a branch-free
        // count of the bytes that start a word (not a space, after a space).
        html.withUnsafeBufferPointer { html in
            spaceTable.withUnsafeBufferPointer { isSpace in
                var count = 0
                var previousIsSpace: UInt8 = 1
                var index = 0
                let end = html.count
                while index < end {
                    var textEnd = index
                    while textEnd < end && html[textEnd] != UInt8(ascii: "<") { textEnd += 1 }
                    for position in index..<textEnd {
                        let space = isSpace[Int(html[position])]
                        count &+= Int(previousIsSpace & (space ^ 1))
                        previousIsSpace = space
                    }
                    guard textEnd < end else { break }
                    var close = textEnd + 1
                    while close < end && html[close] != UInt8(ascii: ">") { close += 1 }
                    if close == end { close = end - 1 }
                    if !isInlineTag(html, from: textEnd + 1, to: max(textEnd + 1, close)) { previousIsSpace = 1 }
                    index = close + 1
                }
                return count
            }
        }
    }

    /// 1 for the bytes `isSpace` accepts, else 0.
    private static let spaceTable: [UInt8] = (0...255).map { isSpace(UInt8($0)) ? 1 : 0 }

    /// The inline tag names, each packed little-endian into a `UInt64` (all are at most 8 bytes).
    private static let inlineTags: Set<UInt64> = Set(["a", "b", "i", "u", "em", "strong", "span", "small", "sup", "sub", "mark", "code", "abbr"]
        .map { name in name.utf8.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } })

    /// Whether `html[start..<end]`, the text between `<` and `>`, is an inline tag: its name (after
    /// any `/`, up to a space or `/`) is one of `inlineTags`, ASCII letters in either case.
    private static func isInlineTag(_ html: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var lower = start
        while lower < end && html[lower] == UInt8(ascii: "/") { lower += 1 }
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        var index = lower
        while index < end {
            let byte = html[index]
            if isSpace(byte) || byte == UInt8(ascii: "/") { break }
            if shift == 64 { return false }
            packed |= UInt64(byte | 0x20) << shift
            shift += 8
            index += 1
        }
        return index > lower && inlineTags.contains(packed)
    }

    /// The visible text of `html` (tags removed, inline ones without adding a space, the five basic
    /// entities decoded, white space collapsed), cut at a word boundary to at most `limit` characters
    /// with `…` appended when cut.
    package static func excerpt(html: [UInt8], limit: Int = 155) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(limit * 2)
        var pendingSpace = false
        var index = 0
        var characters = 0
        while index < html.count && characters <= limit {
            let byte = html[index]
            index += 1
            if byte == UInt8(ascii: "<") {
                // Inline tags (`<a>`, `<b>`, …) join their words to the text around them; others separate.
                let close = html[index...].firstIndex(of: UInt8(ascii: ">")) ?? html.count
                if !html.withUnsafeBufferPointer({ isInlineTag($0, from: index, to: close) }) { pendingSpace = true }
                index = min(close + 1, html.count)
                continue
            }
            if isSpace(byte) {
                pendingSpace = true
                continue
            }
            if pendingSpace && !text.isEmpty {
                text.append(UInt8(ascii: " "))
                characters += 1
            }
            pendingSpace = false
            if byte == UInt8(ascii: "&"), let reference = HTMLEscaping.reference(html, at: index - 1, end: html.count),
               let scalar = reference.scalar, markupCharacters.contains(scalar) {
                text.append(UInt8(scalar.value))
                index += reference.length - 1
            } else {
                text.append(byte)
            }
            // Count characters, not bytes: continuation bytes do not start one.
            if byte & 0xC0 != 0x80 { characters += 1 }
        }
        var result = String(decoding: text, as: UTF8.self)
        guard characters > limit else { return result }
        // The first `limit` scalars, cut at their last space: found on the (valid) UTF-8 bytes, where
        // every byte but a continuation byte starts a scalar.
        let bytes = Array(result.utf8)
        var cut = 0, scalars = 0
        while cut < bytes.count && (scalars < limit || bytes[cut] & 0xC0 == 0x80) {
            if bytes[cut] & 0xC0 != 0x80 { scalars += 1 }
            cut += 1
        }
        if let space = bytes[..<cut].lastIndex(of: UInt8(ascii: " ")) { cut = space }
        result = String(decoding: bytes[..<cut], as: UTF8.self)
        while let last = result.last, last == "," || last == ";" || last == ":" || last == "." { result.removeLast() }
        return result + "…"
    }

    /// The references an excerpt decodes: the characters escaping writes. Others stay as written.
    private static let markupCharacters: Set<Unicode.Scalar> = ["&", "<", ">", "\"", "'"]

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}
