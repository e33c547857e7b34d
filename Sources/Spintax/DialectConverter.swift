/// Converts templates written for other spintax engines (Docs/Templates.md#importing-other-dialects). Nothing is accepted silently:
/// every rewrite is listed in ``Conversion/changes`` and every construct with no equivalent in
/// ``Conversion/unsupported``, so a tool can show both before the author accepts the result.
public enum DialectConverter {
    /// A source dialect.
    public enum Dialect: String, Sendable, CaseIterable {
        /// spintax-core: `%Name%`, `[<SEP>a|b]`, `/# … #/`, `/! … !/`; `#set` / `#def` unsupported.
        case spintaxCore = "spintax-core"
        /// spintax-extended: `[+SEP+a|b]`.
        case spintaxExtended = "spintax-extended"
        /// Spark: `[[A_AN:{X}]]`, `[[CAP:{X}]]`; `{{X}}` already works.
        case spark
        /// spintaxpy: `{1,5}` ranges are unsupported (use data rows).
        case spintaxpy
    }

    /// One rewrite or finding, at a byte offset of the input.
    public struct Edit: Sendable, Hashable {
        /// 0-based UTF-8 byte offset in the input.
        public var byteOffset: Int
        /// The input text concerned.
        public var original: String
        /// Its replacement (empty for unsupported constructs, which are left as they are).
        public var replacement: String
    }

    /// The converted template and what changed.
    public struct Conversion: Sendable {
        /// The template in this engine's syntax.
        public var output: String
        /// Every rewrite, in input order.
        public var changes: [Edit]
        /// Constructs left unchanged because they have no equivalent, in input order.
        public var unsupported: [Edit]
    }

    /// Rewrites `source` from `dialect`. Pure and linear; text that matches no rule is copied as is.
    public static func convert(_ source: String, from dialect: Dialect) -> Conversion {
        let bytes = Array(source.utf8)
        var out: [UInt8] = []
        var changes: [Edit] = []
        var unsupported: [Edit] = []
        var i = 0
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            var j = start
            while j + needle.count <= bytes.count {
                if bytes[j] == needle[0] && Array(bytes[j..<(j + needle.count)]) == needle { return j }
                j += 1
            }
            return nil
        }
        func replace(_ range: Range<Int>, with replacement: String) {
            changes.append(Edit(byteOffset: range.lowerBound, original: text(range), replacement: replacement))
            out += Array(replacement.utf8)
            i = range.upperBound
        }
        func identifierEnd(from start: Int) -> Int? {
            guard start < bytes.count, isIdentStart(bytes[start]) else { return nil }
            var j = start + 1
            while j < bytes.count && isIdentContinue(bytes[j]) { j += 1 }
            return j
        }
        while i < bytes.count {
            let b = bytes[i]
            switch dialect {
            case .spintaxCore:
                if b == UInt8(ascii: "%"), let end = identifierEnd(from: i + 1), end < bytes.count,
                    bytes[end] == UInt8(ascii: "%")
                {
                    replace(i..<(end + 1), with: "{\(text((i + 1)..<end))}")
                    continue
                }
                if b == UInt8(ascii: "/"), i + 1 < bytes.count,
                    bytes[i + 1] == UInt8(ascii: "#") || bytes[i + 1] == UInt8(ascii: "!")
                {
                    let mark = bytes[i + 1]
                    if let close = find([mark, UInt8(ascii: "/")], from: i + 2) {
                        let m = mark == UInt8(ascii: "#") ? "#" : "!"
                        replace(i..<(close + 2), with: "{\(m)\(text((i + 2)..<close))\(m)}")
                        continue
                    }
                }
                if b == UInt8(ascii: "["), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "<"),
                    let sepEnd = find([UInt8(ascii: ">")], from: i + 2),
                    let close = find([UInt8(ascii: "]")], from: sepEnd + 1)
                {
                    replace(i..<(close + 1), with: "{[+\(text((i + 2)..<sepEnd))+]\(text((sepEnd + 1)..<close))}")
                    continue
                }
                if b == UInt8(ascii: "#"), (i == 0 || bytes[i - 1] == 10),
                    bytes[i...].starts(with: "#set".utf8) || bytes[i...].starts(with: "#def".utf8)
                {
                    let end = find([10], from: i) ?? bytes.count
                    unsupported.append(Edit(byteOffset: i, original: text(i..<end), replacement: ""))
                    out += bytes[i..<end]
                    i = end
                    continue
                }
            case .spintaxExtended:
                if b == UInt8(ascii: "["), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "+"),
                    let sepEnd = find([UInt8(ascii: "+")], from: i + 2),
                    let close = find([UInt8(ascii: "]")], from: sepEnd + 1)
                {
                    replace(i..<(close + 1), with: "{[+\(text((i + 2)..<sepEnd))+]\(text((sepEnd + 1)..<close))}")
                    continue
                }
            case .spark:
                if b == UInt8(ascii: "["), bytes[i...].starts(with: "[[".utf8), let close = find(Array("]]".utf8), from: i + 2) {
                    let inner = text((i + 2)..<close)
                    let parts = inner.split(separator: ":", maxSplits: 1).map(String.init)
                    let modifier = parts.first.flatMap { ["A_AN": "a_an", "CAP": "capitalize"][$0] }
                    var name = parts.count == 2 ? parts[1] : ""
                    if name.hasPrefix("{") && name.hasSuffix("}") { name = String(name.dropFirst().dropLast()) }
                    if let modifier, VariableSchema.isIdentifier(name) {
                        replace(i..<(close + 2), with: "{\(name):\(modifier)}")
                    } else {
                        unsupported.append(Edit(byteOffset: i, original: text(i..<(close + 2)), replacement: ""))
                        out += bytes[i..<(close + 2)]
                        i = close + 2
                    }
                    continue
                }
            case .spintaxpy:
                if b == UInt8(ascii: "{"), let close = find([UInt8(ascii: "}")], from: i + 1) {
                    let inner = bytes[(i + 1)..<close]
                    let parts = inner.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                    if parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 48 && $0 <= 57 } }) {
                        unsupported.append(Edit(byteOffset: i, original: text(i..<(close + 1)), replacement: ""))
                    }
                }
            }
            out.append(b)
            i += 1
        }
        return Conversion(output: String(decoding: out, as: UTF8.self), changes: changes, unsupported: unsupported)
    }
}
