/// The Schema.org JSON-LD of one article (Docs/Jobs.md#what-a-job-writes), written with a fixed key order so that a
/// re-run of a job produces byte-identical `schema_json`.
package struct SchemaOrgArticle: Sendable, Hashable {
    /// The article's title; `json` cuts it to `headlineLimit` characters.
    package var headline: String
    /// A plain-text excerpt of the body (about 155 characters, cut at a word).
    package var description: String
    /// The body's word count, written as the JSON-LD `wordCount`.
    package var wordCount: Int
    /// ISO 8601, the job's `created_at`.
    package var datePublished: String
    /// The site's name, as the `Organization` publisher.
    package var publisherName: String
    /// The site's URL; nil leaves the publisher's `url` out.
    package var publisherURL: String?
    /// Site URL + `/` + slug.
    package var pageURL: String?
    /// The city (or county) the article is about; with `region`, the `about` place.
    package var locality: String?
    /// The state code (or state name) of the place.
    package var region: String?
    /// The persona's name, as `audience.audienceType`; nil or empty leaves the audience out.
    package var audience: String?
    /// Question and answer pairs of the article's FAQ section; when there are any, `json` is a graph
    /// of the `Article` and an `FAQPage` (only with `filters.faq_schema`).
    package var faq: [FAQEntry] = []

    /// The longest `headline` Google accepts for articles.
    package static let headlineLimit = 110

    /// `faq` starts empty; it is set after the body is final, when the job asks for FAQ schema.
    package init(headline: String, description: String, wordCount: Int, datePublished: String,
                publisherName: String, publisherURL: String?, pageURL: String?,
                locality: String?, region: String?, audience: String?) {
        self.headline = headline
        self.description = description
        self.wordCount = wordCount
        self.datePublished = datePublished
        self.publisherName = publisherName
        self.publisherURL = publisherURL
        self.pageURL = pageURL
        self.locality = locality
        self.region = region
        self.audience = audience
    }

    /// The page URL for `slug` under `siteURL` (one `/` between them).
    package static func pageURL(siteURL: String?, slug: String) -> String? {
        guard var base = siteURL, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + slug
    }

    /// Compact JSON text: the `Article`, or with `faq` an `@graph` of the `Article` and an `FAQPage`.
    package var json: String {
        guard !faq.isEmpty else { return articleJSON(context: true) }
        var text = #"{"@context":"https://schema.org","@graph":["#
        text += articleJSON(context: false)
        text += ","
        text += FAQEntry.pageJSON(faq)
        return text + "]}"
    }

    private func articleJSON(context: Bool) -> String {
        var writer = JSONObjectWriter()
        if context { writer.field("@context", "https://schema.org") }
        writer.field("@type", "Article")
        writer.field("headline", Self.truncated(headline, to: Self.headlineLimit))
        writer.field("description", description)
        writer.field("wordCount", wordCount)
        writer.field("datePublished", datePublished)
        writer.object("publisher") { publisher in
            publisher.field("@type", "Organization")
            publisher.field("name", publisherName)
            if let publisherURL, !publisherURL.isEmpty { publisher.field("url", publisherURL) }
        }
        if let pageURL { writer.field("mainEntityOfPage", pageURL) }
        if locality != nil || region != nil {
            writer.object("about") { place in
                place.field("@type", "Place")
                if let locality { place.field("name", region.map { "\(locality), \($0)" } ?? locality) }
                place.object("address") { address in
                    address.field("@type", "PostalAddress")
                    if let locality { address.field("addressLocality", locality) }
                    if let region { address.field("addressRegion", region) }
                    address.field("addressCountry", "US")
                }
            }
        }
        if let audience, !audience.isEmpty {
            writer.object("audience") { block in
                block.field("@type", "Audience")
                block.field("audienceType", audience)
            }
        }
        return writer.finish()
    }

    private static func truncated(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = text.prefix(limit - 1)
        if let space = head.lastIndex(of: " ") { return String(head[..<space]) + "…" }
        return String(head) + "…"
    }
}

/// Writes one JSON object with keys in the order they are added.
struct JSONObjectWriter {
    private var text = "{"
    private var first = true

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        JSONObjectWriter.appendString(name, to: &text)
        text += ":"
    }

    mutating func field(_ name: String, _ value: String) {
        key(name)
        JSONObjectWriter.appendString(value, to: &text)
    }

    mutating func field(_ name: String, _ value: Int) {
        key(name)
        text += String(value)
    }

    mutating func object(_ name: String, _ body: (inout JSONObjectWriter) -> Void) {
        key(name)
        var nested = JSONObjectWriter()
        body(&nested)
        text += nested.finish()
    }

    func finish() -> String { text + "}" }

    /// Appends `value` as a JSON string literal (RFC 8259 escaping; `/` left alone).
    static func appendString(_ value: String, to text: inout String) {
        JSONText.writeString(value, to: &text)
    }
}
