import Foundation

/// The character data of an HTML body as runs between tags, each marked open or closed to links:
/// closed inside an element in which an `<a>` is wrong or unwanted (headings, existing links, buttons,
/// labels, form controls, code). Tags, attributes, comments and raw-text elements (`script`, `style`,
/// `textarea`, `title`) are never part of a run.
///
/// A lexer, not a parser: it needs no well-formed input, only to never offer a byte inside a tag, an
/// attribute, a comment or a closed element as open. An unclosed closed element therefore keeps the
/// rest of the body closed to links, which is the safe side.
struct HTMLTextRuns {
    /// A run of character data between two tags.
    struct Run: Sendable, Hashable {
        var range: Range<Int>
        /// Inside an element that gets no link (a heading, an `<a>`, …).
        var isClosed: Bool
        /// Only inline formatting tags (`<b>`, `<em>`, …) separate it from the previous run, so a word
        /// may continue across them: the previous run's last character counts for a word boundary.
        var joinedToPrevious: Bool
    }

    /// Every run of character data, in document order (closed ones too: they decide word boundaries
    /// of their neighbours).
    private(set) var runs: [Run] = []

    /// Elements whose content never gets a link.
    static let closed = names(["a", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "select", "option",
                               "code", "pre", "svg", "math", "template", "noscript", "iframe", "object"])
    /// Elements whose content is raw text, not markup: skipped up to their end tag.
    static let rawText = names(["script", "style", "textarea", "title", "xmp"])
    /// Tags that do not end a word (`<b>sol</b>ar` is one word).
    static let inline = names(["a", "b", "i", "u", "em", "strong", "span", "small", "sup", "sub", "mark", "abbr"])

    /// A tag name of up to 8 bytes, lowercased and packed into an integer (0 for a longer name), so
    /// looking a tag up allocates nothing. Every name in the sets above is at most 8 bytes.
    static func key(_ html: [UInt8], _ range: Range<Int>) -> UInt64 {
        guard range.count <= 8 else { return 0 }
        var key: UInt64 = 0
        for byte in html[range] { key = key << 8 | UInt64(isASCIILetter(byte) ? byte | 0x20 : byte) }
        return key
    }

    private static func names(_ list: [String]) -> Set<UInt64> {
        Set(list.map { key(Array($0.utf8), 0..<$0.utf8.count) })
    }

    init(_ html: [UInt8]) {
        var closedDepth = 0
        var index = 0
        var textStart = 0
        // Whether every tag since the last run was inline.
        var onlyInline = false
        let count = html.count
        let closedNames = Self.closed, rawTextNames = Self.rawText, inlineNames = Self.inline

        func flush(upTo end: Int) {
            guard end > textStart else { return }
            runs.append(Run(range: textStart..<end, isClosed: closedDepth > 0, joinedToPrevious: onlyInline && !runs.isEmpty))
            onlyInline = true
        }

        while index < count {
            guard html[index] == UInt8(ascii: "<"), index + 1 < count else {
                // Skip to the next `<` (memchr: most of a body is text).
                let next: Int = html.withUnsafeBufferPointer { buffer in
                    memchr(buffer.baseAddress! + index + 1, Int32(UInt8(ascii: "<")), count - index - 1)
                        .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - buffer.baseAddress! } ?? count
                }
                index = next
                continue
            }
            let next = html[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                flush(upTo: index)
                if Self.hasPrefix(html, at: index, "<!--") {
                    index = Self.find(html, "-->", from: index + 4).map { $0 + 3 } ?? count
                } else {
                    index = Self.tagEnd(html, from: index + 2)
                }
                textStart = index
                onlyInline = false
                continue
            }
            let isEnd = next == UInt8(ascii: "/")
            let nameStart = index + (isEnd ? 2 : 1)
            guard nameStart < count, Self.isASCIILetter(html[nameStart]) else {
                index += 1  // a stray `<` is text
                continue
            }
            flush(upTo: index)
            var nameEnd = nameStart
            while nameEnd < count, Self.isNameByte(html[nameEnd]) { nameEnd += 1 }
            let name = Self.key(html, nameStart..<nameEnd)
            let end = Self.tagEnd(html, from: nameEnd)
            let selfClosing = end - 2 >= nameEnd && html[end - 2] == UInt8(ascii: "/")
            index = end
            if isEnd {
                if closedNames.contains(name) { closedDepth = max(0, closedDepth - 1) }
            } else if rawTextNames.contains(name) {
                // Skip to the matching end tag: the content is not markup.
                let length = nameEnd - nameStart
                index = Self.findEndTag(html, name: name, length: length, from: end).map { Self.tagEnd(html, from: $0 + 2 + length) } ?? count
            } else if closedNames.contains(name), !selfClosing {
                closedDepth += 1
            }
            onlyInline = onlyInline && inlineNames.contains(name)
            textStart = index
        }
        flush(upTo: count)
    }

    /// The index just past the `>` that ends a tag whose name ends before `from`; quoted attribute
    /// values may hold `>`.
    static func tagEnd(_ html: [UInt8], from: Int) -> Int {
        var index = from
        var quote: UInt8? = nil
        while index < html.count {
            let byte = html[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            index += 1
        }
        return html.count
    }

    static func hasPrefix(_ html: [UInt8], at index: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= html.count else { return false }
        return prefix.withUTF8Buffer { html[index..<(index + count)].elementsEqual($0) }
    }

    static func find(_ html: [UInt8], _ needle: StaticString, from: Int) -> Int? {
        var index = from
        while index < html.count {
            if hasPrefix(html, at: index, needle) { return index }
            index += 1
        }
        return nil
    }

    /// The index of `</name` (any case; `name` as `key` packs it, `length` bytes) at or after `from`.
    static func findEndTag(_ html: [UInt8], name: UInt64, length: Int, from: Int) -> Int? {
        var index = from
        while index + 2 + length <= html.count {
            if html[index] == UInt8(ascii: "<"), html[index + 1] == UInt8(ascii: "/"),
               key(html, (index + 2)..<(index + 2 + length)) == name {
                let after = index + 2 + length
                if after == html.count || !isNameByte(html[after]) { return index }
            }
            index += 1
        }
        return nil
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
    }
}
