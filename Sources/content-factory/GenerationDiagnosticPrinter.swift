import ContentFactory

/// Prints generation diagnostics compiler-style: `where:line:col: error[CODE]: message`, the source
/// line with a gutter, and a caret under the column (Unicode scalars, as the column counts them).
enum GenerationDiagnosticPrinter {
    static func text(_ diagnostics: [GenerationDiagnostic]) -> String {
        var output = ""
        for diagnostic in diagnostics {
            output += diagnostic.description + "\n"
            if let line = diagnostic.line, let column = diagnostic.column, let source = diagnostic.sourceLine {
                let gutter = String(line)
                let pad = String(repeating: " ", count: gutter.count)
                output += " \(gutter) | \(source)\n"
                let prefix = source.unicodeScalars.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
                output += " \(pad) | \(prefix)^\n"
            }
        }
        return output
    }
}
