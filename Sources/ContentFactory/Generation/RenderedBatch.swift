import Foundation
import Spintax

/// Articles rendered for one batch of a job, ready to write.
package struct RenderedBatch: Sendable {
    /// The job_seq values covered, in order.
    package var range: Range<Int>
    /// One per index of `range`, in order (empty for a headline job).
    package var articles: [RenderedArticle]
    /// A headline job's titles, one per index of `range`, in order (empty for an article job).
    package var headlines: [String] = []
}

/// One rendered article. The slug is final only after `PreparedGeneration.write` resolved collisions
/// against the site's existing rows; `schema` is rebuilt then if the slug changed.
package struct RenderedArticle: Sendable, Equatable {
    /// The article's job_seq.
    package var sequence: Int
    /// The rendered title (plain text).
    package var title: String
    /// The HTML body.
    package var content: String
    /// The slug before collision suffixes.
    package var slugBase: String
    /// Words in the body's text, tags excluded.
    package var wordCount: Int
    /// The schema.org `Article` object stored beside the article.
    package var schema: SchemaOrgArticle
    /// `schema.json` for `slugBase`, made while rendering (on every core) so the write does not have
    /// to; empty when it must be made again.
    package var schemaJSON: String
    /// 128-bit digest of `content` (`DigestSet.digest`), for the job's distinctness check. Taken before
    /// internal links are added: links differ by job_seq, so they would hide a repeated body.
    package var contentDigest: (UInt64, UInt64)
    /// The link targets linked in `content` (indices into the job's targets), in the order chosen.
    package var links: [Int] = []
    /// The templates the body used, one per section in section order (for reports on what makes
    /// articles alike).
    package var fragments: [FragmentRef] = []
    /// The article's own place and persona names (city, county, state, state code, persona; the
    /// non-blank ones, verbatim): what a similarity measure masks so a city swap alone is no difference.
    package var maskTerms: [String] = []
    /// Shingles and band keys for the near-duplicate guard; nil when the job's guard is off.
    package var fingerprint: ArticleFingerprint?

    /// Also encodes `schemaJSON` and takes `contentDigest` from `content`, so pass the body before links are added.
    package init(sequence: Int, title: String, content: String, slugBase: String, wordCount: Int, schema: SchemaOrgArticle) {
        self.sequence = sequence
        self.title = title
        self.content = content
        self.slugBase = slugBase
        self.wordCount = wordCount
        self.schema = schema
        self.schemaJSON = schema.json
        var text = content
        self.contentDigest = text.withUTF8 { DigestSet.digest(UnsafeRawBufferPointer($0)) }
    }

    /// Compares what is written; the digest, links and fingerprint are derived and left out.
    package static func == (lhs: RenderedArticle, rhs: RenderedArticle) -> Bool {
        lhs.sequence == rhs.sequence && lhs.title == rhs.title && lhs.content == rhs.content
            && lhs.slugBase == rhs.slugBase && lhs.wordCount == rhs.wordCount && lhs.schema == rhs.schema
            && lhs.schemaJSON == rhs.schemaJSON && lhs.fragments == rhs.fragments && lhs.maskTerms == rhs.maskTerms
    }
}

/// What a batch write reports, for the `batch.committed` work_log row.
package struct BatchWriteSummary: Sendable, Hashable {
    /// What a job's committed batches added up to, for `job.completed`.
    package struct Totals: Sendable, Hashable {
        /// Internal links, to targets and related articles; nil while no batch of the job linked.
        package var links: Int?
        /// Headlines added (headline jobs); nil for article jobs.
        package var headlines: Int?

        /// Nil totals mean "nothing of that kind yet".
        package init(links: Int? = nil, headlines: Int? = nil) {
            self.links = links
            self.headlines = headlines
        }

        /// These totals plus one batch's.
        package func adding(_ summary: BatchWriteSummary) -> Totals {
            func sum(_ total: Int?, _ value: Int?) -> Int? {
                value.map { (total ?? 0) + $0 } ?? total
            }
            let linked = summary.links.map { $0.values.reduce(0, +) }
            return Totals(links: sum(sum(links, linked), summary.relatedLinks),
                          headlines: sum(headlines, summary.headlinesInserted))
        }
    }


    /// Articles written by the batch.
    package var articles: Int
    /// The shortest article's word count.
    package var minWords: Int
    /// The mean word count.
    package var meanWords: Double
    /// The longest article's word count.
    package var maxWords: Int
    /// Articles under 80% of the campaign's target word count.
    package var underTarget: Int
    /// Internal links written, per `link_targets` row; nil when the job does not link.
    package var links: [UUID: Int]?
    /// Links to related articles of the job (`filters.links.related`); nil when off.
    package var relatedLinks: Int?
    /// Headline jobs: rows added to `headline_inventory` (the rest of the batch existed already);
    /// nil for article jobs.
    package var headlinesInserted: Int?
    /// The near-duplicate guard's findings for the batch; nil with the guard off.
    package var similarity: BatchSimilarity?
    /// With the job's last batch: the guard's findings over the whole job.
    package var jobSimilarity: JobSimilarity?

    /// Links, related links and headlines are set after the write, when they are known.
    package init(articles: Int, minWords: Int, meanWords: Double, maxWords: Int, underTarget: Int,
                similarity: BatchSimilarity? = nil, jobSimilarity: JobSimilarity? = nil) {
        self.articles = articles
        self.minWords = minWords
        self.meanWords = meanWords
        self.maxWords = maxWords
        self.underTarget = underTarget
        self.similarity = similarity
        self.jobSimilarity = jobSimilarity
    }
}
