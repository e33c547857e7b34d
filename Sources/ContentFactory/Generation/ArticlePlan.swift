import Spintax

/// What each article of a job is made of, decided before anything renders: its place in the cartesian
/// plan, its pain point, its title plan, and per body section the fragment and variant it renders.
/// Checks capacity: a job larger than its title or body space fails here, before a byte is written.
///
/// - Titles: per combination of geo × avatar × variant × title template, a unique plan over the
///   repetitions r, seeded with mix64(seed ^ combination index).
/// - Bodies: one key per article in `BodyKeySpace` (the whole article's space), which picks a fragment
///   and one of its top-level variants in every keyed section; the fragment renders that variant
///   through a unique plan over all its top-level variants. The offer block draws (counter-based choice).
struct ArticlePlan: Sendable {
    /// One section of the body, in order.
    struct Section: Sendable {
        let type: String
        let choices: [CompiledTemplate]
        /// Per choice: a unique plan over every top-level variant, or nil when there is none to key
        /// (the fragment has no group) and it draws.
        let plans: [UniqueBatchPlan?]
        let isOffer: Bool
        /// The section's position in `BodyKeySpace`, nil for the offer block.
        let keyedPosition: Int?
    }

    /// What one section of one article renders.
    struct SectionChoice: Sendable, Hashable {
        /// The fragment (or offer block), an index into `Section.choices`.
        var choice: Int
        /// The index to render at: with a plan, `plan.render(index:)` (whose key is this modulo the
        /// plan's key space); without, `template.render(seed:index:)`.
        var renderIndex: UInt64
    }

    let generation: GenerationPlan
    /// Which title each article gets (shared with headline jobs, which write only titles).
    let titlePlan: TitlePlan
    var titles: [CompiledTemplate] { titlePlan.titles }
    var titleRepetitions: UInt64 { titlePlan.titleRepetitions }
    let sections: [Section]
    let body: BodyKeySpace
    let seed: UInt64
    private let bodySeed: UInt64
    private let data: CampaignData

    static let painPointGroupID = SpintaxHash.groupID(source: Array("{Pain_Point}".utf8), occurrence: 0)
    static let offerGroupID = SpintaxHash.groupID(source: Array("offer_block".utf8), occurrence: 0)

    /// - Throws: `GenerationError` (`.capacity`) naming the space and the quantity, when the titles or the
    ///   bodies have fewer distinct variants than the job needs.
    init(spec: JobSpec, data: CampaignData, preflight: GenerationPreflight.Outcome, quantity requested: Int, seed: UInt64) throws(GenerationError) {
        self.data = data
        self.seed = seed
        let generation = GenerationPlan(
            geoCount: data.geo.count, avatarCount: max(1, data.avatars.count), variantCount: max(1, data.variants.count),
            titleTemplateCount: max(1, preflight.titles.count))
        self.generation = generation
        let quantity = max(requested, 1)

        self.titlePlan = try TitlePlan(headlineSource: spec.headlineSource, titles: preflight.titles, generation: generation,
                                       quantity: quantity, seed: seed)

        var sections: [Section] = []
        var choiceSpaces: [[UInt64]] = []
        for type in preflight.structure {
            if type == BodyStructure.offerBlock {
                if !preflight.offers.isEmpty {
                    sections.append(Section(type: type, choices: preflight.offers, plans: preflight.offers.map { _ in nil }, isOffer: true, keyedPosition: nil))
                }
            } else if let fragments = preflight.fragmentsByType[type], !fragments.isEmpty {
                let plans = fragments.map { $0.fullPlan?.reseeded($0.seed ^ UInt64(sections.count)) }
                sections.append(Section(type: type, choices: fragments, plans: plans, isOffer: false, keyedPosition: choiceSpaces.count))
                choiceSpaces.append(plans.map { $0?.keySpace ?? 1 })
            }
        }
        self.sections = sections
        self.bodySeed = SpintaxHash.mix64(seed ^ 0x626F_6479)  // "body"
        self.body = BodyKeySpace(choiceSpaces: choiceSpaces, quantity: UInt64(quantity), seed: bodySeed)
        if body.capacity < UInt64(quantity) {
            let perSection = zip(sections.filter { !$0.isOffer }, body.wholeSectionSpaces)
                .map { "\($0.type) \($1)" }.joined(separator: " × ")
            throw GenerationError(.capacity, "the body has \(body.capacityDescription) distinct variants over the whole article (\(perSection)); \(quantity) requested", diagnostics: [
                GenerationDiagnostic(code: GenerationError.Code.capacity.rawValue, message: "the body has \(body.capacityDescription) distinct variants (\(perSection)); \(quantity) requested", templateKind: "body")])
        }
    }

