import Foundation
import PostgresClient
import Spintax
import Synchronization

/// A validated job, ready to render articles in any order and on any thread (generation.md §2–§3).
///
/// Uniqueness (generation.md §3, spintax.md §7.4):
/// - Body: each section with several fragments is a choice; Q is the product of those choices'
///   sizes and R = ⌈N / Q⌉ the repetitions each fragment combination needs. Article i takes
///   k = feistel(i, Q·R) and splits it into a combination c = k mod Q (mixed radix, last section
///   fastest) and a repetition q = k / Q. Every fragment whose own key groups reach R renders through
///   a unique plan over R at index (q + h(c, section)) mod R, a bijection for each c; the rest draw
///   (D4). Distinct i give distinct (c, q), hence a different fragment somewhere, or the same
///   fragments with a different planned rendering.
/// - Titles: per combination of geo × avatar × variant × title template, a unique plan over the
///   repetitions r, seeded with mix64(seed ^ combination index).
/// - Verified: a 128-bit digest of every body written by this process (16 bytes per article).
final class PreparedCampaignJob: PreparedGeneration {
    struct Section: Sendable {
        let type: String
        /// `<section class="cf-TYPE">` and a newline, built once.
        let openTag: [UInt8]
        let choices: [CompiledTemplate]
        /// Per choice: its unique plan over R, or nil when it draws.
        let plans: [UniqueBatchPlan?]
        let isOffer: Bool
    }

    let job: JobRecord
    let spec: JobSpec
    let data: CampaignData
    let binder: VariableBinder
    let plan: GenerationPlan
    let seed: UInt64
    let titles: [CompiledTemplate]
    /// One unique plan per title template (seed 0), reseeded per combination when rendering.
    let titlePlans: [UniqueBatchPlan]
    let titleRepetitions: UInt64
    /// The pre-flight's warnings (it found no error, or the job would not have been prepared).
    let preflightWarnings: [GenerationDiagnostic]
    let sections: [Section]
    let bodyCombinations: UInt64
    let bodyRepetitions: UInt64
    private let bodySeed: UInt64
    let datePublished: String
    private let digests: Mutex<DigestSet>

    var targetQuantity: Int { job.targetQuantity }

    static let painPointGroupID = SpintaxHash.groupID(source: Array("{Pain_Point}".utf8), occurrence: 0)
    static let offerGroupID = SpintaxHash.groupID(source: Array("offer_block".utf8), occurrence: 0)

    /// The longest title `generated_articles.title` holds.
    static let titleLimit = 255

