import Foundation

/// What `explain` and `lint` say about near duplicates before anything is written: a sample of the
/// job's articles spread over its plan, compared pair by pair (exact Jaccard), extrapolated to the
/// job's quantity, and the fragments the closest pairs share most.
struct SimilarityEstimate {
    /// A fragment and the share of the closest pairs' common shingles found in it.
    struct SharedFragment {
        var fragment: FragmentRef
        var share: Double
    }

    /// Articles rendered.
    var sampleSize: Int
    /// Pairs compared.
    var pairs: Int
    var medianPair: Double
    var maxPair: Double
    /// The estimated nearest-neighbour Jaccard of an article among `quantity` articles: the pair
    /// distribution's 1 − 1/quantity quantile (its top pair when the sample cannot resolve it).
    var nearestAtQuantity: Double
    /// Whether the sample had fewer pairs than the quantity, so the estimate is its top pair (a floor).
    var isFloor: Bool
    var topFragments: [SharedFragment]

    /// Renders `sampleSize` articles spread over the job and compares every pair.
    ///
    /// - Throws: `GenerationError` from rendering.
    init(job prepared: PreparedCampaignJob, sampleSize requested: Int = 160) throws {
        let quantity = max(prepared.targetQuantity, 1)
        let count = min(requested, quantity)
        var articles: [RenderedArticle] = []
        for k in 0..<count {
            let index = k * quantity / count
            articles.append(try prepared.render(index..<(index + 1)).articles[0])
        }
        let sections = articles.map(Self.sectionShingles)
        let whole = articles.map { ShingleSet(html: Array($0.content.utf8), maskTerms: $0.maskTerms) }
        var values: [(jaccard: Double, i: Int, j: Int)] = []
        values.reserveCapacity(count * (count - 1) / 2)
        for i in whole.indices {
            for j in 0..<i { values.append((whole[i].jaccard(whole[j]), i, j)) }
        }
        values.sort { $0.jaccard < $1.jaccard }
        self.sampleSize = count
        self.pairs = values.count
        self.medianPair = values.isEmpty ? 0 : values[values.count / 2].jaccard
        self.maxPair = values.last?.jaccard ?? 0
        let tail = 1 / Double(max(quantity - 1, 1))
        let position = Int((Double(values.count) * (1 - tail)).rounded(.down))
        self.isFloor = values.isEmpty || position >= values.count - 1
        self.nearestAtQuantity = values.isEmpty ? 0 : values[min(position, values.count - 1)].jaccard

        // The closest 1% of pairs (at least 10): which fragments hold the shingles they share.
        var shared: [FragmentRef: Int] = [:]
        var total = 0
        for pair in values.suffix(max(10, values.count / 100)) {
            let a = articles[pair.i], b = articles[pair.j]
            for (position, fragment) in a.fragments.enumerated()
            where position < b.fragments.count && b.fragments[position] == fragment
                && position < sections[pair.i].count && position < sections[pair.j].count {
                let common = sections[pair.i][position].intersectionCount(sections[pair.j][position])
                shared[fragment, default: 0] += common
                total += common
            }
        }
        self.topFragments = shared.sorted { $0.value != $1.value ? $0.value > $1.value : ($0.key.type, $0.key.id.uuidString) < ($1.key.type, $1.key.id.uuidString) }
            .prefix(3).map { SharedFragment(fragment: $0.key, share: total == 0 ? 0 : Double($0.value) / Double(total)) }
    }

    /// The shingles of each `<section>` of an article's body, in order (one per `fragments` entry).
    static func sectionShingles(_ article: RenderedArticle) -> [ShingleSet] {
        let body = Array(article.content.utf8)
        let open = Array("<section".utf8)
        var starts: [Int] = []
        var index = 0
        while index + open.count <= body.count {
            if body[index] == open[0] && Array(body[index..<(index + open.count)]) == open { starts.append(index) }
            index += 1
        }
        return starts.indices.map { k in
            let end = k + 1 < starts.count ? starts[k + 1] : body.count
            return ShingleSet(html: Array(body[starts[k]..<end]), maskTerms: article.maskTerms)
        }
    }

    /// One line for `explain`.
    var summary: String {
        func f(_ value: Double) -> String { String(format: "%.2f", value) }
        return "nearest at the job's quantity ≈ \(isFloor ? "≥ " : "")\(f(nearestAtQuantity)) (\(sampleSize) sample articles, "
            + "\(pairs) pairs: median \(f(medianPair)), max \(f(maxPair)))"
    }

    /// The fragments the closest pairs share most, for `explain` and `W_SIMILAR`.
    var fragmentsText: String {
        topFragments.isEmpty ? "none" : topFragments.map {
            "\($0.fragment.type) \($0.fragment.id.uuidString.lowercased()) (\(Int(($0.share * 100).rounded()))%)"
        }.joined(separator: ", ")
    }
}
