import Spintax

/// Turns an article's plan into its text: the title, the HTML body section by section (paragraphs for
/// fragments written without tags), and the schema.org object. Pure and thread-safe.
struct ArticleAssembler: Sendable {
    let plan: ArticlePlan
    let data: CampaignData
    let headlineSource: JobSpec.HeadlineSource
    let datePublished: String
    /// Per section, `<section class="cf-TYPE">` and a newline, built once.
    private let openTags: [[UInt8]]

    /// The longest title `generated_articles.title` holds.
    static let titleLimit = 255

    init(plan: ArticlePlan, data: CampaignData, headlineSource: JobSpec.HeadlineSource, datePublished: String) {
        self.plan = plan
        self.data = data
        self.headlineSource = headlineSource
        self.datePublished = datePublished
        self.openTags = plan.sections.map { Self.sectionOpen($0.type) }
    }

    /// Reused storage for one thread's articles.
    struct Buffers {
        var body: [UInt8] = []
        var scratch: [UInt8] = []
        var title: [UInt8] = []
        var choices: [ArticlePlan.SectionChoice] = []
        var picks: [BodyKeySpace.Pick] = []
    }

    /// The article at `coordinates` with `values` bound; `choices` are its sections' choices
    /// (`ArticlePlan.sectionChoices`, in `buffers.choices`).
    ///
    /// - Throws: `GenerationError` (`.validationFailed`) when a template cannot be resolved with the
    ///   article's values.
    func article(_ index: Int, coordinates: GenerationPlan.Coordinates, values: [String: String], buffers: inout Buffers) throws(GenerationError) -> RenderedArticle {
        var title = ""
        if headlineSource == .spintax, !plan.titles.isEmpty {
            let compiled = plan.titles[coordinates.titleTemplate]
            let resolved = try Self.resolve(compiled, values, article: index)
            title = plan.titlePlan.title(at: coordinates, binding: resolved, buffer: &buffers.title)
        }

        buffers.body.removeAll(keepingCapacity: true)
        var fragments: [FragmentRef] = []
        fragments.reserveCapacity(plan.sections.count)
        let html = RenderOptions(escapeHTML: true)
        for (position, section) in plan.sections.enumerated() {
            let choice = buffers.choices[position]
            let compiled = section.choices[choice.choice]
            fragments.append(FragmentRef(kind: compiled.row.kind, type: section.type, id: compiled.row.id))
            let resolved = try Self.resolve(compiled, values, article: index)
            buffers.body.append(contentsOf: openTags[position])
            buffers.scratch.removeAll(keepingCapacity: true)
            if let unique = section.plans[choice.choice] {
                unique.render(index: choice.renderIndex, binding: resolved, options: html, into: &buffers.scratch)
            } else {
                compiled.template.render(seed: compiled.seed, index: choice.renderIndex, binding: resolved, options: html, into: &buffers.scratch)
            }
            if compiled.wrapsParagraphs {
                ArticleText.wrapParagraphs(buffers.scratch, into: &buffers.body)
            } else {
                buffers.body.append(contentsOf: buffers.scratch)
                if buffers.body.last != UInt8(ascii: "\n") { buffers.body.append(UInt8(ascii: "\n")) }
            }
            buffers.body.append(contentsOf: "</section>\n".utf8)
        }

        let geo = data.geo[coordinates.geo]
        let avatar = data.avatars.isEmpty ? nil : data.avatars[coordinates.avatar]
        let wordCount = ArticleText.wordCount(html: buffers.body)
        let slug = Slug.make(title)
        let schema = SchemaOrgArticle(
            headline: title, description: ArticleText.excerpt(html: buffers.body), wordCount: wordCount,
            datePublished: datePublished, publisherName: data.site.name, publisherURL: data.site.url,
            pageURL: SchemaOrgArticle.pageURL(siteURL: data.site.url, slug: slug),
            locality: geo.city ?? geo.county, region: geo.stateCode ?? geo.state, audience: avatar?.baseName)
        var article = RenderedArticle(sequence: index, title: title, content: String(decoding: buffers.body, as: UTF8.self),
                                      slugBase: slug, wordCount: wordCount, schema: schema)
        article.fragments = fragments
        article.maskTerms = [geo.city, geo.county, geo.state, geo.stateCode, avatar?.baseName].compactMap { term in
            guard let term, term.utf8.contains(where: { $0 > 0x20 }) else { return nil }
            return term
        }
        return article
    }

    /// `compiled` resolved with an article's values (keyed by lowercased name, `VariableBinder.values`),
    /// errors positioned in its row.
    ///
    /// - Throws: `GenerationError` (`.validationFailed`).
    static func resolve(_ compiled: CompiledTemplate, _ values: [String: String], article: Int) throws(GenerationError) -> ResolvedBinding {
        do {
            return try compiled.template.resolve(lowercasedValues: values)
        } catch {
            let source = Array(compiled.row.text.utf8)
            throw GenerationError(.validationFailed, "article \(article): \(error.message)", diagnostics: error.diagnostics.map {
                GenerationPreflight.diagnostic($0, row: compiled.row, source: source)
            })
        }
    }

    /// Trims the ends and, past `titleLimit` characters, cuts at the last space.
    static func finishTitle(_ bytes: [UInt8]) -> String {
        var lower = 0, upper = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        var title = String(decoding: bytes[lower..<upper], as: UTF8.self)
        if title.count > titleLimit {
            let head = title.prefix(titleLimit)
            title = String(head.lastIndex(of: " ").map { head[..<$0] } ?? head)
        }
        return title
    }

    private static func sectionOpen(_ type: String) -> [UInt8] {
        let safe = type.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
                ? Character(scalar) : "-"
        }
        return Array("<section class=\"cf-\(String(safe))\">\n".utf8)
    }
}
