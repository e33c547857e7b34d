import Spintax

/// The words similarity is measured on: an article's HTML body with tags removed (each tag separates
/// words), entities decoded, lowercased, split into runs of letters and digits. The article's own
/// place and persona names become one placeholder word, so a city swap alone is no difference.
///
/// Words are kept as 64-bit FNV-1a hashes of their lowercased UTF-8; `words(html:)` gives the text
/// for showing passages.
enum SimilarityText {
    /// The hash every masked name becomes (not the hash of any word: the text is not a word).
    static let placeholder = SpintaxHash.fnv1a64(Array("\u{0}place".utf8))

    /// The body's word hashes, with `maskTerms` (each one or more words) replaced by `placeholder`.
    static func wordHashes(html: [UInt8], maskTerms: [String]) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(html.count / 5)
        scan(html) { word in hashes.append(SpintaxHash.fnv1a64(word)) }
        return mask(hashes, terms: maskTerms)
    }

    /// The body's words as text (lowercased), masked like `wordHashes` (a masked name reads
    /// `[place]`), for showing shared passages.
    static func words(html: [UInt8], maskTerms: [String]) -> [String] {
        var words: [String] = []
        scan(html) { words.append(String(decoding: $0, as: UTF8.self)) }
        let hashes = mask(words.map { SpintaxHash.fnv1a64($0.utf8) }, terms: maskTerms)
        // `mask` replaced each masked name (one or more words) by one placeholder, in order.
        var masked: [String] = []
        var position = 0
        let sequences = terms(maskTerms)
        for hash in hashes {
            if hash == placeholder, let term = sequences.first(where: { term in
                position + term.count <= words.count
                    && zip(term, words[position...]).allSatisfy { $0 == SpintaxHash.fnv1a64($1.utf8) }
            }) {
                masked.append("[place]")
                position += term.count
            } else {
                masked.append(words[position])
                position += 1
            }
        }
        return masked
    }

    /// Mask terms as word-hash sequences, longest first (so "Santa Clara County" wins over "Santa Clara").
    static func terms(_ maskTerms: [String]) -> [[UInt64]] {
        var sequences: [[UInt64]] = []
        for term in maskTerms {
            var words: [UInt64] = []
            scan(Array(term.utf8)) { words.append(SpintaxHash.fnv1a64($0)) }
            if !words.isEmpty && !sequences.contains(words) { sequences.append(words) }
        }
        return sequences.sorted { $0.count > $1.count }
    }

    static func mask(_ hashes: [UInt64], terms maskTerms: [String]) -> [UInt64] {
        let sequences = terms(maskTerms)
        guard !sequences.isEmpty else { return hashes }
        var output: [UInt64] = []
        output.reserveCapacity(hashes.count)
        var index = 0
        outer: while index < hashes.count {
            for term in sequences where term[0] == hashes[index] && index + term.count <= hashes.count {
                var matches = true
                for offset in 1..<term.count where hashes[index + offset] != term[offset] {
                    matches = false
                    break
                }
                if matches {
                    output.append(placeholder)
                    index += term.count
                    continue outer
                }
            }
            output.append(hashes[index])
            index += 1
        }
        return output
    }

    /// Calls `body` with each lowercased word of `html` (a reused buffer).
    static func scan(_ html: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(64)
        func flush() {
            if !word.isEmpty {
                body(word[...])
                word.removeAll(keepingCapacity: true)
            }
        }
        func add(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if isASCIIDigit(byte) || isASCIILetter(byte) {
                    word.append(byte | (isASCIILetter(byte) ? 0x20 : 0))
                } else {
                    flush()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            } else {
                flush()
            }
        }
        var index = 0
        let count = html.count
        while index < count {
            let byte = html[index]
            if byte == UInt8(ascii: "<") {
                flush()
                while index < count && html[index] != UInt8(ascii: ">") { index += 1 }
                index += 1
            } else if byte == UInt8(ascii: "&"), let (scalar, next) = entity(html, at: index) {
                add(scalar)
                index = next
            } else if byte < 0x80 {
                add(Unicode.Scalar(byte))
                index += 1
            } else {
                let (scalar, next) = decodeUTF8(html, at: index)
                add(scalar)
                index = next
            }
        }
        flush()
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }
    private static func isASCIIDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    private static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "ndash": "\u{2013}", "mdash": "\u{2014}", "rsquo": "\u{2019}", "lsquo": "\u{2018}",
        "rdquo": "\u{201D}", "ldquo": "\u{201C}", "hellip": "\u{2026}", "copy": "\u{A9}",
    ]

    /// `&name;`, `&#NN;` or `&#xHH;` at `index`: the scalar and the index after the `;`.
    private static func entity(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        var end = index + 1
        while end < bytes.count, end - index <= 10, bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > index + 1 else { return nil }
        let name = bytes[(index + 1)..<end]
        if name.first == UInt8(ascii: "#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if let first = digits.first, first | 0x20 == UInt8(ascii: "x") {
                value = UInt32(String(decoding: digits.dropFirst(), as: UTF8.self), radix: 16)
            } else {
                value = UInt32(String(decoding: digits, as: UTF8.self))
            }
            guard let value, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, end + 1)
        }
        guard let scalar = namedEntities[String(decoding: name, as: UTF8.self)] else { return nil }
        return (scalar, end + 1)
    }

    private static func decodeUTF8(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= bytes.count else { return ("\u{FFFD}", index + 1) }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = (value << 6) | (UInt32(bytes[index + offset]) & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", index + length)
    }
}
