/// Escaping for text and attribute values taken from data (article links, the status page), and
/// reading of character references.
package enum HTMLEscaping {
    /// `text` safe as element content: `&`, `<`, `>` escaped.
    package static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// `text` safe inside a double- or single-quoted attribute value: `&`, `<`, `>`, `"`, `'` escaped.
    package static func attribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || (quotes && ($0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'"))) }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "'" where quotes: result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The named references the generator reads: the five markup characters, the no-break space and the
    /// typography templates write (dashes, quotes, ellipsis, copyright).
    private static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "ndash": "\u{2013}", "mdash": "\u{2014}", "rsquo": "\u{2019}", "lsquo": "\u{2018}",
        "rdquo": "\u{201D}", "ldquo": "\u{201C}", "hellip": "\u{2026}", "copy": "\u{A9}",
    ]

    /// The character reference at `index` (which holds `&`), read up to `end`: its length through `;` and
    /// the character it stands for (nil for a named reference not in the list above; U+FFFD for a number
    /// that is no scalar). Nil when `&` starts no reference (a bare ampersand). The one reader of
    /// references: the linker, excerpts and similarity text all use it.
    static func reference(_ html: [UInt8], at index: Int, end: Int) -> (length: Int, scalar: Unicode.Scalar?)? {
        var position = index + 1
        let limit = min(end, index + 34)
        if position < limit, html[position] == UInt8(ascii: "#") {
            position += 1
            var hex = false
            if position < limit, html[position] | 0x20 == UInt8(ascii: "x") {
                hex = true
                position += 1
            }
            var value: UInt32 = 0
            let digitsStart = position
            while position < limit, let digit = digitValue(html[position], hex: hex) {
                value = min(value &* (hex ? 16 : 10) &+ digit, 0x110000)
                position += 1
            }
            guard position > digitsStart, position < limit, html[position] == UInt8(ascii: ";") else { return nil }
            return (position + 1 - index, Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        let nameStart = position
        while position < limit, HTMLTextRuns.isASCIILetter(html[position]) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(html[position]) {
            position += 1
        }
        guard position > nameStart, position < limit, html[position] == UInt8(ascii: ";") else { return nil }
        let name = String(decoding: html[nameStart..<position], as: UTF8.self)
        return (position + 1 - index, named[name])
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
