import Foundation
import Spintax

extension CompiledTemplate {
    /// Whether `binding` certainly gives every required variable a value that no modifier can empty
    /// (it has a letter or digit), so no R001 can come from it without resolving.
    func certainlyBound(by binding: Binding) -> Bool {
        requiredKeys.allSatisfy { key in
            if let value = binding.values[key] { return Self.hasAlphanumeric(value) }
            if let list = binding.lists[key] { return !list.isEmpty && list.allSatisfy(Self.hasAlphanumeric) }
            return false
        }
    }

    private static func hasAlphanumeric(_ value: String) -> Bool {
        value.utf8.contains { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }
}

/// A template row parsed strictly against the job's variables.
struct CompiledTemplate: Sendable {
    let row: CampaignData.TemplateRow
    let template: Template
    /// Fragments and offer blocks written without any tag get `<p>` paragraphs.
    let wrapsParagraphs: Bool
    /// The seed of this template's counter-based choices: the job seed mixed with the row's id, so
    /// two templates never share choices.
    private(set) var seed: UInt64
    /// The lowercased names a binding must give a value (referenced outside every conditional).
    let requiredKeys: [String]
    /// A fragment's unique plan over all its top-level variants (`ArticlePlan.fullPlan`), made once
    /// with seed 0 and reseeded per job: choosing key groups and copying the nodes cost more than the
    /// rest of a one-article job's preparation. Nil for other templates.
    let fullPlan: UniqueBatchPlan?

    init(row: CampaignData.TemplateRow, template: Template, jobSeed: UInt64) {
        self.row = row
        self.template = template
        self.wrapsParagraphs = !row.kind.isTitle && !ArticleText.containsTag(Array(row.text.utf8))
        self.seed = Self.seed(jobSeed: jobSeed, rowID: row.id)
        self.requiredKeys = template.requiredVariableKeys.sorted()
        self.fullPlan = row.kind == .fragment ? ArticlePlan.fullPlan(template, seed: 0) : nil
    }
}

extension CompiledTemplate {
    static func seed(jobSeed: UInt64, rowID: UUID) -> UInt64 {
        let uuid = rowID.uuid
        let idBytes = [uuid.0, uuid.1, uuid.2, uuid.3, uuid.4, uuid.5, uuid.6, uuid.7,
                       uuid.8, uuid.9, uuid.10, uuid.11, uuid.12, uuid.13, uuid.14, uuid.15]
        return SpintaxHash.mix64(jobSeed ^ SpintaxHash.fnv1a64(idBytes))
    }

    /// This template seeded for another job (a cached pre-flight reused by a new job).
    func reseeded(jobSeed: UInt64) -> CompiledTemplate {
        var copy = self
        copy.seed = Self.seed(jobSeed: jobSeed, rowID: row.id)
        return copy
    }
}
