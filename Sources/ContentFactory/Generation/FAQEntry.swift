/// One question of an article's FAQ section, as plain text, for `FAQPage` JSON-LD.
package struct FAQEntry: Sendable, Hashable {
    /// The `<h3>` text, tags removed.
    package var question: String
    /// The paragraphs up to the next question, as plain text, at most `answerLimit` characters.
    package var answer: String

    /// The longest answer kept (characters); longer ones are cut at a word with `…`.
    static let answerLimit = 1000

    /// The `<h3>` question / `<p>` answer pairs of the body's `faq_section` (the paragraphs up to the
    /// next `<h3>` or the end of the section make the answer). Empty when there is no such section or
    /// it holds no pair.
    static func entries(inBody html: [UInt8]) -> [FAQEntry] {
        guard let start = find(html, Array(#"<section class="cf-faq_section">"#.utf8), from: 0) else { return [] }
        let end = find(html, Array("</section>".utf8), from: start) ?? html.count
        var entries: [FAQEntry] = []
        var position = start
        while let open = find(html, Array("<h3".utf8), from: position, before: end) {
            guard let questionStart = find(html, Array(">".utf8), from: open, before: end).map({ $0 + 1 }),
                  let questionEnd = find(html, Array("</h3>".utf8), from: questionStart, before: end) else { break }
            let answerStart = questionEnd + 5
            let answerEnd = find(html, Array("<h3".utf8), from: answerStart, before: end) ?? end
            position = answerEnd
            let answerHTML = Array(html[answerStart..<answerEnd])
            guard find(answerHTML, Array("<p".utf8), from: 0) != nil else { continue }
            let question = ArticleText.excerpt(html: Array(html[questionStart..<questionEnd]), limit: 500)
            let answer = ArticleText.excerpt(html: answerHTML, limit: answerLimit)
            if !question.isEmpty, !answer.isEmpty { entries.append(FAQEntry(question: question, answer: answer)) }
        }
        return entries
    }

    /// `{"@type":"FAQPage","mainEntity":[…]}`.
    static func pageJSON(_ entries: [FAQEntry]) -> String {
        var text = #"{"@type":"FAQPage","mainEntity":["#
        for (index, entry) in entries.enumerated() {
            if index > 0 { text += "," }
            var writer = JSONObjectWriter()
            writer.field("@type", "Question")
            writer.field("name", entry.question)
            writer.object("acceptedAnswer") { answer in
                answer.field("@type", "Answer")
                answer.field("text", entry.answer)
            }
            text += writer.finish()
        }
        return text + "]}"
    }

    private static func find(_ html: [UInt8], _ needle: [UInt8], from: Int, before end: Int? = nil) -> Int? {
        let limit = (end ?? html.count) - needle.count
        guard from <= limit else { return nil }
        var index = from
        while index <= limit {
            if html[index] == needle[0], html[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
