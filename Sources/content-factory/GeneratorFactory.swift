import ContentFactory

/// The one place the daemon picks its `ArticleGenerator`.
enum GeneratorFactory {
    static func makeGenerator() -> any ArticleGenerator {
        CampaignArticleGenerator()
    }
}

