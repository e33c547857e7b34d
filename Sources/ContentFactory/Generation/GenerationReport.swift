import PostgresClient

/// What `lint` and `explain` show: the pre-flight's findings and, when the job could be prepared, its
/// plan as labelled lines (dimension sizes, key spaces, templates, a sample's word counts).
package struct GenerationReport: Sendable {
    /// The pre-flight's findings (errors and warnings), and the report's own warnings.
    package var diagnostics: [GenerationDiagnostic]
    /// The plan's lines by label, when the job could be prepared.
    package var explanation: [String: String] = [:]
    /// The labels of `explanation`, in the order `explain` prints them.
    package var explanationOrder: [String] = []
    /// Whether any finding is an error (the job would fail).
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// A report of findings only: the job could not be prepared.
    init(diagnostics: [GenerationDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// An article job's report: its warnings, its plan, and a 20-article sample's word counts.
    ///
    /// - Throws: `GenerationError` when the sample does not render.
    init(articles prepared: PreparedCampaignJob) throws {
        self.init(diagnostics: prepared.preflightWarnings)
        let plan = prepared.plan.generation
        let articlePlan = prepared.plan
        addDescription(of: prepared.data, plan: plan, seed: prepared.seed, titles: articlePlan.titles,
                       quantity: prepared.targetQuantity, repetitions: articlePlan.titleRepetitions, site: true)
        add("title key space", articlePlan.titleSpace.map { space in
            let each = articlePlan.titles.map { "\($0.row.name) \(BodyKeySpace.keySpace($0.template))" }.joined(separator: ", ")
            return "\(space == UInt64.max ? "more than \(UInt64.max)" : String(space)) (per place and persona: \(each))"
        } ?? "inventory headlines")
        let keyed = articlePlan.sections.filter { !$0.isOffer }
        let body = articlePlan.body
        add("body key space", "\(body.capacityDescription) = " + zip(keyed, body.wholeSectionSpaces)
            .map { "\($0.type) \($1)" }.joined(separator: " × "))
        add("body sections", articlePlan.sections.map { section in
            guard let position = section.keyedPosition else { return "\(section.type)×\(section.choices.count) (drawn)" }
            return "\(section.type)×\(section.choices.count) (" + body.wholeChoiceSpaces[position].map(String.init).joined(separator: "+") + ")"
        }.joined(separator: ", "))
        add("body spread", "\(body.size) keys: " + zip(keyed, body.choiceSpaces)
            .map { "\($0.type) " + $1.map(String.init).joined(separator: "+") }.joined(separator: ", "))
        add("spare body keys", "\(body.spareKeys) (alternates for redrawn articles)")
        let linkable = LinkPreflight.usable(prepared.data.linkTargets).count
        add("internal links", prepared.spec.links.enabled == false ? "off"
            : linkable == 0 ? "none (the site has no usable link_targets row)"
            : "\(linkable) targets, up to \(prepared.spec.links.maxPerArticle) per article, \(prepared.spec.links.anchor.rawValue) as anchor")
        if prepared.spec.links.related > 0 { add("related links", "up to \(prepared.spec.links.related) per article") }
        let sample = try prepared.render(0..<min(20, max(prepared.targetQuantity, 1)))
        let words = sample.articles.map(\.wordCount)
        add("estimated words per article", words.isEmpty ? "-" : "\(words.min()!)–\(words.max()!) (mean \(words.reduce(0, +) / words.count), target \(prepared.data.campaign.targetWordCount))")
        let floor = prepared.data.campaign.targetWordCount * 8 / 10
        if let longest = words.max(), longest < floor {
            diagnostics.append(GenerationDiagnostic(
                severity: .warning, code: "W_WORDS",
                message: "the longest of \(words.count) sample articles has \(longest) words, under 80% of the campaign's target_word_count \(prepared.data.campaign.targetWordCount); add sections or fragments",
                templateKind: "body"))
        }
        SimilarityEstimate.report(prepared, into: &self)
    }

    /// A headline job's report: its title plan and its first three headlines.
    ///
    /// - Throws: `GenerationError` when the sample does not render.
    init(headlines prepared: PreparedHeadlineJob) throws {
        self.init(diagnostics: [])
        add("kind", "headlines (fills headline_inventory; writes no article)")
        addDescription(of: prepared.data, plan: prepared.titles.generation, seed: prepared.seed, titles: prepared.titles.titles,
                       quantity: prepared.targetQuantity, repetitions: prepared.titles.titleRepetitions, site: false)
        add("title key space", prepared.titles.titleSpace.map(String.init) ?? "-")
        let sample = try prepared.render(0..<min(3, max(prepared.targetQuantity, 0)))
        add("first headlines", sample.headlines.joined(separator: " | "))
    }

    /// Adds a line; `explain` prints them in the order they were added.
    mutating func add(_ key: String, _ value: String) {
        explanationOrder.append(key)
        explanation[key] = value
    }

    /// The lines both kinds of job show: campaign (and site), seed, the dimensions, titles and quantity.
    private mutating func addDescription(of data: CampaignData, plan: GenerationPlan, seed: UInt64, titles: [CompiledTemplate],
                                         quantity: Int, repetitions: UInt64, site: Bool) {
        add("campaign", "\(data.campaign.name) (\(data.campaign.id.uuidString.lowercased()))")
        if site { add("site", "\(data.site.name) (\(data.site.id.uuidString.lowercased()))") }
        add("seed", String(seed))
        add("geo", "\(plan.geoCount) rows from \(data.geoSource.rawValue)")
        add("avatars", data.avatars.isEmpty ? "none (1)" : String(plan.avatarCount))
        add("variants", data.variants.isEmpty ? "not crossed (1)" : String(plan.variantCount))
        add("title templates", titles.map(\.row.name).joined(separator: ", "))
        add("combinations", plan.combinations.map(String.init) ?? "overflow")
        add("quantity", String(quantity))
        add("repetitions per combination", String(repetitions))
    }
}
