/// The codes (Docs/Templates.md#diagnostics) that the parser reports.
enum DiagnosticCode: String, Sendable, Comparable {
    case E000, E001, E002, E003, E004, E005, E006, E007, E008, E009, E010, E011, E012
    case W101, W102, W103, W104, W105, W106, W107

    var isError: Bool { rawValue.hasPrefix("E") }

    /// Code of the note that ends a list cut to `maxDiagnostics` (not a finding, so not a case).
    static let truncationNote = "N001"

    static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A diagnostic before positions are resolved: offsets only, so collecting many stays cheap.
struct RawDiagnostic: Sendable {
    var code: DiagnosticCode
    var offset: Int
    var length: Int
    var message: String
    var related: [(String, Int)]
}

/// Turns byte offsets into 1-based `line:column` (columns in Unicode scalars; LF, CRLF and CR each one
/// line break; a leading BOM not counted) with one forward scan per batch of offsets.
struct SourceLocator {
    let source: [UInt8]
    let start: Int

    /// Positions of the sorted, de-duplicated `offsets`, in the same order.
    func positions(of offsets: [Int]) -> [(line: Int, column: Int)] {
        var result: [(line: Int, column: Int)] = []
        result.reserveCapacity(offsets.count)
        var line = 1
        var column = 1
        var i = start
        let n = source.count
        for target in offsets {
            while i < n && i < target {
                let b = source[i]
                if b == 10 || b == 13 {
                    // The LF of a CRLF belongs to the break the CR already counted.
                    if !(b == 10 && i > start && source[i - 1] == 13) {
                        line += 1
                        column = 1
                    }
                    i += 1
                } else {
                    let length = utf8ScalarLength(source, at: i)
                    let next = i + max(length, 1)
                    if next > target { break }  // target inside a scalar: report the scalar
                    column += 1
                    i = next
                }
            }
            result.append((line, column))
        }
        return result
    }

    /// Sorts by (line, column, code), keeps at most `limit`, resolves positions, and in lenient mode
    /// reports errors as warnings.
    ///
    /// Over the limit, errors are kept before warnings (a strict rejection must always say why), the
    /// kept ones stay in (line, column, code) order, and one final note at the end of the template says
    /// how many were left out. The note is the only diagnostic beyond `limit`.
    func resolve(_ raw: [RawDiagnostic], lenient: Bool, limit: Int) -> [Diagnostic] {
        // Byte order equals (line, column) order, so sorting by offset needs no positions yet.
        let all = raw.enumerated().sorted { x, y in
            (x.element.offset, x.element.code, x.offset) < (y.element.offset, y.element.code, y.offset)
        }.map(\.element)
        var sorted = all
        var omitted: (errors: Int, warnings: Int)? = nil
        if all.count > limit {
            let errorCount = all.reduce(0) { $0 + ($1.code.isError ? 1 : 0) }
            let keptErrors = min(limit, errorCount)
            var errorRoom = keptErrors
            var warningRoom = limit - keptErrors
            sorted = all.filter { d in
                if d.code.isError {
                    guard errorRoom > 0 else { return false }
                    errorRoom -= 1
                } else {
                    guard warningRoom > 0 else { return false }
                    warningRoom -= 1
                }
                return true
            }
            omitted = (errorCount - keptErrors, all.count - errorCount - (limit - keptErrors))
        }
        var wanted: [Int] = omitted == nil ? [] : [source.count]
        for d in sorted {
            wanted.append(d.offset)
            wanted.append(d.offset + d.length)
            for r in d.related { wanted.append(r.1) }
        }
        let unique = Array(Set(wanted)).sorted()
        let found = positions(of: unique)
        func position(_ offset: Int) -> (line: Int, column: Int) {
            var low = 0
            var high = unique.count - 1
            while low < high {
                let mid = (low + high) / 2
                if unique[mid] < offset { low = mid + 1 } else { high = mid }
            }
            return found[low]
        }
        var result = sorted.map { d in
            let begin = position(d.offset)
            let end = position(d.offset + d.length)
            let severity: Diagnostic.Severity = d.code.isError ? (lenient ? .warning : .error) : .warning
            var message = d.message
            if d.code == .E002, let eof = d.related.first {
                let p = position(eof.1)
                message += " (template ends at \(p.line):\(p.column))"
            }
            return Diagnostic(
                severity: severity, code: d.code.rawValue, message: message, line: begin.line,
                column: begin.column, endLine: end.line, endColumn: end.column, byteOffset: d.offset,
                length: d.length,
                related: d.related.map { r in
                    let p = position(r.1)
                    return RelatedLocation(message: r.0, line: p.line, column: p.column, byteOffset: r.1)
                })
        }
        if let omitted {
            // At the end of the template, so the list stays sorted by position with the note last.
            let end = position(source.count)
            let total = omitted.errors + omitted.warnings
            func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            let message =
                "\(plural(total, "more diagnostic")) left out (\(plural(omitted.errors, "error")), "
                + "\(plural(omitted.warnings, "warning"))); the limit is \(limit) and keeps errors first"
            result.append(
                Diagnostic(
                    severity: .note, code: DiagnosticCode.truncationNote, message: message, line: end.line,
                    column: end.column, endLine: end.line, endColumn: end.column, byteOffset: source.count,
                    length: 0))
        }
        return result
    }
}