    /// A unique plan over every top-level variant of `template` (each top-level group a key group), or
    /// over as many as fit under 2^62; nil when the template has no group to key.
    static func fullPlan(_ template: Template, seed: UInt64) -> UniqueBatchPlan? {
        let space = BodyKeySpace.keySpace(template)
        guard space > 1 else { return nil }
        var quantity = min(space, BodyKeySpace.limit)
        while quantity > 1 {
            if let plan = try? UniqueBatchPlan(template: template, quantity: quantity, seed: seed) { return plan }
            quantity >>= 8  // groups so large that the chosen ones overshoot 2^62: key fewer of them
        }
        return nil
    }

    /// The title space over the whole job (`TitlePlan.titleSpace`); nil for inventory headlines.
    var titleSpace: UInt64? { titlePlan.titleSpace }

    /// Article `index`'s place in the cartesian plan, with its title template and repetition
    /// (`TitlePlan.coordinates(of:)`).
    func coordinates(of index: Int) -> GenerationPlan.Coordinates {
        titlePlan.coordinates(of: index)
    }

    /// The article's pain point (one per article, drawn like a group's choice, so every section
    /// names the same one).
    func painPoint(of index: Int, avatar: Int) -> Int {
        let painPoints = data.avatars.isEmpty ? 0 : data.avatars[avatar].painPoints.count
        return painPoints > 1
            ? Int(SpintaxHash.draw(seed: seed, article: UInt64(index), groupID: Self.painPointGroupID, count: UInt64(painPoints)))
            : 0
    }

    /// The per-article index for counter-based draws: the article's own for the planned article, a
    /// mix of it and `alternate` for a replacement, so its drawn parts change too.
    func drawIndex(of index: Int, alternate: Int) -> UInt64 {
        alternate == 0 ? UInt64(index) : SpintaxHash.mix64(bodySeed ^ UInt64(index) ^ (UInt64(alternate) << 40))
    }

    /// What each section of article `index` (its `alternate`-th replacement when ≥ 1) renders, in
    /// section order. Reuses the storage of `choices` and `picks`.
    func sectionChoices(of index: Int, alternate: Int, into choices: inout [SectionChoice], picks: inout [BodyKeySpace.Pick]) {
        let key = body.key(article: UInt64(index), alternate: UInt64(alternate))
        body.picks(of: key, into: &picks)
        let draw = drawIndex(of: index, alternate: alternate)
        choices.removeAll(keepingCapacity: true)
        for section in sections {
            guard let position = section.keyedPosition else {
                let offer = SpintaxHash.draw(seed: seed, article: draw, groupID: Self.offerGroupID, count: UInt64(section.choices.count))
                choices.append(SectionChoice(choice: Int(offer), renderIndex: draw))
                continue
            }
            let pick = picks[position]
            guard let plan = section.plans[pick.choice] else {
                choices.append(SectionChoice(choice: pick.choice, renderIndex: draw))
                continue
            }
            // Indices past the key space wrap onto the same key, so adding a multiple of it varies only
            // what the plan draws (list variables) per article.
            let room = (UInt64.max - pick.variant) / plan.keySpace
            let multiple = SpintaxHash.mix64(draw ^ bodySeed) % room
            choices.append(SectionChoice(choice: pick.choice, renderIndex: pick.variant + plan.keySpace * multiple))
        }
    }
}
