/// Renders diagnostics as compiler-style text (Docs/Templates.md#diagnostics):
///
/// ```
/// article.spx:14:23: error[E002]: '{' is never closed (template ends at 212:1)
///    14 | In {City}, {our|the} {team|crew {certified|licensed} technicians ...
///       |                       ^
/// article.spx:212:1: note: the template ends here
/// ```
public enum DiagnosticFormatter {
    /// One block per diagnostic: the headline, the source line with a gutter, a caret under the column
    /// (tabs in the line are kept so the caret lines up), then one `note:` line per related location.
    /// Every line ends with a newline.
    public static func text(_ diagnostics: [Diagnostic], source: [UInt8], fileName: String) -> String {
        var out = ""
        for d in diagnostics {
            out += "\(fileName):\(d.line):\(d.column): \(d.severity.rawValue)[\(d.code)]: \(d.message)\n"
            let line = sourceLine(containing: d.byteOffset, in: source)
            let number = String(d.line)
            out += String(repeating: " ", count: max(0, 5 - number.count)) + number + " | " + line + "\n"
            var caret = ""
            for (index, scalar) in line.unicodeScalars.enumerated() where index < d.column - 1 {
                caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
            }
            out += "      | " + caret + "^\n"
            for r in d.related {
                out += "\(fileName):\(r.line):\(r.column): note: \(r.message)\n"
            }
        }
        return out
    }

    /// The text of the line holding `offset`, without its terminator (invalid UTF-8 shown as U+FFFD).
    static func sourceLine(containing offset: Int, in source: [UInt8]) -> String {
        let offset = min(max(offset, 0), source.count)
        var start = offset
        while start > 0 && source[start - 1] != 10 && source[start - 1] != 13 { start -= 1 }
        var end = offset
        while end < source.count && source[end] != 10 && source[end] != 13 { end += 1 }
        var bytes = source[start..<end]
        if start == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
