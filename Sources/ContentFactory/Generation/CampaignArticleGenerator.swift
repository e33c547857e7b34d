import Foundation
import PostgresClient

/// The real `ArticleGenerator`: loads a campaign's rows, runs the pre-flight, and prepares the plan.
public struct CampaignArticleGenerator: ArticleGenerator {
    /// What `lint` and `explain` show: the pre-flight's findings and, without errors, the plan.
    public struct Report: Sendable {
        public var diagnostics: [GenerationDiagnostic]
        /// Dimension sizes, space, capacity and templates, when the job could be prepared.
        public var explanation: [String: String]
        public var explanationOrder: [String]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    let loader = CampaignLoader()
    /// Shared by every job this generator prepares (a daemon makes one generator).
    let templates = TemplateCache()

    public init() {}

    public func prepare(job: JobRecord, connection: PostgresConnection) async throws -> any PreparedGeneration {
        let spec = try Self.spec(of: job)
        if spec.kind == .headlines {
            return try await prepareHeadlineJob(job: job, spec: spec, connection: connection)
        }
        return try FinishedCampaignJob(base: try await prepareCampaignJob(job: job, connection: connection))
    }

    /// As `prepare`, with the concrete type (tests, `explain`).
    ///
    /// - Throws: `GenerationError` with every diagnostic; `PostgresError`.
    func prepareCampaignJob(job: JobRecord, connection: PostgresConnection) async throws -> PreparedCampaignJob {
        let spec = try Self.spec(of: job)
        let data = try await loader.load(spec: spec, siteID: job.siteID, connection: connection)
        let binder = VariableBinder(data: data, spec: spec, createdAt: job.createdAt)
        var outcome = GenerationPreflight(data: data, spec: spec, binder: binder, seed: spec.effectiveSeed(jobID: job.id), cache: templates).run()
        outcome.diagnostics += LinkPreflight.diagnostics(data.linkTargets)
        if outcome.hasErrors {
            let errors = outcome.diagnostics.filter { $0.severity == .error }
            if errors.allSatisfy({ $0.code == GenerationError.Code.link.rawValue }) {
                throw GenerationError(.link, errors[0].message + (errors.count > 1 ? " (and \(errors.count - 1) more link_targets rows)" : ""),
                                      diagnostics: outcome.diagnostics)
            }
            throw GenerationError(.validationFailed, "\(errors.count) error\(errors.count == 1 ? "" : "s") in the job's templates or data; first: \(errors[0])", diagnostics: outcome.diagnostics)
        }
        if spec.headlineSource == .inventory {
            // Checked up front so a job does not stop half way; concurrent jobs can still take headlines
            // meanwhile, and the batch that finds too few fails with the same code.
            let remaining = job.targetQuantity - job.currentOffset
            let unused = try await connection.query(GenerationQueries.unusedHeadlines, [data.campaign.id])[0].decode(Int.self, at: 0)
            if unused < remaining {
                throw GenerationError(.inventoryExhausted, "campaign \(data.campaign.id.uuidString.lowercased()) has \(unused) unused headlines in headline_inventory; the job needs \(remaining)")
            }
        }
        return try PreparedCampaignJob(job: job, spec: spec, data: data, binder: binder, preflight: outcome)
    }

    /// The pre-flight and plan of a job, without throwing for what it finds (for `lint` and `explain`).
    ///
    /// - Throws: `PostgresError` only.
    public func report(job: JobRecord, connection: PostgresConnection) async throws -> Report {
        do {
            if try Self.spec(of: job).kind == .headlines { return try await headlineReport(job: job, connection: connection) }
            let prepared = try await prepareCampaignJob(job: job, connection: connection)
            var report = Report(diagnostics: prepared.preflightWarnings, explanation: [:], explanationOrder: [])
            func add(_ key: String, _ value: String) {
                report.explanationOrder.append(key)
                report.explanation[key] = value
            }
            let plan = prepared.plan.generation
            let articlePlan = prepared.plan
            add("campaign", "\(prepared.data.campaign.name) (\(prepared.data.campaign.id.uuidString.lowercased()))")
            add("site", "\(prepared.data.site.name) (\(prepared.data.site.id.uuidString.lowercased()))")
            add("seed", String(prepared.seed))
            add("geo", "\(plan.geoCount) rows from \(prepared.data.geoSource.rawValue)")
            add("avatars", prepared.data.avatars.isEmpty ? "none (1)" : String(plan.avatarCount))
            add("variants", prepared.data.variants.isEmpty ? "not crossed (1)" : String(plan.variantCount))
            add("title templates", articlePlan.titles.map(\.row.name).joined(separator: ", "))
            add("combinations", plan.combinations.map(String.init) ?? "overflow")
            add("quantity", String(job.targetQuantity))
            add("repetitions per combination", String(articlePlan.titleRepetitions))
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
            let sample = try prepared.render(0..<min(20, max(job.targetQuantity, 1)))
            let words = sample.articles.map(\.wordCount)
            add("estimated words per article", words.isEmpty ? "-" : "\(words.min()!)–\(words.max()!) (mean \(words.reduce(0, +) / words.count), target \(prepared.data.campaign.targetWordCount))")
            let floor = prepared.data.campaign.targetWordCount * 8 / 10
            if let longest = words.max(), longest < floor {
                report.diagnostics.append(GenerationDiagnostic(
                    severity: .warning, code: "W_WORDS",
                    message: "the longest of \(words.count) sample articles has \(longest) words, under 80% of the campaign's target_word_count \(prepared.data.campaign.targetWordCount); add sections or fragments",
                    templateKind: "body"))
            }
            SimilarityEstimate.report(prepared, into: &report)
            return report
        } catch let error as GenerationError {
            var diagnostics = error.diagnostics
            if diagnostics.isEmpty {
                diagnostics = [GenerationDiagnostic(code: error.code.rawValue, message: error.message)]
            }
            return Report(diagnostics: diagnostics, explanation: [:], explanationOrder: [])
        }
    }

    /// The job's spec, with errors turned into a permanent `GenerationError`.
    static func spec(of job: JobRecord) throws(GenerationError) -> JobSpec {
        do {
            return try JobSpec(filters: job.filters, jobID: job.id)
        } catch {
            throw GenerationError(.invalidSpec, error.description, diagnostics: [
                GenerationDiagnostic(code: error.code.rawValue, message: error.description, templateKind: "filters")])
        }
    }
}
