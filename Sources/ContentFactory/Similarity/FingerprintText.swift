import Foundation

/// Text forms of fingerprint columns (the client speaks PostgreSQL's text format): `int8[]`,
/// `uuid[]` and `bytea` (hex).
enum FingerprintText {
    static func intArray(_ values: [some BinaryInteger]) -> String {
        "{" + values.map { String($0) }.joined(separator: ",") + "}"
    }

    static func parseIntArray(_ text: String) -> [Int64] {
        text.utf8.split { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: ",") }
            .compactMap { Int64(Substring($0)) }
    }

    /// Calls `body` with each element of an `int4[]` in text form, in order (a candidate's bands:
    /// ~110 per row, so no intermediate arrays or substrings).
    static func forEachInt32(in text: String, _ body: (Int32) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var value: Int64 = 0, negative = false, digits = false
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                    digits = true
                case UInt8(ascii: "-"):
                    negative = true
                default:
                    if digits { body(Int32(truncatingIfNeeded: negative ? -value : value)) }
                    value = 0
                    negative = false
                    digits = false
                }
            }
            if digits { body(Int32(truncatingIfNeeded: negative ? -value : value)) }
        }
    }

    static func uuidArray(_ values: [UUID]) -> String {
        "{" + values.map { $0.uuidString.lowercased() }.joined(separator: ",") + "}"
    }

    static func parseUUIDArray(_ text: String) -> [UUID] {
        text.split { $0 == "{" || $0 == "}" || $0 == "," }.compactMap { UUID(uuidString: String($0)) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `\x…` hex.
    static func bytea(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(bytes.count * 2 + 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses `\x…` hex; nil for anything else.
    static func parseBytea(_ text: String) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: (utf8.count - 2) / 2)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x61...0x66: c - 0x61 + 10
            case 0x41...0x46: c - 0x41 + 10
            default: nil
            }
        }
        for index in bytes.indices {
            guard let high = nibble(utf8[2 + 2 * index]), let low = nibble(utf8[3 + 2 * index]) else { return nil }
            bytes[index] = high << 4 | low
        }
        utf8.removeAll()
        return bytes
    }
}
