/// The cartesian space of a job (Docs/Jobs.md#the-plan): geo rows × avatars × variants × title templates,
/// with geo varying fastest and the repetition `r` last. Computed, never materialised: article `i` maps
/// to its combination in O(number of dimensions), so a million-article job costs what a ten-article
/// job costs.
package struct GenerationPlan: Sendable, Hashable {
    /// One article's place in the space.
    package struct Coordinates: Sendable, Hashable {
        /// Index into the job's geo rows.
        package var geo: Int
        /// Index into the job's avatars (personas).
        package var avatar: Int
        /// Index into the job's variants.
        package var variant: Int
        /// Index into the job's title templates.
        package var titleTemplate: Int
        /// How many times this combination came before (0 for the first pass over the space).
        package var repetition: Int
        /// The combination's index in [0, combinations), the same for every repetition.
        package var combination: Int
    }

    /// |G|: the places the job covers.
    package let geoCount: Int
    /// |A|: avatars in the job (1 when not crossed).
    package let avatarCount: Int
    /// |V|: variants in the job (1 when not crossed).
    package let variantCount: Int
    /// |T|: title templates in the job.
    package let titleTemplateCount: Int

    /// - Precondition: every count ≥ 1 (an empty dimension is a validation error found before a plan
    ///   is made; "not crossed" is a dimension of one).
    package init(geoCount: Int, avatarCount: Int, variantCount: Int, titleTemplateCount: Int) {
        precondition(geoCount >= 1 && avatarCount >= 1 && variantCount >= 1 && titleTemplateCount >= 1,
                     "every dimension of a plan has at least one entry")
        self.geoCount = geoCount
        self.avatarCount = avatarCount
        self.variantCount = variantCount
        self.titleTemplateCount = titleTemplateCount
    }

    /// P = |G|·|A|·|V|·|T|, or `nil` when it does not fit in an `Int`.
    package var combinations: Int? {
        let (ga, o1) = geoCount.multipliedReportingOverflow(by: avatarCount)
        let (gav, o2) = ga.multipliedReportingOverflow(by: variantCount)
        let (p, o3) = gav.multipliedReportingOverflow(by: titleTemplateCount)
        return o1 || o2 || o3 ? nil : p
    }

    /// How many repetitions of a combination a job of `quantity` articles needs at most.
    package func repetitions(forQuantity quantity: Int) -> Int {
        guard let p = combinations else { return 1 }
        return (quantity + p - 1) / p
    }

    /// The coordinates of article `index` (mixed radix, geo fastest, repetition last).
    package func coordinates(of index: Int) -> Coordinates {
        var rest = index
        let geo = rest % geoCount
        rest /= geoCount
        let avatar = rest % avatarCount
        rest /= avatarCount
        let variant = rest % variantCount
        rest /= variantCount
        let title = rest % titleTemplateCount
        rest /= titleTemplateCount
        let combination = geo + geoCount * (avatar + avatarCount * (variant + variantCount * title))
        return Coordinates(geo: geo, avatar: avatar, variant: variant, titleTemplate: title,
                           repetition: rest, combination: combination)
    }
}
