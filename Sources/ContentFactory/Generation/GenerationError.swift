import Foundation
import Spintax

/// A job cannot be generated as asked. Permanent: the queue fails the job without retrying, with every
/// diagnostic in `work_log` and the first in `last_error`.
package struct GenerationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; extensible. Codes the spintax engine also raises take their text from
    /// `SpintaxError.Code`, so each string is defined once.
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable string, as written to `last_error` and `work_log`, e.g. `E_CAPACITY`.
        package let rawValue: String
        /// Creates a code from its stable string.
        package init(rawValue: String) { self.rawValue = rawValue }
        /// The same code as a spintax error's.
        init(_ code: SpintaxError.Code) { self.rawValue = code.rawValue }
        /// The raw value.
        package var description: String { rawValue }

        /// `filters` is unusable (see `JobSpecError`).
        package static let invalidSpec = Code(rawValue: "E_SPEC")
        /// A row the job needs (campaign, site, …) does not exist.
        package static let missingData = Code(rawValue: "E_MISSING")
        /// One or more templates or data rows failed the pre-flight; see `diagnostics`.
        package static let validationFailed = Code(rawValue: "E_VALIDATION")
        /// The space of distinct articles or titles is smaller than the quantity asked.
        package static let capacity = Code(SpintaxError.Code.capacity)
        /// Two articles came out identical (only an ambiguous template can do that).
        package static let collision = Code(SpintaxError.Code.collision)
        /// `headline_source = inventory` and the campaign has no unused headline left.
        package static let inventoryExhausted = Code(rawValue: "E_INVENTORY")
        /// A `link_targets` row holds a URL the generator must not emit (`javascript:`, a relative path, …).
        package static let link = Code(rawValue: "E_LINK")
        /// An article is over `max_similarity` against an earlier article of its site (`on_similar: fail`).
        package static let similar = Code(rawValue: "E_SIMILAR")
    }

    /// What kind of problem it is; decides nothing about retrying (every `GenerationError` is permanent).
    package var code: Code
    /// One line for `last_error`.
    package var message: String
    /// Every problem found, in a stable order (may be empty for single-cause errors).
    package var diagnostics: [GenerationDiagnostic]

    /// Makes an error; pass the pre-flight findings as `diagnostics` so `work_log` lists them all.
    package init(_ code: Code, _ message: String, diagnostics: [GenerationDiagnostic] = []) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
    }

    /// `E_CAPACITY: …`, or the first diagnostic when there are several.
    package var description: String {
        if let first = diagnostics.first, diagnostics.count > 1 {
            return "\(code): \(message); first: \(first)"
        }
        return "\(code): \(message)"
    }
}

/// One pre-flight finding: a template position or a data row, with its code.
package struct GenerationDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An error makes the job fail; a warning is reported and the job goes on.
    package enum Severity: String, Sendable, Hashable, Codable { case error, warning }

    /// Whether the finding stops the job.
    package var severity: Severity
    /// `E002`, `R001`, `E_CAPACITY`, …
    package var code: String
    /// What is wrong, in a sentence.
    package var message: String
    /// What the template is: `headline`, `pattern`, `fragment`, `offer_block`, or a row kind for R001.
    package var templateKind: String?
    /// The row holding the template (fragment id, pattern id, …).
    package var templateID: UUID?
    /// A readable name for the template, e.g. `fragment pillar_2 #1`.
    package var templateName: String?
    /// The data row an R001 is about.
    package var rowID: UUID?
    /// 1-based line in the template, when the finding has a position.
    package var line: Int?
    /// 1-based column in `line`, when the finding has a position.
    package var column: Int?
    /// The source line, for compiler-style output.
    package var sourceLine: String?

    /// Every field but `code` and `message` is optional: a data-row finding has no position, a template finding no `rowID`.
    package init(severity: Severity = .error, code: String, message: String, templateKind: String? = nil,
                templateID: UUID? = nil, templateName: String? = nil, rowID: UUID? = nil,
                line: Int? = nil, column: Int? = nil, sourceLine: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.templateKind = templateKind
        self.templateID = templateID
        self.templateName = templateName
        self.rowID = rowID
        self.line = line
        self.column = column
        self.sourceLine = sourceLine
    }

    /// `fragment pillar_2 #1 (21000000-…):4:17: error[E002]: '{' is never closed`.
    package var description: String {
        var location = templateName ?? templateKind ?? "job"
        if let templateID { location += " (\(templateID.uuidString.lowercased()))" }
        if let line, let column { location += ":\(line):\(column)" }
        var text = "\(location): \(severity.rawValue)[\(code)]: \(message)"
        if let rowID { text += " [row \(rowID.uuidString.lowercased())]" }
        return text
    }
}
