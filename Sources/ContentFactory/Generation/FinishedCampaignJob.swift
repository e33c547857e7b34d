import Foundation
import PostgresClient
import Spintax

/// A prepared campaign job plus what each article gets after its body is assembled: internal links
/// (`filters.links`) and the `FAQPage` JSON-LD (`filters.faq_schema`).
///
/// A separate step on purpose: the body, its digest and its uniqueness are settled first, and links
/// are laid over the final body, so the uniqueness checks never depend on the site's link targets.
final class FinishedCampaignJob: PreparedGeneration {
    let base: PreparedCampaignJob
    /// Nil when the job does not link (off, or the site has no usable target).
    let linking: ArticleLinking?
    let faqSchema: Bool
    /// `filters.links.related`, when on.
    let related: RelatedArticles?

    var targetQuantity: Int { base.targetQuantity }

    var commitsIndependently: Bool {
        related == nil && base.spec.headlineSource == .spintax && !base.spec.similarity.isEnabled
    }

    /// - Throws: `GenerationError` from rendering the sample that sets the link weights.
    init(base: PreparedCampaignJob) throws(GenerationError) {
        self.base = base
        self.faqSchema = base.spec.faqSchema
        let links = base.spec.links
        self.related = links.enabled != false && links.related > 0
            ? RelatedArticles(count: links.related, plan: base.plan.generation, geo: base.data.geo, seed: SpintaxHash.mix64(base.seed ^ 0x7265_6C61))  // "rela"
            : nil
        let targets = LinkPreflight.usable(base.data.linkTargets)
        if base.spec.links.enabled != false, !targets.isEmpty {
            var bodies: [[UInt8]] = []
            var buffers = PreparedCampaignJob.RenderBuffers()
            for sequence in ArticleLinking.sample(quantity: base.targetQuantity) {
                bodies.append(Array(try base.renderArticle(sequence, buffers: &buffers).content.utf8))
            }
            linking = ArticleLinking(targets: targets, options: base.spec.links, seed: base.seed, sampleBodies: bodies)
        } else {
            linking = nil
        }
    }

    func render(_ range: Range<Int>) throws -> RenderedBatch {
        var batch = try base.render(range)
        if linking != nil || faqSchema {
            for position in batch.articles.indices { finish(&batch.articles[position]) }
        }
        return batch
    }

    /// Links the body and adds the FAQ schema; the digest stays the unlinked body's.
    func finish(_ article: inout RenderedArticle) {
        var schemaChanged = false
        if let linking {
            let (body, targets) = linking.apply(Array(article.content.utf8), sequence: article.sequence)
            if !targets.isEmpty {
                article.content = String(decoding: body, as: UTF8.self)
                article.links = targets
                if linking.linker.anchor == .anchorText {
                    // The words changed; with the text as written only tags were added.
                    article.wordCount = ArticleText.wordCount(html: body)
                    article.schema.wordCount = article.wordCount
                    article.schema.description = ArticleText.excerpt(html: body)
                    schemaChanged = true
                }
            }
        }
        if faqSchema {
            let entries = FAQEntry.entries(inBody: Array(article.content.utf8))
            if !entries.isEmpty {
                article.schema.faq = entries
                schemaChanged = true
            }
        }
        if schemaChanged { article.schemaJSON = article.schema.json }
    }

    func commit(_ batch: RenderedBatch, with statements: BatchStatements, on connection: PostgresConnection) async throws -> BatchCommit {
        try await writer.commit(batch, with: statements, on: connection)
    }

    func commitTogether(_ batch: RenderedBatch, with others: [(any PreparedGeneration, RenderedBatch)], leading: [PostgresStatement],
                        trailing: @escaping @Sendable ([BatchWriteSummary]) throws -> [PostgresStatement],
                        on connection: PostgresConnection) async throws -> GroupCommit? {
        var shares = [ArticleBatchWriter.Share(writer: writer, batch: batch, leading: leading[0])]
        for ((prepared, batch), statement) in zip(others, leading.dropFirst()) {
            guard let job = prepared as? FinishedCampaignJob, job.base.data.site.id == base.data.site.id else { return nil }
            shares.append(ArticleBatchWriter.Share(writer: job.writer, batch: batch, leading: statement))
        }
        return try await ArticleBatchWriter.commit(shares, trailing: trailing, on: connection)
    }

    /// How this job's articles are written.
    private var writer: ArticleBatchWriter {
        var writer = ArticleBatchWriter(prepared: base, related: related, finish: { [self] in finish(&$0) })
        if let linking {
            // Counted on the articles as committed (alternates redrawn at commit included).
            writer.linkCounts = { articles in
                var counts: [UUID: Int] = [:]
                for article in articles {
                    for target in article.links { counts[linking.linker.targets[target].id, default: 0] += 1 }
                }
                return counts
            }
        }
        return writer
    }
}
