import Foundation
import Testing
@testable import ContentFactory

@Suite struct ArticleTextTests {
    @Test(arguments: [
        ("São Paulo's Best Solar", "sao-paulo-s-best-solar"),
        ("  Best Solar Services in Austin, TX (2025 Guide) - Compare Free Quotes  ",
         "best-solar-services-in-austin-tx-2025-guide-compare-free-quotes"),
        ("Straße & Crème Brûlée", "strasse-and-creme-brulee"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("!!!", "article"),
        ("Fish & Chips in Austin", "fish-and-chips-in-austin"),
    ])
    func slugFoldsToASCII(title: String, slug: String) {
        #expect(Slug.make(title) == slug)
    }

    @Test func slugIsCutAtAWordBoundary() {
        let title = String(repeating: "solar panels ", count: 20)
        let slug = Slug.make(title)
        #expect(slug.utf8.count <= Slug.maxLength)
        #expect(!slug.hasSuffix("-"))
        #expect(slug.hasSuffix("panels") || slug.hasSuffix("solar"))
    }

    @Test func collisionsGetNumberedSuffixes() {
        let taken: Set<String> = ["best-solar", "best-solar-2"]
        #expect(Slug.unique("best-solar") { taken.contains($0) } == "best-solar-3")
        #expect(Slug.unique("other") { taken.contains($0) } == "other")
    }

    @Test func wordCountIgnoresTags() {
        let html = Array("<section class=\"cf-intro\"><p>Solar in <b>Austin</b>, TX saves money.</p>\n<p>Call now</p></section>".utf8)
        #expect(ArticleText.wordCount(html: html) == 8)
    }

    @Test(arguments: [
        // Inline tags in any case join words; other tags, and names that only start like one, split them.
        ("a<STRONG>b</Strong>c", 1), ("a<strongest>b", 2), ("a</ EM>b", 2), ("a<em/>b", 1), ("a<abbreviation>b", 2),
        ("a<>b", 2), ("a</>b", 2), ("a<br>b<i class=\"x\">c", 2), ("one <b", 1), ("x<", 1), ("<", 0),
    ])
    func wordCountTreatsOnlyInlineTagsAsJoining(html: String, words: Int) {
        #expect(ArticleText.wordCount(html: Array(html.utf8)) == words)
    }

    @Test func excerptCutsBetweenCharactersNotBytes() {
        let html = Array("<p>\(String(repeating: "Zürich café ", count: 20))</p>".utf8)
        let excerpt = ArticleText.excerpt(html: html, limit: 30)
        #expect(excerpt == "Zürich café Zürich café…")
        // No space before the limit: cut at the limit itself.
        #expect(ArticleText.excerpt(html: Array(String(repeating: "é", count: 40).utf8), limit: 10) == String(repeating: "é", count: 10) + "…")
    }

    @Test func paragraphsAreWrappedAtBlankLines() {
        var output: [UInt8] = []
        ArticleText.wrapParagraphs(Array("First line\nstill first.\n\n  \nSecond.\n".utf8), into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "<p>First line\nstill first.</p>\n<p>Second.</p>\n")
        #expect(ArticleText.containsTag(Array("a <p>b</p>".utf8)))
        #expect(!ArticleText.containsTag(Array("3 < 4 and 5 > 2".utf8)))
    }

    @Test func excerptDecodesEntitiesAndCutsAtAWord() {
        let html = Array("<p>Fish &amp; chips in <b>Austin</b></p><p>\(String(repeating: "word ", count: 60))</p>".utf8)
        let excerpt = ArticleText.excerpt(html: html, limit: 40)
        #expect(excerpt.hasPrefix("Fish & chips in Austin word"))
        #expect(excerpt.hasSuffix("…"))
        #expect(excerpt.count <= 41)
    }

    @Test func schemaJSONHasAFixedKeyOrderAndEscapes() {
        let article = SchemaOrgArticle(
            headline: "Best \"Solar\" in Austin", description: "Line\nbreak", wordCount: 900,
            datePublished: "2025-01-02T03:04:05Z", publisherName: "Sunrise", publisherURL: "https://sunrise.example",
            pageURL: SchemaOrgArticle.pageURL(siteURL: "https://sunrise.example/", slug: "best-solar"),
            locality: "Austin", region: "TX", audience: "The Skeptic")
        #expect(article.json.hasPrefix(#"{"@context":"https://schema.org","@type":"Article","headline":"Best \"Solar\" in Austin","description":"Line\nbreak","wordCount":900"#))
        #expect(article.json.contains(#""mainEntityOfPage":"https://sunrise.example/best-solar""#))
        #expect(article.json.contains(#""addressRegion":"TX","addressCountry":"US""#))
    }
}

@Suite struct DatePublishedTests {
    @Test func formatsUTCToTheSecond() {
        #expect(PreparedCampaignJob.iso8601(Date(timeIntervalSince1970: 1_740_830_400.75)) == "2025-03-01T12:00:00Z")
        #expect(PreparedCampaignJob.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }
}
