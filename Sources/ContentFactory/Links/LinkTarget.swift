import Foundation

/// One active `link_targets` row of a site: where a keyword in an article's body should link.
package struct LinkTarget: Sendable, Hashable {
    /// The `link_targets` row, named in errors and in `batch.committed` details.
    package var id: UUID
    /// `target_url`, as stored (validated by `urlProblem` before any article is written).
    package var url: String
    /// `anchor_text`; the link's text when `filters.links.anchor` is `"anchor_text"`.
    package var anchorText: String?
    /// `keyword_focus`: the words linked where they first occur in the body.
    package var keyword: String

    /// Why `url` must not be emitted, or nil when it may.
    ///
    /// Allowed: absolute `http://` and `https://` URLs with a host, and site-root paths (`/pricing`).
    /// Refused: every other scheme (`javascript:`, `data:`, `mailto:`, …), scheme-relative `//host`
    /// (it leaves the site's scheme to chance), relative paths (they resolve differently on every
    /// article's URL), and control characters or white space anywhere (browsers strip some of them,
    /// which is how `java\tscript:` slips past naive checks).
    package static func urlProblem(_ url: String) -> String? {
        if url.isEmpty { return "target_url is empty" }
        if url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || ($0.value >= 0x80 && $0.value <= 0x9F) }) {
            return "target_url contains white space or a control character"
        }
        if url.hasPrefix("//") { return "target_url \"\(url)\" is scheme-relative; write https://… or a site path /…" }
        if url.hasPrefix("/") { return nil }
        let lower = url.lowercased()
        for scheme in ["https://", "http://"] where lower.hasPrefix(scheme) {
            let rest = lower.dropFirst(scheme.count)
            let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return host.isEmpty ? "target_url \"\(url)\" has no host" : nil
        }
        if let colon = url.firstIndex(of: ":"), url[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) {
            return "target_url scheme \"\(url[..<colon])\" is not allowed; only http(s) URLs and site paths starting with /"
        }
        return "target_url \"\(url)\" is a relative path; write a site path starting with / or an http(s) URL"
    }
}
