import Spintax

/// Every distinct body a job can make, numbered, and how an article finds its number.
///
/// A keyed section (every section but the offer block) offers, per fragment, each of that fragment's
/// top-level variants: S = Σ over its fragments of the fragment's key space. The body's capacity is
/// Π S over the sections (saturating at 2^62, the largest domain the keyed bijection takes).
///
/// Articles are spread over a part of that space chosen for balance: a section offers each fragment's
/// first `cap` variants only, with the cap starting at the section's smallest fragment and doubled,
/// always in the section with the fewest picks, until the spread space K reaches 16 keys per article
/// (or the whole capacity). A key picks fragments in proportion to their capped counts, so while
/// the space is ample every fragment of a section is used about equally (two articles share a
/// fragment, and its literal text, as rarely as the section allows), and a fragment with few variants
/// is used less only when the job needs the others' variants.
///
/// - Article i takes key `feistel(i, K, seed)`: distinct articles get distinct keys.
/// - A key is split mixed-radix into one digit per section (last section fastest); each digit is then
///   offset by a hash of the digits already placed (a triangular map, so still a bijection), so that
///   sections a saturated K does not reach still vary, and the digit picks a fragment and one of its
///   variants by prefix sums. Keys are spread pseudo-randomly, so two articles usually differ in
///   most sections and, where they share a fragment, in most of its groups.
/// - Alternate k ≥ 1 of article i takes a key whose position in the permutation lies at or past the
///   quantity N, which no article's planned key has: positions N + feistel(j, K − N) with
///   j = (k − 1)·N + i, distinct for every (i, k) while j < K − N.
struct BodyKeySpace: Sendable {
    /// Which fragment of a section a key picks, and which of that fragment's top-level variants.
    struct Pick: Sendable, Hashable {
        var choice: Int
        var variant: UInt64
    }

    /// The largest domain of `SpintaxHash.feistelPermute`.
    static let limit: UInt64 = 1 << 62
    /// Spread keys sought per article: room for 15 alternates each that meet no other key.
    static let keysPerArticle: UInt64 = 16

    /// Per keyed section, the key space of each fragment (each ≥ 1).
    let wholeChoiceSpaces: [[UInt64]]
    /// Per keyed section, Σ `wholeChoiceSpaces` (saturating at `limit`).
    let wholeSectionSpaces: [UInt64]
    /// Π `wholeSectionSpaces`, at most `limit`: how many distinct bodies the job can have.
    let capacity: UInt64
    /// Whether the real product is larger than `capacity` (then `capacity` is `limit`).
    let isSaturated: Bool
    /// Per keyed section, the variants of each fragment the spread uses (≤ its whole space).
    let choiceSpaces: [[UInt64]]
    /// Per keyed section, Σ `choiceSpaces`.
    let sectionSpaces: [UInt64]
    /// K = Π `sectionSpaces` (≤ `capacity`): the keys articles and alternates take.
    let size: UInt64
    /// N, the articles the job plans; keys at positions ≥ N are spare, for alternates.
    let quantity: UInt64
    private let seed: UInt64
    private let alternateSeed: UInt64

    init(choiceSpaces whole: [[UInt64]], quantity: UInt64, seed: UInt64) {
        let whole = whole.map { $0.map { max($0, 1) } }
        self.wholeChoiceSpaces = whole
        self.wholeSectionSpaces = whole.map(Self.sum)
        (self.capacity, self.isSaturated) = Self.product(wholeSectionSpaces)

        let target = min(capacity, quantity.multipliedReportingOverflow(by: Self.keysPerArticle).overflow
            ? Self.limit : quantity * Self.keysPerArticle)
        var caps = whole.map { $0.min() ?? 1 }
        func capped(_ position: Int) -> [UInt64] { whole[position].map { min($0, caps[position]) } }
        var spaces = whole.indices.map { Self.sum(capped($0)) }
        while Self.product(spaces).value < target {
            // Grow the section with the fewest picks that still can: equal sections repeat least.
            guard let position = spaces.indices.filter({ caps[$0] < whole[$0].max()! }).min(by: { spaces[$0] < spaces[$1] }) else { break }
            caps[position] = min(caps[position].multipliedReportingOverflow(by: 2).overflow ? UInt64.max : caps[position] * 2, whole[position].max()!)
            spaces[position] = Self.sum(capped(position))
        }
        self.choiceSpaces = whole.indices.map(capped)
        self.sectionSpaces = spaces
        self.size = Self.product(spaces).value
        self.quantity = quantity
        self.seed = seed
        self.alternateSeed = SpintaxHash.mix64(seed ^ 0x616C_7465_726E)  // "altern"
    }

