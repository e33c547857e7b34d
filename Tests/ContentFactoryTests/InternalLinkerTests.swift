import Foundation
import Testing
@testable import ContentFactory

/// The linker alone: where it may and may not put a link, escaping, budgets, URL checks.
@Suite struct InternalLinkerTests {
    static let solar = LinkTarget(id: UUID(uuidString: "a0000000-0000-4000-8000-000000000001")!, url: "/solar", anchorText: "Solar & Co", keyword: "solar panels")
    static let roof = LinkTarget(id: UUID(uuidString: "a0000000-0000-4000-8000-000000000002")!, url: "https://example.com/roof?a=1&b=\"2\"", anchorText: nil, keyword: "roof")
    static let cafe = LinkTarget(id: UUID(uuidString: "a0000000-0000-4000-8000-000000000003")!, url: "/cafe", anchorText: nil, keyword: "Café")

    /// Links every target that occurs, in the given order.
    func link(_ html: String, _ targets: [LinkTarget] = [solar, roof], anchor: InternalLinker.Anchor = .text, limit: Int = 3) -> String {
        let linker = InternalLinker(targets: targets, anchor: anchor)
        let bytes = Array(html.utf8)
        let result = linker.link(bytes, order: Array(targets.indices), occurrences: linker.occurrences(in: bytes), limit: limit)
        return String(decoding: result.html, as: UTF8.self)
    }

    @Test func linksTheFirstWholeWordOccurrenceCaseInsensitively() {
        #expect(link("<p>Solarium. SOLAR PANELS and solar panels.</p>")
            == #"<p>Solarium. <a href="/solar">SOLAR PANELS</a> and solar panels.</p>"#)
        #expect(link("<p>roofs, reroof, roof_top, roof.</p>")
            == #"<p>roofs, reroof, roof_top, <a href="https://example.com/roof?a=1&amp;b=&quot;2&quot;">roof</a>.</p>"#)
    }

    @Test(arguments: [
        "<h2>Solar panels</h2><h3>solar panels</h3>",
        #"<a href="/x">solar panels</a>"#,
        #"<p title="solar panels">x</p>"#,
        "<!-- solar panels --><p>x</p>",
        "<script>var s = 'solar panels';</script><style>/* solar panels */</style>",
        "<title>solar panels</title><textarea>solar panels</textarea>",
        "<button>solar panels</button><code>solar panels</code>",
        "<p><b>sol</b>ar panels and solar panel<i>s</i></p>",
        "<p>x&amp;solar panelsy</p>",
    ])
    func neverLinksOutsideBodyText(html: String) {
        #expect(link(html) == html)
    }

    @Test func headingsAndLinksEndWhereTheirTagsDo() {
        #expect(link("<h2>Solar panels</h2><p>solar panels</p>") == #"<h2>Solar panels</h2><p><a href="/solar">solar panels</a></p>"#)
        #expect(link(#"<a href="/x">roof</a> <b>roof</b>"#) == #"<a href="/x">roof</a> <b><a href="https://example.com/roof?a=1&amp;b=&quot;2&quot;">roof</a></b>"#)
        // An attribute value may hold `>`; the text after the tag is still found.
        #expect(link(#"<p data-x="a>b">solar panels</p>"#) == #"<p data-x="a>b"><a href="/solar">solar panels</a></p>"#)
    }

    @Test func characterReferencesCountAsTheirCharacters() {
        let target = LinkTarget(id: UUID(), url: "/ab", anchorText: nil, keyword: "A & B's")
        #expect(link("<p>see a &amp; b&#39;s list</p>", [target]) == #"<p>see <a href="/ab">a &amp; b&#39;s</a> list</p>"#)
        #expect(link("<p>CAFÉ café</p>", [Self.cafe]) == #"<p><a href="/cafe">CAFÉ</a> café</p>"#)
        let irish = LinkTarget(id: UUID(), url: "/ob", anchorText: nil, keyword: "O'Brien")
        #expect(link("<p>Ask o&#39;brien.</p>", [irish]) == #"<p>Ask <a href="/ob">o&#39;brien</a>.</p>"#)
        #expect(link("<p>&#83;olar panels</p>", [Self.solar]) == #"<p><a href="/solar">&#83;olar panels</a></p>"#)
        let eclair = LinkTarget(id: UUID(), url: "/e", anchorText: nil, keyword: "Éclair")
        #expect(link("<p>An ÉCLAIR, an éclair</p>", [eclair]) == #"<p>An <a href="/e">ÉCLAIR</a>, an éclair</p>"#)
        #expect(link("<p>caf&eacute;s</p>", [LinkTarget(id: UUID(), url: "/c", anchorText: nil, keyword: "caf")]) == "<p>caf&eacute;s</p>")
    }

    @Test func anchorTextIsEscapedAndReplacesTheWords() {
        #expect(link("<p>New solar panels here</p>", [Self.solar], anchor: .anchorText) == #"<p>New <a href="/solar">Solar &amp; Co</a> here</p>"#)
        // Without anchor_text, the words stay.
        #expect(link("<p>a roof</p>", [Self.roof], anchor: .anchorText).contains(">roof</a>"))
    }

