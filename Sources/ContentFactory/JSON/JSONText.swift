import Foundation

/// Writes `JSONValue`s as compact JSON text (for jsonb parameters). Keys are sorted, so equal values
/// give equal text.
package enum JSONText {
    /// The JSON text of `value`. Non-finite numbers (which JSON cannot hold) become `null`.
    package static func encode(_ value: JSONValue) -> String {
        var output = ""
        write(value, to: &output)
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number): output += String(number)
        case .number(let number): output += number.isFinite ? String(number) : "null"
        case .string(let text): writeString(text, to: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                writeString(key, to: &output)
                output += ":"
                write(members[key]!, to: &output)
            }
            output += "}"
        }
    }

    /// Appends `text` as a JSON string literal: whole when nothing needs an escape (most strings),
    /// else runs of bytes that need none are copied whole (every article's `schema_json` passes
    /// through here).
    static func writeString(_ text: String, to output: inout String) {
        var copy = text
        let escaped: [UInt8]? = copy.withUTF8 { utf8 in
            guard let first = utf8.firstIndex(where: needsEscape) else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count + 16)
            var runStart = 0
            for index in first..<utf8.count {
                let byte = utf8[index]
                guard needsEscape(byte) else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
                // PostgreSQL text (and so jsonb) cannot hold NUL, even escaped.
                case 0: bytes.append(contentsOf: #"\ufffd"#.utf8)
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                }
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            return bytes
        }
        output += "\""
        if let escaped {
            output += String(decoding: escaped, as: UTF8.self)
        } else {
            output += text
        }
        output += "\""
    }

    /// The bytes a JSON string literal cannot hold as they are.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
