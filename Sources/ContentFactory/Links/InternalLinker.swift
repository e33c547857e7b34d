/// Puts a site's internal links into an article body: the first whole-word occurrence of a target's
/// `keyword_focus` in linkable text (see `HTMLTextRuns`) becomes `<a href="target_url">…</a>`.
///
/// Pure and deterministic: the same body and the same target order give the same bytes on any thread.
/// Which targets an article links, and in which order they are tried, is the caller's choice
/// (`LinkSchedule`); this type only finds occurrences and writes the links.
///
/// Matching is case-insensitive (simple lowercase folding, per Unicode scalar) and on whole words: the
/// characters either side must not be letters, digits or `_`, also across inline tags such as `<b>`.
/// Character references in the body count as the characters they stand for (`&amp;` matches `&`,
/// `&#39;` matches `'`), and a match never starts or ends inside one.
package struct InternalLinker: Sendable {
    /// What the link's text is.
    package enum Anchor: String, Sendable, Hashable {
        /// The words as they occur in the article.
        case text
        /// The row's `anchor_text` (the occurrence's words when it has none).
        case anchorText = "anchor_text"
    }

    /// One link written into a body.
    package struct Link: Sendable, Hashable {
        /// Index into `targets`.
        package var target: Int
        /// Where the keyword was, in the body before linking.
        package var range: Range<Int>
    }

    /// At most this many occurrences are remembered per target: enough to step past a link another
    /// target took over the same words.
    static let occurrenceLimit = 4

    /// The link targets, in the stable order `Link.target` indexes.
    package let targets: [LinkTarget]
    /// Whether the link text is the article's words or the target's `anchor_text`.
    package let anchor: Anchor
    private let keywords: [[Unicode.Scalar]]
    /// Per lead byte of the text (ASCII letters folded), the targets whose keyword can start there:
    /// `candidateList[candidateStart[b]..<candidateStart[b + 1]]`, flat so the scan retains nothing.
    /// Keywords starting with a non-ASCII character are listed under every byte ≥ 0x80, and every
    /// keyword under `&` (a character reference may spell its first character).
    private let candidateStart: [Int]
    private let candidateList: [Int]
    /// Per target: its keyword's second character when that is plain ASCII (lowercased), else 0; a
    /// cheap test before a full match, since many words start with a keyword's first letter.
    private let secondByte: [UInt8]
    /// Per byte of text, what the scan needs to know, in one table read: `wordByte`, `keywordStart`,
    /// `slowByte` (non-ASCII or `&`: decoded as a whole character).
    private let byteClasses: [UInt8]
    static let wordByte: UInt8 = 1, keywordStart: UInt8 = 2, slowByte: UInt8 = 4
    private let openTags: [[UInt8]]
    private let anchorTexts: [[UInt8]?]

    /// - Parameter targets: valid targets (`LinkTarget.urlProblem` is nil); empty keywords never match.
    package init(targets: [LinkTarget], anchor: Anchor) {
        self.targets = targets
        self.anchor = anchor
        self.keywords = targets.map { target in
            target.keyword.trimmingSpaces.unicodeScalars.map(Self.fold)
        }
        var candidates = [[Int]](repeating: [], count: 256)
        for (target, keyword) in keywords.enumerated() {
            guard let first = keyword.first else { continue }
            if first.isASCII && first != "&" {
                let byte = UInt8(first.value)
                candidates[Int(byte)].append(target)
                if HTMLTextRuns.isASCIILetter(byte) { candidates[Int(byte ^ 0x20)].append(target) }
            } else {
                for byte in 0x80...0xFF { candidates[byte].append(target) }
            }
            if !candidates[Int(UInt8(ascii: "&"))].contains(target) { candidates[Int(UInt8(ascii: "&"))].append(target) }
        }
        self.byteClasses = (0..<256).map { byte in
            var flags: UInt8 = candidates[byte].isEmpty ? 0 : Self.keywordStart
            if byte >= 0x80 || byte == Int(UInt8(ascii: "&")) {
                flags |= Self.slowByte
            } else if Self.isWord(Unicode.Scalar(UInt8(byte))) {
                flags |= Self.wordByte
            }
            return flags
        }
        self.candidateStart = candidates.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        self.candidateList = candidates.flatMap { $0 }
        self.secondByte = keywords.map { keyword in
            // Characters a body may spell as a reference (`&#39;`) get no shortcut.
            guard keyword.count > 1, keyword[1].isASCII, !"&<>\"'".unicodeScalars.contains(keyword[1]) else { return 0 }
            return UInt8(keyword[1].value)
        }
        self.openTags = targets.map { Array("<a href=\"\(HTMLEscaping.attribute($0.url))\">".utf8) }
        self.anchorTexts = targets.map { target in
            guard anchor == .anchorText, let text = target.anchorText?.trimmingSpaces, !text.isEmpty else { return nil }
            return Array(HTMLEscaping.text(text).utf8)
        }
    }

    /// For each target, the first few places its keyword occurs in linkable text, in order.
    package func occurrences(in html: [UInt8]) -> [[Range<Int>]] {
        var found = [[Range<Int>]](repeating: [], count: targets.count)
        let runs = HTMLTextRuns(html).runs
        // Locals, so the per-byte loop touches no global (a lazy-initialisation check) and retains nothing.
        let candidateStart = self.candidateStart, candidateList = self.candidateList, secondByte = self.secondByte
        byteClasses.withUnsafeBufferPointer { classes in
            html.withUnsafeBufferPointer { bytes in
                for (position, run) in runs.enumerated() where !run.isClosed {
                    let previous = position > 0 && run.joinedToPrevious ? runs[position - 1].range : nil
                    let next = position + 1 < runs.count && runs[position + 1].joinedToPrevious ? runs[position + 1].range : nil
                    var index = run.range.lowerBound
                    let end = run.range.upperBound
                    var wordBefore = previous.map { Self.lastIsWord(html, in: $0) } ?? false
                    while index < end {
                        let byte = bytes[index]
                        let flags = classes[Int(byte)]
                        if flags & Self.slowByte == 0 && (wordBefore || flags & Self.keywordStart == 0) {
                            // The common case: a plain ASCII character where no keyword can start.
                            wordBefore = flags & Self.wordByte != 0
                            index += 1
                            continue
                        }
                        let unit = Self.unit(html, at: index, end: end)
                        if !wordBefore {
                            // The shortcut holds only when this byte is the whole first character.
                            let plain = byte < 0x80 && byte != UInt8(ascii: "&")
                            let following = plain && index + 1 < end ? bytes[index + 1] : 0
                            let folded = following | (Self.isASCIIUpper(following) ? 0x20 : 0)
                            for slot in candidateStart[Int(byte)]..<candidateStart[Int(byte) + 1] {
                                let target = candidateList[slot]
                                guard !plain || secondByte[target] == 0 || secondByte[target] == folded, found[target].count < Self.occurrenceLimit,
                                      let matchEnd = Self.match(keywords[target], in: html, at: index, end: end) else { continue }
                                let wordAfter = matchEnd < end
                                    ? Self.unit(html, at: matchEnd, end: end).isWord
                                    : next.map { Self.firstIsWord(html, in: $0) } ?? false
                                if !wordAfter { found[target].append(index..<matchEnd) }
                            }
                        }
                        wordBefore = unit.isWord
                        index += unit.length
                    }
                }
            }
        }
        return found
    }

    /// Links targets of `order` in turn, each at its first occurrence that does not overlap a link
    /// already placed, until `limit` links are placed.
    ///
    /// - Parameters:
    ///   - order: target indices, most wanted first (each at most once).
    ///   - occurrences: `occurrences(in: html)`.
    /// - Returns: the linked body and the links, in `order`'s order.
    package func link(_ html: [UInt8], order: [Int], occurrences: [[Range<Int>]], limit: Int) -> (html: [UInt8], links: [Link]) {
        var links: [Link] = []
        for target in order where links.count < limit {
            if let range = occurrences[target].first(where: { candidate in !links.contains { $0.range.overlaps(candidate) } }) {
                links.append(Link(target: target, range: range))
            }
        }
        guard !links.isEmpty else { return (html, []) }
        var output: [UInt8] = []
        output.reserveCapacity(html.count + links.count * 64)
        var copied = 0
        for link in links.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            output.append(contentsOf: html[copied..<link.range.lowerBound])
            output.append(contentsOf: openTags[link.target])
            if let text = anchorTexts[link.target] {
                output.append(contentsOf: text)
            } else {
                output.append(contentsOf: html[link.range])
            }
            output.append(contentsOf: "</a>".utf8)
            copied = link.range.upperBound
        }
        output.append(contentsOf: html[copied...])
        return (output, links)
    }

    // MARK: Matching

    /// A character of text: one scalar, or one character reference (`&amp;`, `&#233;`).
    struct Unit {
        var length: Int
        /// Nil for a named reference this type does not know (it counts as a letter).
        var scalar: Unicode.Scalar?
        var isWord: Bool { scalar.map(InternalLinker.isWord) ?? true }
    }

    static func unit(_ html: [UInt8], at index: Int, end: Int) -> Unit {
        let byte = html[index]
        if byte < 0x80 {
            if byte == UInt8(ascii: "&"), let reference = HTMLEscaping.reference(html, at: index, end: end) {
                return Unit(length: reference.length, scalar: reference.scalar)
            }
            return Unit(length: 1, scalar: Unicode.Scalar(byte))
        }
        let (scalar, length) = decode(html, at: index, end: end)
        return Unit(length: length, scalar: scalar)
    }

    /// The end of `keyword` if it occurs at `index` (folded scalar by scalar), else nil.
    static func match(_ keyword: [Unicode.Scalar], in html: [UInt8], at index: Int, end: Int) -> Int? {
        var position = index
        for expected in keyword {
            guard position < end else { return nil }
            let byte = html[position]
            if byte < 0x80 && byte != UInt8(ascii: "&") {
                // The common case, without building a Unit.
                guard Unicode.Scalar(byte | (isASCIIUpper(byte) ? 0x20 : 0)) == expected else { return nil }
                position += 1
            } else {
                let unit = unit(html, at: position, end: end)
                guard let scalar = unit.scalar, fold(scalar) == expected else { return nil }
                position += unit.length
            }
        }
        return position
    }

    static func lastIsWord(_ html: [UInt8], in range: Range<Int>) -> Bool {
        if html[range.upperBound - 1] == UInt8(ascii: ";"),
           let amp = html[range].lastIndex(of: UInt8(ascii: "&")),
           let reference = HTMLEscaping.reference(html, at: amp, end: range.upperBound), amp + reference.length == range.upperBound {
            return reference.scalar.map(isWord) ?? true
        }
        var start = range.upperBound - 1
        while start > range.lowerBound, html[start] & 0xC0 == 0x80 { start -= 1 }
        return isWord(decode(html, at: start, end: range.upperBound).0)
    }

    static func firstIsWord(_ html: [UInt8], in range: Range<Int>) -> Bool {
        unit(html, at: range.lowerBound, end: range.upperBound).isWord
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            return HTMLTextRuns.isASCIILetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            return isASCIIUpper(byte) ? Unicode.Scalar(byte | 0x20) : scalar
        }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : scalar
    }

    static func isASCIIUpper(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// One UTF-8 scalar; a malformed byte decodes as U+FFFD of length 1.
    static func decode(_ html: [UInt8], at index: Int, end: Int) -> (Unicode.Scalar, Int) {
        let lead = html[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= end else { return ("\u{FFFD}", 1) }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length {
            let byte = html[index + offset]
            guard byte & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
