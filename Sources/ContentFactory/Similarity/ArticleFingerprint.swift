/// What the near-duplicate guard keeps of one article: its exact shingle set (in memory only, for
/// the batch), its sketch and its LSH band keys. Made on the render threads
/// (`PreparedGeneration.render`), so the commit only compares.
package struct ArticleFingerprint: Sendable, Hashable {
    let shingles: ShingleSet
    let sketch: SimilaritySketch
    let bands: [Int32]

    init(shingles: ShingleSet, layout: LSHLayout = .standard) {
        self.shingles = shingles
        self.sketch = SimilaritySketch(shingles)
        self.bands = BandKeys.of(shingles, layout: layout)
    }

    /// The fingerprint of a rendered article, its own `maskTerms` masked.
    init(article: RenderedArticle) {
        self.init(shingles: ShingleSet(html: Array(article.content.utf8), maskTerms: article.maskTerms))
    }
}