    /// - Throws: `GenerationError` (`.capacity`) naming the space and the quantity.
    init(job: JobRecord, spec: JobSpec, data: CampaignData, binder: VariableBinder, preflight: GenerationPreflight.Outcome) throws(GenerationError) {
        self.job = job
        self.spec = spec
        self.data = data
        self.binder = binder
        self.seed = spec.effectiveSeed(jobID: job.id)
        self.titles = preflight.titles
        self.preflightWarnings = preflight.diagnostics
        let plan = GenerationPlan(
            geoCount: data.geo.count, avatarCount: max(1, data.avatars.count), variantCount: max(1, data.variants.count),
            titleTemplateCount: max(1, preflight.titles.count))
        self.plan = plan
        let quantity = max(job.targetQuantity, 1)

        // Titles: each template must give R distinct titles for one combination.
        let repetitions = UInt64(plan.repetitions(forQuantity: quantity))
        self.titleRepetitions = repetitions
        var titlePlans: [UniqueBatchPlan] = []
        if spec.headlineSource == .spintax {
            for title in preflight.titles {
                do {
                    titlePlans.append(try UniqueBatchPlan(template: title.template, quantity: repetitions, seed: 0))
                } catch {
                    throw GenerationError(.capacity, "\(title.row.name) has \(title.template.count) title variants (key space \(Self.keySpace(title.template))) per place and persona; \(repetitions) needed for \(quantity) articles over \(plan.combinations ?? 0) combinations", diagnostics: [
                        GenerationDiagnostic(code: "E_CAPACITY", message: "template has \(Self.keySpace(title.template)) top-level variants; \(repetitions) requested", templateKind: title.row.kind, templateID: title.row.id, templateName: title.row.name)])
                }
            }
        }

        self.titlePlans = titlePlans

        // Body sections.
        var bodySections: [(type: String, choices: [CompiledTemplate], isOffer: Bool)] = []
        for type in preflight.structure {
            if type == BodyStructure.offerBlock {
                if !preflight.offers.isEmpty { bodySections.append((type, preflight.offers, true)) }
            } else if let fragments = preflight.fragmentsByType[type], !fragments.isEmpty {
                bodySections.append((type, fragments, false))
            }
        }
        var combinations: UInt64 = 1
        for section in bodySections where !section.isOffer {
            combinations = combinations.multipliedReportingOverflow(by: UInt64(section.choices.count)).overflow
                ? UInt64.max : combinations * UInt64(section.choices.count)
        }
        let needed = (UInt64(quantity) + combinations - 1) / combinations
        self.bodyCombinations = combinations
        self.bodyRepetitions = needed
        var sections: [Section] = []
        var guaranteed = needed <= 1
        var bestCapacity: UInt64 = 1
        for (index, section) in bodySections.enumerated() {
            var plans: [UniqueBatchPlan?] = []
            var smallest = UInt64.max
            for choice in section.choices {
                let capacity = Self.keySpace(choice.template)
                smallest = min(smallest, capacity)
                if needed > 1 && !section.isOffer {
                    plans.append(try? UniqueBatchPlan(template: choice.template, quantity: needed, seed: choice.seed ^ UInt64(index)))
                } else {
                    plans.append(nil)
                }
            }
            if !section.isOffer {
                bestCapacity = max(bestCapacity, smallest)
                if needed > 1 && plans.allSatisfy({ $0 != nil }) { guaranteed = true }
            }
            sections.append(Section(type: section.type, openTag: Self.sectionOpen(section.type), choices: section.choices,
                                    plans: plans, isOffer: section.isOffer))
        }
        self.sections = sections
        if !guaranteed {
            let space = combinations.multipliedReportingOverflow(by: bestCapacity)
            let spaceText = space.overflow ? "more than \(UInt64.max)" : String(space.partialValue)
            throw GenerationError(.capacity, "the body has \(spaceText) distinct variants with this structure (\(combinations) fragment combinations × \(bestCapacity)); \(quantity) requested", diagnostics: [
                GenerationDiagnostic(code: "E_CAPACITY", message: "template has \(spaceText) top-level variants; \(quantity) requested", templateKind: "body")])
        }
        self.bodySeed = SpintaxHash.mix64(seed ^ 0x626F_6479)  // "body"
        self.datePublished = Self.iso8601(job.createdAt)
        self.digests = Mutex(DigestSet(expectedCount: min(quantity, 1 << 20)))
    }

    /// `2025-03-01T12:00:00Z`: the job's creation time in UTC, to the second (a formatter object per
    /// job cost more than the rest of a one-article job's preparation).
    static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// The product of a template's top-level group counts (saturating), which bounds a unique plan.
    static func keySpace(_ template: Template) -> UInt64 {
        template.topLevelGroupCounts.reduce(UInt64(1)) { product, count in
            let (value, overflow) = product.multipliedReportingOverflow(by: count)
            return overflow ? UInt64.max : value
        }
    }

    func render(_ range: Range<Int>) throws -> RenderedBatch {
        var articles: [RenderedArticle] = []
        articles.reserveCapacity(range.count)
        var buffers = RenderBuffers()
        for index in range {
            var article = try renderArticle(index, buffers: &buffers)
            if spec.similarity.isEnabled { article.fingerprint = ArticleFingerprint(article: article) }
            articles.append(article)
        }
        return RenderedBatch(range: range, articles: articles)
    }

    struct RenderBuffers {
        var body: [UInt8] = []
        var scratch: [UInt8] = []
        var title: [UInt8] = []
    }

    private func resolve(_ compiled: CompiledTemplate, _ values: [String: String], article: Int) throws(GenerationError) -> ResolvedBinding {
        do {
            return try compiled.template.resolve(compiled.binding(from: values))
        } catch {
            let source = Array(compiled.row.text.utf8)
            throw GenerationError(.validationFailed, "article \(article): \(error.message)", diagnostics: error.diagnostics.map {
                GenerationPreflight.diagnostic($0, row: compiled.row, source: source)
            })
        }
    }

    func renderArticle(_ index: Int, buffers: inout RenderBuffers) throws(GenerationError) -> RenderedArticle {
        try renderArticle(index, alternate: 0, buffers: &buffers)
    }