    private static func sum(_ spaces: [UInt64]) -> UInt64 {
        spaces.reduce(0) { sum, space in
            let (value, overflow) = sum.addingReportingOverflow(space)
            return overflow ? limit : min(value, limit)
        }
    }

    /// The product, saturating at `limit`, and whether it saturated.
    private static func product(_ spaces: [UInt64]) -> (value: UInt64, saturated: Bool) {
        var product: UInt64 = 1
        for space in spaces {
            let (value, overflow) = product.multipliedReportingOverflow(by: space)
            if overflow || value > limit { return (limit, true) }
            product = value
        }
        return (product, false)
    }

    /// How many keys no article plans: the room alternates draw from without meeting a planned body.
    var spareKeys: UInt64 { size > quantity ? size - quantity : 0 }

    /// The key of article `index` (< `quantity`), or of its `alternate`-th replacement (k ≥ 1). With no
    /// spare key every alternate is the planned key: any other key is another article's body.
    func key(article index: UInt64, alternate: UInt64 = 0) -> UInt64 {
        guard size > 1 else { return 0 }
        var position = index % size
        let spare = spareKeys
        if alternate > 0 && spare > 0 {
            let (product, overflow) = (alternate - 1).multipliedReportingOverflow(by: quantity)
            let slot = overflow ? SpintaxHash.mix64(alternate ^ index) : product &+ index
            position = quantity + SpintaxHash.feistelPermute(slot % spare, domain: spare, seed: alternateSeed)
        }
        return SpintaxHash.feistelPermute(position, domain: size, seed: seed)
    }

    /// The fragment and variant `key` (< `size`) picks in each keyed section, in section order.
    /// Distinct keys give distinct picks. Reuses `picks`' storage.
    func picks(of key: UInt64, into picks: inout [Pick]) {
        let count = sectionSpaces.count
        picks.removeAll(keepingCapacity: true)
        picks.append(contentsOf: repeatElement(Pick(choice: 0, variant: 0), count: count))
        var rest = key
        var placed = SpintaxHash.mix64(seed ^ 0x7069_636B)  // "pick"
        for position in stride(from: count - 1, through: 0, by: -1) {
            let space = sectionSpaces[position]
            let raw = rest % space
            rest /= space
            // The offset depends only on digits placed before this one, so the map stays invertible.
            let offset = SpintaxHash.multiplyHigh(SpintaxHash.mix64(placed ^ UInt64(position)), space)
            var digit = (raw + offset) % space
            placed = SpintaxHash.mix64(placed &+ digit &+ 0x9E37_79B9_7F4A_7C15)
            var choice = 0
            let spaces = choiceSpaces[position]
            while choice < spaces.count - 1 && digit >= max(spaces[choice], 1) {
                digit -= max(spaces[choice], 1)
                choice += 1
            }
            picks[position] = Pick(choice: choice, variant: digit)
        }
    }

    /// The product of a template's top-level group counts (saturating), which bounds a unique plan.
    static func keySpace(_ template: Template) -> UInt64 {
        template.topLevelGroupCounts.reduce(UInt64(1)) { product, count in
            let (value, overflow) = product.multipliedReportingOverflow(by: count)
            return overflow ? UInt64.max : value
        }
    }

    /// `capacity` as text: `more than 2^62` when saturated.
    var capacityDescription: String { isSaturated ? "more than \(Self.limit) (2^62)" : String(capacity) }
}
