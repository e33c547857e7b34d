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
        var count = 0
        var inWord = false
        var index = 0
        while index < html.count {
            let byte = html[index]
            if byte == UInt8(ascii: "<") {
                let close = html[index...].firstIndex(of: UInt8(ascii: ">")) ?? html.count - 1
                if !isInlineTag(html[(index + 1)..<max(index + 1, close)]) { inWord = false }
                index = close + 1
                continue
            }
            if isSpace(byte) {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
            index += 1
        }
        return count
    }

    private static let inlineTags: [[UInt8]] = ["a", "b", "i", "u", "em", "strong", "span", "small", "sup", "sub", "mark", "code", "abbr"]
        .map { Array($0.utf8) }

    /// `tag` is the text between `<` and `>`.
    private static func isInlineTag(_ tag: ArraySlice<UInt8>) -> Bool {
        var name = tag.drop { $0 == UInt8(ascii: "/") }
        if let end = name.firstIndex(where: { isSpace($0) || $0 == UInt8(ascii: "/") }) { name = name[..<end] }
        return inlineTags.contains { $0.count == name.count && zip($0, name).allSatisfy { $0 == ($1 | 0x20) } }
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
                if !isInlineTag(html[index..<close]) { pendingSpace = true }
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
        var scalars = Array(result.unicodeScalars.prefix(limit))
        if let space = scalars.lastIndex(of: " ") { scalars = Array(scalars[..<space]) }
        result = String(String.UnicodeScalarView(scalars))
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
