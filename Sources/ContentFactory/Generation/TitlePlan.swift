import Spintax

/// Which title each article of a job gets: its template and repetition (`TitleSlots`, so the titles'
/// whole space is usable) and the unique plan that renders it. Shared by article jobs (`ArticlePlan`)
/// and headline jobs, so a headline job's job_seq i is the title an article job with the same spec and
/// seed gives article i.
///
/// Per combination of geo × avatar × variant × title template, a unique plan over the repetitions r,
/// seeded with mix64(seed ^ combination index).
struct TitlePlan: Sendable {
    let generation: GenerationPlan
    let titles: [CompiledTemplate]
    /// One unique plan per title template (seed 0), reseeded per combination when rendering.
    let titlePlans: [UniqueBatchPlan]
    let titleRepetitions: UInt64
    /// Which template and repetition each article of a place × persona × variant takes; nil for
    /// inventory headlines.
    let titleSlots: TitleSlots?
    /// Places × personas × variants: the combinations one title slot spans.
    private let places: Int
    let seed: UInt64

    /// - Throws: `GenerationError` (`.capacity`) when the titles have fewer distinct variants than the job needs.
    init(headlineSource: JobSpec.HeadlineSource, titles: [CompiledTemplate], generation: GenerationPlan, quantity: Int, seed: UInt64) throws(GenerationError) {
        self.generation = generation
        self.titles = titles
        self.seed = seed
        // The j-th article of a place × persona × variant takes slot j of `TitleSlots`; each template's
        // plan covers the repetitions the job can reach.
        let repetitions = UInt64(generation.repetitions(forQuantity: quantity))
        self.titleRepetitions = repetitions
        let places = UInt64(generation.geoCount) * UInt64(generation.avatarCount) * UInt64(generation.variantCount)
        let slotsNeeded = (UInt64(quantity) + places - 1) / places
        self.places = Int(places)
        var titlePlans: [UniqueBatchPlan] = []
        var titleSlots: TitleSlots? = nil
        if headlineSource == .spintax && !titles.isEmpty {
            let spaces = titles.map { BodyKeySpace.keySpace($0.template) }
            let slots = TitleSlots(spaces: spaces)
            if slots.capacity < slotsNeeded {
                let whole = places.multipliedReportingOverflow(by: slots.capacity)
                let wholeText = whole.overflow ? "more than \(UInt64.max)" : String(whole.partialValue)
                let each = zip(titles, spaces).map { "\($0.row.name) \($1)" }.joined(separator: " + ")
                let message = "the titles have \(wholeText) distinct variants over the whole job (\(places) places × personas × variants, each with \(each)); \(quantity) requested"
                let only = titles.count == 1 ? titles[0].row : nil
                throw GenerationError(.capacity, message, diagnostics: [
                    GenerationDiagnostic(code: GenerationError.Code.capacity.rawValue, message: message, templateKind: only?.kind.rawValue ?? "title", templateID: only?.id, templateName: only?.name)])
            }
            // The rounds the job reaches: R, the plain cartesian repetitions, while no template runs out.
            let rounds = slots.slot(slotsNeeded - 1).repetition + 1
            for (title, space) in zip(titles, spaces) {
                guard let plan = try? UniqueBatchPlan(template: title.template, quantity: max(1, min(space, rounds)), seed: 0) else {
                    throw GenerationError(.capacity, "\(title.row.name): no unique plan for \(rounds) titles per place and persona")
                }
                titlePlans.append(plan)
            }
            titleSlots = slots
        }
        self.titleSlots = titleSlots
        self.titlePlans = titlePlans
    }

    /// The title space over the whole job: places × personas × variants × Σ over title templates of
    /// their variants, saturating; nil for inventory headlines.
    var titleSpace: UInt64? {
        guard let titleSlots else { return nil }
        let (space, overflow) = UInt64(places).multipliedReportingOverflow(by: titleSlots.capacity)
        return overflow ? UInt64.max : space
    }

    /// Article `index`'s place in the cartesian plan, with its title template and repetition taken from
    /// `titleSlots` (the plain cartesian ones while every template has variants left).
    func coordinates(of index: Int) -> GenerationPlan.Coordinates {
        var coordinates = generation.coordinates(of: index)
        if let titleSlots {
            let slot = titleSlots.slot(UInt64(index / places))
            coordinates.titleTemplate = slot.template
            coordinates.repetition = Int(slot.repetition)
            coordinates.combination = index % places + places * slot.template
        }
        return coordinates
    }

    /// Renders the title at `coordinates` (its template resolved with the article's values) into
    /// `buffer`, and returns it trimmed and cut to the column's length.
    func title(at coordinates: GenerationPlan.Coordinates, binding: ResolvedBinding, buffer: inout [UInt8]) -> String {
        buffer.removeAll(keepingCapacity: true)
        titlePlans[coordinates.titleTemplate].reseeded(SpintaxHash.mix64(seed ^ UInt64(coordinates.combination)))
            .render(index: UInt64(coordinates.repetition), binding: binding, into: &buffer)
        return ArticleAssembler.finishTitle(buffer)
    }
}
