import Foundation

/// URL slugs for article titles (Docs/Jobs.md#what-a-job-writes): folded to ASCII, lowercased, runs of anything that
/// is not a letter or digit turned into one `-`, trimmed, and cut at a word boundary to at most
/// `maxLength` characters. `"São Paulo's Best Solar"` → `"sao-paulo-s-best-solar"`.
package enum Slug {
    /// The longest slug `make` returns, before a collision suffix.
    package static let maxLength = 120

    /// Letters that do not decompose into a base letter plus marks.
    private static let foldings: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "&": " and ",
    ]

    /// The slug of `title`; `"article"` when nothing alphanumeric remains.
    package static func make(_ title: String, maxLength: Int = maxLength) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(title.utf8.count, maxLength + 8))
        var pendingDash = false
        func emit(_ piece: Unicode.Scalar) {
            if piece.isASCII, let byte = UInt8(exactly: piece.value), isAlphanumeric(byte) {
                if pendingDash && !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
                pendingDash = false
                bytes.append(lowercased(byte))
            } else {
                pendingDash = true
            }
        }
        if title.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII titles (most) need no decomposition.
            for byte in title.utf8 {
                if byte == UInt8(ascii: "&") { " and ".unicodeScalars.forEach(emit) } else { emit(Unicode.Scalar(byte)) }
            }
        } else {
            for scalar in title.decomposedStringWithCanonicalMapping.unicodeScalars {
                if scalar.properties.generalCategory == .nonspacingMark { continue }
                if let folded = foldings[scalar] {
                    folded.unicodeScalars.forEach(emit)
                } else {
                    emit(scalar)
                }
            }
        }
        var slug = String(decoding: bytes, as: UTF8.self)
        if slug.utf8.count > maxLength {
            slug = cutAtWordBoundary(slug, maxLength: maxLength)
        }
        return slug.isEmpty ? "article" : slug
    }

    /// `base`, or `base-2`, `base-3`, … : the first not in `taken`.
    package static func unique(_ base: String, avoiding taken: (String) -> Bool) -> String {
        if !taken(base) { return base }
        var suffix = 2
        while taken("\(base)-\(suffix)") { suffix += 1 }
        return "\(base)-\(suffix)"
    }

    private static func cutAtWordBoundary(_ slug: String, maxLength: Int) -> String {
        let bytes = Array(slug.utf8.prefix(maxLength + 1))
        // The slug is ASCII here, so bytes are characters.
        if bytes.count > maxLength, bytes[maxLength] == UInt8(ascii: "-") {
            return String(decoding: bytes[..<maxLength], as: UTF8.self)
        }
        let head = bytes[..<maxLength]
        if let lastDash = head.lastIndex(of: UInt8(ascii: "-")), lastDash > 0 {
            return String(decoding: head[..<lastDash], as: UTF8.self)
        }
        return String(decoding: head, as: UTF8.self)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
