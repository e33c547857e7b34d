/// The order of an article's body sections (Docs/Jobs.md#structure).
enum BodyStructure {
    /// The pseudo section type that places the offer block.
    static let offerBlock = TemplateKind.offerBlock.rawValue

    /// `intro_hook`, then `pillar_N` by N, then other types alphabetically, then `faq_section`,
    /// `conclusion`, `final_cta`; the offer block (when there is one) goes before `conclusion`, or last.
    static func defaultOrder(fragmentTypes: [String], hasOffer: Bool) -> [String] {
        let types = Set(fragmentTypes)
        let tail = ["faq_section", "conclusion", "final_cta"]
        var order: [String] = []
        if types.contains("intro_hook") { order.append("intro_hook") }
        let pillars = types.compactMap { type -> (Int, String)? in
            guard type.hasPrefix("pillar_"), let number = Int(type.dropFirst("pillar_".count)) else { return nil }
            return (number, type)
        }
        order += pillars.sorted { $0 < $1 }.map(\.1)
        let placed = Set(order + tail)
        order += types.filter { !placed.contains($0) }.sorted()
        order += tail.filter { types.contains($0) }
        if hasOffer { order = withOffer(order) }
        return order
    }

    /// `order` with the offer block before `conclusion`, or at the end, unless it is placed already.
    static func withOffer(_ order: [String]) -> [String] {
        if order.contains(offerBlock) { return order }
        var result = order
        if let conclusion = result.firstIndex(of: "conclusion") {
            result.insert(offerBlock, at: conclusion)
        } else {
            result.append(offerBlock)
        }
        return result
    }
}