    /// Article `index`; `alternate` k ≥ 1 is its k-th deterministic replacement body (a redraw).
    func renderArticle(_ index: Int, alternate: Int, buffers: inout RenderBuffers) throws(GenerationError) -> RenderedArticle {
        let bodySeed = alternate == 0 ? self.bodySeed : SpintaxHash.mix64(self.bodySeed ^ (UInt64(alternate) &* 0x9E37_79B9_7F4A_7C15))
        let drawIndex = UInt64(index) &+ (UInt64(alternate) << 40)
        let coordinates = plan.coordinates(of: index)
        // One pain point per article, drawn like a group's choice (D4), so every section names the same one.
        let painPoints = data.avatars.isEmpty ? 0 : data.avatars[coordinates.avatar].painPoints.count
        let painPoint = painPoints > 1
            ? Int(SpintaxHash.draw(seed: seed, article: UInt64(index), groupID: Self.painPointGroupID, count: UInt64(painPoints)))
            : 0
        let values = binder.values(geo: coordinates.geo, avatar: coordinates.avatar, variant: coordinates.variant, painPoint: painPoint).values

        var title = ""
        if spec.headlineSource == .spintax, !titles.isEmpty {
            let compiled = titles[coordinates.titleTemplate]
            let resolved = try resolve(compiled, values, article: index)
            buffers.title.removeAll(keepingCapacity: true)
            let titleSeed = SpintaxHash.mix64(seed ^ UInt64(coordinates.combination))
            titlePlans[coordinates.titleTemplate].reseeded(titleSeed)
                .render(index: UInt64(coordinates.repetition), binding: resolved, into: &buffers.title)
            title = Self.finishTitle(buffers.title)
        }

        buffers.body.removeAll(keepingCapacity: true)
        let space = bodyCombinations &* bodyRepetitions
        let key = space > 1 ? SpintaxHash.feistelPermute(UInt64(index), domain: space, seed: bodySeed) : 0
        var combination = key % bodyCombinations
        let repetition = key / bodyCombinations
        let combinationKey = combination
        var digits = [Int](repeating: 0, count: sections.count)
        for position in sections.indices.reversed() where !sections[position].isOffer {
            let radix = UInt64(sections[position].choices.count)
            digits[position] = Int(combination % radix)
            combination /= radix
        }
        let html = RenderOptions(escapeHTML: true)
        var fragments: [FragmentRef] = []
        fragments.reserveCapacity(sections.count)
        for (position, section) in sections.enumerated() {
            let choice: Int
            if section.isOffer {
                choice = Int(SpintaxHash.draw(seed: seed, article: drawIndex, groupID: Self.offerGroupID, count: UInt64(section.choices.count)))
            } else {
                choice = digits[position]
            }
            let compiled = section.choices[choice]
            fragments.append(FragmentRef(kind: section.type, id: compiled.row.id))
            let resolved = try resolve(compiled, values, article: index)
            buffers.body.append(contentsOf: section.openTag)
            buffers.scratch.removeAll(keepingCapacity: true)
            if let unique = section.plans[choice] {
                let offset = SpintaxHash.mix64(bodySeed ^ (combinationKey &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(position)) % bodyRepetitions
                unique.render(index: (repetition + offset) % bodyRepetitions, binding: resolved, options: html, into: &buffers.scratch)
            } else {
                compiled.template.render(seed: compiled.seed, index: drawIndex, binding: resolved, options: html, into: &buffers.scratch)
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
        article.maskTerms = [geo.city, geo.county, geo.state, geo.stateCode, avatar?.baseName].compactMap { $0 }.filter { !$0.isEmpty }
        return article
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

    func write(_ batch: RenderedBatch, on connection: isolated PostgresConnection) async throws -> BatchWriteSummary {
        try await ArticleBatchWriter(prepared: self).write(batch, on: connection)
    }

    /// Records the bodies' digests; a repeat is an error naming both articles.
    func verifyDistinct(_ batch: RenderedBatch) throws(GenerationError) {
        let collision: DigestSet.Collision? = digests.withLock { set in
            for article in batch.articles {
                // A batch written again after a rolled-back attempt meets its own digests.
                if let collision = set.insert(digest: article.contentDigest, index: UInt64(article.sequence)),
                   collision.firstIndex != collision.secondIndex {
                    return collision
                }
            }
            return nil
        }
        if let collision {
            throw GenerationError(.collision, "\(collision): a template is ambiguous (duplicate alternatives, W102)")
        }
    }
}
