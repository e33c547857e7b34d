/// The text of an HTML body where a link may go: the runs of character data outside tags, comments,
/// raw-text elements (`script`, `style`, `textarea`, `title`) and outside every element in which an
/// `<a>` is wrong or unwanted (headings, existing links, buttons, labels, form controls, code).
///
/// A lexer, not a parser: it needs no well-formed input, only to never offer a byte inside a tag, an
/// attribute, a comment or an excluded element. An unclosed excluded element therefore keeps the rest
/// of the body closed to links, which is the safe side.
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
    static let closed: Set<[UInt8]> = Set(["a", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "select", "option",
                                          "code", "pre", "svg", "math", "template", "noscript", "iframe", "object"]
        .map { Array($0.utf8) })
    /// Elements whose content is raw text, not markup: skipped up to their end tag.
    static let rawText: Set<[UInt8]> = Set(["script", "style", "textarea", "title", "xmp"].map { Array($0.utf8) })
    /// Tags that do not end a word (`<b>sol</b>ar` is one word).
    static let inline: Set<[UInt8]> = Set(["a", "b", "i", "u", "em", "strong", "span", "small", "sup", "sub", "mark", "abbr"]
        .map { Array($0.utf8) })

    init(_ html: [UInt8]) {
        var closedDepth = 0
        var index = 0
        var textStart = 0
        // Whether every tag since the last run was inline.
        var onlyInline = false
        let count = html.count

        func flush(upTo end: Int) {
            guard end > textStart else { return }
            runs.append(Run(range: textStart..<end, isClosed: closedDepth > 0, joinedToPrevious: onlyInline && !runs.isEmpty))
            onlyInline = true
        }

        while index < count {
            guard html[index] == UInt8(ascii: "<"), index + 1 < count else {
                index += 1
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
            let name = html[nameStart..<nameEnd].map { $0 | (Self.isASCIILetter($0) ? 0x20 : 0) }
            let end = Self.tagEnd(html, from: nameEnd)
            let selfClosing = end - 2 >= nameEnd && html[end - 2] == UInt8(ascii: "/")
            index = end
            if isEnd {
                if Self.closed.contains(name) { closedDepth = max(0, closedDepth - 1) }
            } else if Self.rawText.contains(name) {
                // Skip to the matching end tag: the content is not markup.
                index = Self.findEndTag(html, name: name, from: end).map { Self.tagEnd(html, from: $0 + 2 + name.count) } ?? count
            } else if Self.closed.contains(name), !selfClosing {
                closedDepth += 1
            }
            onlyInline = onlyInline && Self.inline.contains(name)
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

    /// The index of `</name` (any case) at or after `from`.
    static func findEndTag(_ html: [UInt8], name: [UInt8], from: Int) -> Int? {
        var index = from
        while index + 2 + name.count <= html.count {
            if html[index] == UInt8(ascii: "<"), html[index + 1] == UInt8(ascii: "/"),
               zip(html[(index + 2)..<(index + 2 + name.count)], name).allSatisfy({ ($0 | 0x20) == $1 }) {
                let after = index + 2 + name.count
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
