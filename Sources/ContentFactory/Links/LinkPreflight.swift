/// The pre-flight of a job's link targets: every URL the job could emit is checked before anything
/// is written, and each finding names its `link_targets` row.
enum LinkPreflight {
    /// `E_LINK` for a URL that must not be emitted; `W_LINK` for a row that can never match.
    static func diagnostics(_ targets: [LinkTarget]) -> [GenerationDiagnostic] {
        var findings: [GenerationDiagnostic] = []
        for target in targets {
            if let problem = LinkTarget.urlProblem(target.url) {
                findings.append(GenerationDiagnostic(
                    code: GenerationError.Code.link.rawValue, message: "link_targets row \(target.id.uuidString.lowercased()): \(problem)",
                    templateKind: "link_targets", rowID: target.id))
            }
            if target.keyword.trimmingSpaces.isEmpty {
                findings.append(GenerationDiagnostic(
                    severity: .warning, code: "W_LINK", message: "link_targets row \(target.id.uuidString.lowercased()) has no keyword_focus; it never links",
                    templateKind: "link_targets", rowID: target.id))
            }
        }
        return findings
    }

    /// The targets a job links: those with a keyword (URLs are valid once the pre-flight passed).
    static func usable(_ targets: [LinkTarget]) -> [LinkTarget] {
        targets.filter { !$0.keyword.trimmingSpaces.isEmpty && LinkTarget.urlProblem($0.url) == nil }
    }
}
