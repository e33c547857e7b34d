import Spintax

/// The measured operations, shared by `spintax-bench`, `spintax-bench-allocs` and the ordo-one
/// suite so every view measures exactly the same calls.
///
/// Everything that is not part of the operation (reading files, parsing for the render
/// benchmarks, resolving the 60 bindings) happens once in `init`.
public struct Workload: Sendable {
    /// The seed every render uses.
    public static let seed: UInt64 = 42

    /// The raw inputs.
    public let data: BenchmarkData
    /// The article, parsed in strict mode against the bindings' schema.
    public let article: Template
    /// The headline template.
    public let headline: Template
    /// The article's 60 bindings, resolved against `article` once.
    public let articleBindings: [ResolvedBinding]
    /// `bindings[0]` resolved against `headline`.
    public let headlineBinding: ResolvedBinding
    /// The declared variable names (the keys of the binding rows).
    public let schema: VariableSchema

    /// Loads the data and prepares the templates and bindings.
    /// - Throws: `BenchmarkError` for missing data or a template that does not parse strictly,
    ///   `SpintaxError` when the schema or a binding is rejected.
    public init(data: BenchmarkData) throws {
        self.data = data
        schema = try VariableSchema(names: data.bindings[0].keys.sorted())
        let articleResult = Template.parse(data.articleSource, options: ParseOptions(mode: .strict, schema: schema))
        guard let article = articleResult.template else {
            throw BenchmarkError("the article does not parse strictly: \(articleResult.diagnostics.prefix(5))")
        }
        let headlineResult = Template.parse(data.headlineSource, options: ParseOptions(mode: .strict, schema: schema))
        guard let headline = headlineResult.template else {
            throw BenchmarkError("the headline does not parse strictly: \(headlineResult.diagnostics.prefix(5))")
        }
        self.article = article
        self.headline = headline
        articleBindings = try data.bindings.map { row throws(SpintaxError) in try article.resolve(Binding(row)) }
        let headlineRow = data.bindings[0].filter { headline.variableNames.contains($0.key) }
        headlineBinding = try headline.resolve(Binding(headlineRow))
    }

    /// Parses the article in strict mode with no schema: the parser alone.
    public func parseArticle() -> ParseResult {
        Template.parse(data.articleSource, options: ParseOptions(mode: .strict))
    }

    /// Lints the article: a parse against the schema in the given mode, diagnostics included.
    public func lintArticle(mode: ParseOptions.Mode) -> ParseResult {
        Template.parse(data.articleSource, options: ParseOptions(mode: mode, schema: schema))
    }

    /// Renders articles `first ..< first + count` (seed 42, binding `i % 60`) into one reused
    /// buffer, the way the generator does, and returns the total number of bytes produced.
    public func renderArticles(first: UInt64, count: Int, buffer: inout [UInt8]) -> Int {
        var total = 0
        var index = first
        let rows = UInt64(articleBindings.count)
        for _ in 0..<count {
            buffer.removeAll(keepingCapacity: true)
            article.render(
                seed: Workload.seed, index: index, binding: articleBindings[Int(index % rows)], into: &buffer)
            total &+= buffer.count
            index &+= 1
        }
        return total
    }

    /// Enumerates every headline variant in `variant(k)` order into one reused buffer and returns
    /// how many there were and a checksum of their lengths and last bytes (so nothing is elided).
    public func enumerateHeadlines(buffer: inout [UInt8]) -> (variants: Int, checksum: Int) {
        var enumerator = headline.makeVariantEnumerator(binding: headlineBinding)
        var variants = 0
        var checksum = 0
        while enumerator.next(into: &buffer) {
            variants += 1
            checksum &+= buffer.count &+ Int(buffer.last ?? 0)
        }
        return (variants, checksum)
    }
}
