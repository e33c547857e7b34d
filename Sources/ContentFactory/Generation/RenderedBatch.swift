import Spintax

/// Articles rendered for one batch of a job, ready to write.
public struct RenderedBatch: Sendable {
    /// The job_seq values covered, in order.
    public var range: Range<Int>
    /// One per index of `range`, in order.
    public var articles: [RenderedArticle]

    public init(range: Range<Int>, articles: [RenderedArticle]) {
        self.range = range
        self.articles = articles
    }
}

/// One rendered article. The slug is final only after `PreparedGeneration.write` resolved collisions
/// against the site's existing rows; `schema` is rebuilt then if the slug changed.
public struct RenderedArticle: Sendable, Equatable {
    public var sequence: Int
    public var title: String
    /// The HTML body.
    public var content: String
    /// The slug before collision suffixes.
    public var slugBase: String
    public var wordCount: Int
    public var schema: SchemaOrgArticle
    /// `schema.json` for `slugBase`, made while rendering (on every core) so the write does not have
    /// to; empty when it must be made again.
    public var schemaJSON: String
    /// 128-bit digest of `content` (`DigestSet.digest`), for the job's distinctness check.
    public var contentDigest: (UInt64, UInt64)
    /// The templates the body used, one per section in section order (for reports on what makes
    /// articles alike).
    public var fragments: [FragmentRef] = []
    /// The article's own place and persona names (city, county, state, state code, persona; the
    /// non-blank ones, verbatim): what a similarity measure masks so a city swap alone is no difference.
    public var maskTerms: [String] = []
    /// Shingles and band keys for the near-duplicate guard; nil when the job's guard is off.
    public var fingerprint: ArticleFingerprint?

    public init(sequence: Int, title: String, content: String, slugBase: String, wordCount: Int, schema: SchemaOrgArticle) {
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

    public static func == (lhs: RenderedArticle, rhs: RenderedArticle) -> Bool {
        lhs.sequence == rhs.sequence && lhs.title == rhs.title && lhs.content == rhs.content
            && lhs.slugBase == rhs.slugBase && lhs.wordCount == rhs.wordCount && lhs.schema == rhs.schema
            && lhs.schemaJSON == rhs.schemaJSON && lhs.fragments == rhs.fragments && lhs.maskTerms == rhs.maskTerms
    }
}

/// What a batch write reports, for the `batch.committed` work_log row.
public struct BatchWriteSummary: Sendable, Hashable {
    public var articles: Int
    public var minWords: Int
    public var meanWords: Double
    public var maxWords: Int
    /// Articles under 80% of the campaign's target word count.
    public var underTarget: Int
    /// The near-duplicate guard's findings for the batch; nil with the guard off.
    public var similarity: BatchSimilarity?
    /// With the job's last batch: the guard's findings over the whole job.
    public var jobSimilarity: JobSimilarity?

    public init(articles: Int, minWords: Int, meanWords: Double, maxWords: Int, underTarget: Int,
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
