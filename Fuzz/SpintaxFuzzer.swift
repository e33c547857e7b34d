// libFuzzer harness for the Spintax parser and renderer (issue 4).
//
// Not part of any SwiftPM target: scripts/fuzz-spintax compiles this file together with
// Sources/Spintax/*.swift into one module named Spintax (so no `import`), with
// `swiftc -sanitize=fuzzer,address -parse-as-library`. A violated invariant traps with a message,
// which libFuzzer reports as a crash and saves the input under Fuzz/crashes/.
//
// For each input, in strict and in lenient mode:
//   - parsing never crashes and every diagnostic points inside the input (line, column, byte
//     range, related locations), and diagnostics come sorted by (line, column, code);
//   - strict mode returns a template exactly when there is no error (see the exemption below);
//   - a template is resolved against a binding that gives every referenced variable a short
//     value, one of them `{a|b}` (values are atomic text), then rendered twice with the same
//     seed and index: both renders are equal;
//   - when the binding's count is exact, variant(0) and variant(count - 1) render, and for small
//     spaces the enumerator yields exactly `count` outputs, each equal to variant(k);
//   - a template that parses strictly renders the same in lenient mode.

@_cdecl("LLVMFuzzerTestOneInput")
public func spintaxFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    let strict = FuzzCheck.parse(source, mode: .strict)
    let lenient = FuzzCheck.parse(source, mode: .lenient)
    if let strictTemplate = strict, let lenientTemplate = lenient {
        let strictBinding = FuzzCheck.binding(for: strictTemplate)
        let lenientBinding = FuzzCheck.binding(for: lenientTemplate)
        for index: UInt64 in [0, 7] {
            var a: [UInt8] = []
            var b: [UInt8] = []
            strictTemplate.render(seed: 42, index: index, binding: strictBinding, into: &a)
            lenientTemplate.render(seed: 42, index: index, binding: lenientBinding, into: &b)
            FuzzCheck.require(a == b, "strict and lenient renders of a valid template differ at index \(index)")
        }
    }
    return 0
}

enum FuzzCheck {
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("invariant violated: \(message())") }
    }

    /// Parses, checks the diagnostics, and exercises whatever template comes back.
    static func parse(_ source: [UInt8], mode: ParseOptions.Mode) -> Template? {
        let result = Template.parse(source, options: ParseOptions(mode: mode))
        checkDiagnostics(result.diagnostics, source: source, mode: mode)
        let hasError = result.diagnostics.contains { $0.severity == .error }
        if mode == .strict {
            require(!(hasError && result.template != nil), "strict: a template came back despite errors")
            require(hasError || result.template != nil, "strict: template rejected without an error")
        }
        guard let template = result.template else { return nil }
        exercise(template, mode: mode)
        return template
    }

    static func checkDiagnostics(_ diagnostics: [Diagnostic], source: [UInt8], mode: ParseOptions.Mode) {
        var lines = 1
        var i = 0
        while i < source.count {
            if source[i] == 0x0A {
                lines += 1
            } else if source[i] == 0x0D {
                lines += 1
                if i + 1 < source.count && source[i + 1] == 0x0A { i += 1 }
            }
            i += 1
        }
        let size = source.count
        for d in diagnostics {
            let what = "\(mode) \(d.code) at \(d.line):\(d.column)-\(d.endLine):\(d.endColumn) bytes \(d.byteOffset)+\(d.length) in \(size) bytes, \(lines) lines"
            require(d.line >= 1 && d.line <= lines, "line out of range: \(what)")
            require(d.column >= 1 && d.column <= size + 1, "column out of range: \(what)")
            require(d.endLine >= d.line && d.endLine <= lines, "end line out of range: \(what)")
            require(d.endLine > d.line || d.endColumn >= d.column, "end before start: \(what)")
            require(d.endColumn >= 1 && d.endColumn <= size + 1, "end column out of range: \(what)")
            require(d.byteOffset >= 0 && d.length >= 0 && d.byteOffset + d.length <= size, "byte range out of range: \(what)")
            require(!d.code.isEmpty && !d.message.isEmpty, "empty code or message: \(what)")
            for r in d.related {
                require(r.line >= 1 && r.line <= lines && r.column >= 1 && r.column <= size + 1, "related position out of range: \(what) -> \(r.line):\(r.column)")
                require(r.byteOffset >= 0 && r.byteOffset <= size, "related byte offset out of range: \(what) -> \(r.byteOffset)")
            }
        }
        for (a, b) in zip(diagnostics, diagnostics.dropFirst()) {
            require((a.line, a.column) <= (b.line, b.column), "diagnostics not sorted: \(a.code)@\(a.line):\(a.column) before \(b.code)@\(b.line):\(b.column)")
            if (a.line, a.column) == (b.line, b.column) {
                require(a.code <= b.code, "diagnostics at one position not sorted by code: \(a.code), \(b.code)")
            }
        }
    }

    /// Every referenced variable bound to a short value; the first one holds spintax syntax, which
    /// must come out literally.
    static func binding(for template: Template) -> ResolvedBinding {
        var values: [String: String] = [:]
        for (j, name) in template.variableNames.enumerated() {
            values[name] = j == 0 ? "{a|b}" : "v\(j)"
        }
        do {
            return try template.resolve(Binding(values))
        } catch {
            fatalError("invariant violated: resolve failed for a complete binding: \(error)")
        }
    }

    static func exercise(_ template: Template, mode: ParseOptions.Mode) {
        let binding = binding(for: template)
        var first: [UInt8] = []
        var second: [UInt8] = []
        template.render(seed: 42, index: 3, binding: binding, into: &first)
        template.render(seed: 42, index: 3, binding: binding, into: &second)
        require(first == second, "\(mode): two renders with the same seed and index differ")

        // With conditionals (or lists) the binding decides the count; `Template.count` takes each
        // conditional's larger branch.
        guard case .exact(let count) = binding.variantCount ?? template.count else { return }
        require(count >= 1, "\(mode): exact count 0")
        var low: [UInt8] = []
        var high: [UInt8] = []
        template.variant(0, binding: binding, into: &low)
        template.variant(count - 1, binding: binding, into: &high)
        var again: [UInt8] = []
        template.variant(0, binding: binding, into: &again)
        require(low == again, "\(mode): variant(0) not deterministic")
        if count <= 64 {
            var enumerator = template.makeVariantEnumerator(binding: binding)
            var output: [UInt8] = []
            var k: UInt64 = 0
            while enumerator.next(into: &output) {
                require(k < count, "\(mode): enumerator yields more than count \(count)")
                var expected: [UInt8] = []
                template.variant(k, binding: binding, into: &expected)
                require(output == expected, "\(mode): enumerator output \(k) differs from variant(\(k))")
                k += 1
            }
            require(k == count, "\(mode): enumerator yielded \(k) of \(count)")
        }
    }
}