    @Test func budgetAndOneLinkPerTarget() {
        let html = "<p>roof solar panels roof solar panels</p>"
        #expect(link(html, limit: 1) == #"<p>roof <a href="/solar">solar panels</a> roof solar panels</p>"#)
        let both = link(html)
        #expect(both.components(separatedBy: "<a ").count - 1 == 2)
    }

    @Test func overlappingKeywordsStepToTheNextOccurrence() {
        let panels = LinkTarget(id: UUID(), url: "/panels", anchorText: nil, keyword: "panels")
        #expect(link("<p>solar panels, then panels</p>", [Self.solar, panels])
            == #"<p><a href="/solar">solar panels</a>, then <a href="/panels">panels</a></p>"#)
    }

    @Test(arguments: [
        ("javascript:alert(1)", false), ("JavaScript:alert(1)", false), ("java\tscript:alert(1)", false),
        ("data:text/html,x", false), ("mailto:a@b.c", false), ("//evil.example/x", false), ("pricing", false),
        ("../x", false), ("https://", false), ("", false), ("/a b", false),
        ("https://example.com/a?b=1&c=\"2\"", true), ("http://example.com", true), ("/solar/austin-tx", true),
    ])
    func urlsOtherThanHTTPAndSitePathsAreRefused(url: String, allowed: Bool) {
        #expect((LinkTarget.urlProblem(url) == nil) == allowed, "\(url)")
    }

    @Test func scheduleDependsOnlyOnTheSequenceAndPrefersRareTargets() {
        let schedule = LinkSchedule(seed: 7, sampleSize: 100, sampleOccurrences: [100, 100, 10])
        #expect(schedule.order(eligible: [0, 1, 2], sequence: 5) == schedule.order(eligible: [0, 1, 2], sequence: 5))
        var firsts = [0, 0, 0]
        for sequence in 0..<3000 { firsts[schedule.order(eligible: [0, 1, 2], sequence: sequence)[0]] += 1 }
        // Weights 1 : 1 : ~9.2 give the rare target about 82% of first places.
        #expect(firsts[2] > 2200 && firsts[0] > 150 && firsts[1] > 150, "\(firsts)")
    }

    @Test func faqPairsBecomeAnFAQPage() throws {
        let body = Array(#"""
            <section class="cf-intro">
            <h3>Not a question</h3><p>no</p>
            </section>
            <section class="cf-faq_section">
            <h2>FAQ</h2>
            <h3>Is it &amp; worth it?</h3>
            <p>Yes, <a href="/x">mostly</a>.</p>
            <h3>Empty</h3>
            </section>
            """#.utf8)
        let entries = FAQEntry.entries(inBody: body)
        #expect(entries == [FAQEntry(question: "Is it & worth it?", answer: "Yes, mostly.")])
        var schema = SchemaOrgArticle(headline: "H", description: "D", wordCount: 3, datePublished: "2025-01-01T00:00:00Z",
                                      publisherName: "P", publisherURL: nil, pageURL: nil, locality: nil, region: nil, audience: nil)
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(schema.json.utf8)) as? [String: Any])
        #expect(plain["@type"] as? String == "Article")
        schema.faq = entries
        let graph = try #require(try JSONSerialization.jsonObject(with: Data(schema.json.utf8)) as? [String: Any])
        let nodes = try #require(graph["@graph"] as? [[String: Any]])
        #expect(nodes.map { $0["@type"] as? String } == ["Article", "FAQPage"])
        let question = try #require((nodes[1]["mainEntity"] as? [[String: Any]])?.first)
        #expect(question["name"] as? String == "Is it & worth it?")
        #expect((question["acceptedAnswer"] as? [String: Any])?["text"] as? String == "Yes, mostly.")
    }

    @Test func batchDetailsKeepTheTwentyMostLinkedTargets() {
        var summary = BatchWriteSummary(articles: 10, minWords: 1, meanWords: 1, maxWords: 1, underTarget: 0)
        let ids = (1...25).map { UUID(uuidString: String(format: "a0000000-0000-4000-8000-%012d", $0))! }
        summary.links = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0 + 1) })
        summary.relatedLinks = 4
        let record = JobRecord(id: UUID(), siteID: UUID(), status: .processing, targetQuantity: 10, batchSize: 10, filters: nil,
                               currentOffset: 0, attempt: 1, maxAttempts: 5, lockedBy: "w", createdAt: Date(), cancelRequestedAt: nil)
        let entry = WorkLogEntry.batchCommitted(record, worker: WorkerIdentity(id: "w"), from: 0, to: 10, progress: 10, milliseconds: 5, summary: summary)
        guard case .object(let links)? = entry.details["links"], case .object(let byTarget)? = links["by_target"] else {
            Issue.record("no links in \(entry.details)")
            return
        }
        #expect(links["inserted"] == .integer(Int64((1...25).reduce(0, +) + 4)))
        #expect(links["related"] == .integer(4))
        #expect(byTarget.count == 20)
        #expect(Set(byTarget.keys) == Set(ids[5...].map { $0.uuidString.lowercased() }))
        let completed = WorkLogEntry.completed(record, worker: WorkerIdentity(id: "w"), articles: 10, seconds: 1,
                                               totals: BatchWriteSummary.Totals().adding(summary))
        #expect(completed.details["links_inserted"] == .integer(Int64((1...25).reduce(0, +) + 4)))
    }
}
