import Foundation
import Spintax

/// The pre-flight (Docs/Architecture.md#4-prepare): every template parsed strictly against the job's variables,
/// every data row checked for values the templates need (R001), sections and dimensions present.
/// Collects every diagnostic instead of stopping at the first.
struct GenerationPreflight {
    /// What the pre-flight produced: compiled templates when there was no error, and every finding.
    struct Outcome {
        var titles: [CompiledTemplate] = []
        var fragmentsByType: [String: [CompiledTemplate]] = [:]
        var offers: [CompiledTemplate] = []
        var structure: [String] = []
        var diagnostics: [GenerationDiagnostic] = []

        var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// The most R001 findings reported per template and dimension; the rest are counted.
    static let rowFindingsLimit = 20

    let data: CampaignData
    let spec: JobSpec
    let binder: VariableBinder
    let seed: UInt64
    let cache: TemplateCache

    func run() -> Outcome {
        var outcome = Outcome()
        let schema: VariableSchema
        do {
            schema = try VariableSchema(names: binder.declaredNames)
        } catch {
            outcome.diagnostics.append(GenerationDiagnostic(code: SpintaxError.Code.invalidSchema.rawValue, message: error.message))
            return outcome
        }
        let options = ParseOptions(mode: .strict, schema: schema)

        func compile(_ row: CampaignData.TemplateRow) -> CompiledTemplate? {
            let source = Array(row.text.utf8)
            let result = cache.parse(row.text, names: binder.declaredNames, options: options)
            for diagnostic in result.diagnostics {
                outcome.diagnostics.append(Self.diagnostic(diagnostic, row: row, source: source))
            }
            return result.template.map { CompiledTemplate(row: row, template: $0, jobSeed: seed) }
        }

        if data.titleTemplates.isEmpty && spec.headlineSource == .spintax {
            outcome.diagnostics.append(GenerationDiagnostic(
                code: GenerationError.Code.missingData.rawValue, message: "no title template: the campaign has no headline_spintax_root and no pattern is selected",
                templateKind: TemplateKind.headline.rawValue))
        }
        outcome.titles = data.titleTemplates.compactMap(compile)

        for fragment in data.fragments {
            if let compiled = compile(fragment) {
                outcome.fragmentsByType[fragment.fragmentType ?? "", default: []].append(compiled)
            }
        }
        outcome.offers = data.offerBlocks.compactMap(compile)

        let types = Array(Set(data.fragments.compactMap(\.fragmentType))).sorted()
        if let structure = spec.structure {
            var order = structure
            if !outcome.offers.isEmpty || !data.offerBlocks.isEmpty { order = BodyStructure.withOffer(order) }
            outcome.structure = order
            for type in structure where type != BodyStructure.offerBlock && !types.contains(type) && spec.kind == .articles {
                outcome.diagnostics.append(GenerationDiagnostic(
                    code: GenerationError.Code.missingData.rawValue, message: "filters.structure names fragment type '\(type)', but the campaign has no active fragment of that type",
                    templateKind: TemplateKind.fragment.rawValue))
            }
        } else {
            outcome.structure = BodyStructure.defaultOrder(fragmentTypes: types, hasOffer: !data.offerBlocks.isEmpty)
        }
        if data.fragments.isEmpty && spec.kind == .articles {
            outcome.diagnostics.append(GenerationDiagnostic(
                code: GenerationError.Code.missingData.rawValue, message: "campaign \(data.campaign.id.uuidString.lowercased()) has no active content fragment",
                templateKind: TemplateKind.fragment.rawValue))
        }
        if data.geo.isEmpty {
            outcome.diagnostics.append(GenerationDiagnostic(
                code: GenerationError.Code.missingData.rawValue, message: "no place matches the job's geo filter (source \(data.geoSource.rawValue))",
                templateKind: "geo"))
        }

        // A headline job renders titles only: its fragments are neither checked nor planned.
        let used = spec.kind == .headlines ? outcome.titles : outcome.titles + outcome.structure.flatMap { outcome.fragmentsByType[$0] ?? [] }
            + (outcome.structure.contains(BodyStructure.offerBlock) ? outcome.offers : [])
        if !data.geo.isEmpty {
            outcome.diagnostics += rowFindings(used)
        }
        outcome.diagnostics.sort { ($0.severity == .error ? 0 : 1, $0.templateName ?? "", $0.line ?? 0, $0.column ?? 0, $0.code) < ($1.severity == .error ? 0 : 1, $1.templateName ?? "", $1.line ?? 0, $1.column ?? 0, $1.code) }
        return outcome
    }

    /// R001: one dimension at a time, with the others bound to placeholders, so each finding names the
    /// row that lacks the value. Rows with the same empty geo fields are checked once.
    private func rowFindings(_ templates: [CompiledTemplate]) -> [GenerationDiagnostic] {
        var findings: [GenerationDiagnostic] = []

        func check(_ binding: Binding, rows: [UUID], kind: String) {
            for compiled in templates where !compiled.certainlyBound(by: binding) {
                do {
                    _ = try compiled.template.resolve(binding)
                } catch {
                    let source = Array(compiled.row.text.utf8)
                    for diagnostic in error.diagnostics {
                        var finding = Self.diagnostic(diagnostic, row: compiled.row, source: source)
                        finding.code = SpintaxError.Code.unboundVariable.rawValue
                        finding.rowID = rows.first
                        finding.message = diagnostic.message.replacingOccurrences(of: "in this row", with: "in \(kind) row")
                        if rows.count > 1 { finding.message += " (and \(rows.count - 1) more \(kind) rows)" }
                        findings.append(finding)
                    }
                }
            }
        }

        check(binder.binding(geo: nil, avatar: nil, variant: nil), rows: [], kind: "job")
        var geoGroups: [[Bool]: [Int]] = [:]
        var signatures: [[Bool]] = []
        for (index, row) in data.geo.enumerated() {
            let signature = [row.city, row.county, row.state, row.stateCode].map { !Self.hasVisibleCharacter($0) }
                + [row.population == nil]
            if geoGroups[signature] == nil { signatures.append(signature) }
            geoGroups[signature, default: []].append(index)
        }
        for signature in signatures {
            let indices = geoGroups[signature]!
            check(binder.binding(geo: indices[0], avatar: nil, variant: nil), rows: indices.map { data.geo[$0].id }, kind: "geo")
        }
        if !data.avatars.isEmpty {
            for (index, avatar) in data.avatars.enumerated() {
                check(binder.binding(geo: nil, avatar: index, variant: nil), rows: [avatar.id], kind: "avatar")
            }
        } else {
            check(binder.binding(geo: nil, avatar: 0, variant: nil), rows: [], kind: "avatar (none selected)")
        }
        if !data.variants.isEmpty {
            for (index, variant) in data.variants.enumerated() {
                check(binder.binding(geo: nil, avatar: nil, variant: index), rows: [variant.id], kind: "variant")
            }
        } else {
            check(binder.binding(geo: nil, avatar: nil, variant: 0), rows: [], kind: "variant (not crossed)")
        }
        return findings
    }

    private static func hasVisibleCharacter(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.utf8.contains { $0 > 0x20 }
    }

    static func diagnostic(_ diagnostic: Diagnostic, row: CampaignData.TemplateRow, source: [UInt8]) -> GenerationDiagnostic {
        GenerationDiagnostic(
            severity: diagnostic.severity == .error ? .error : .warning,
            code: diagnostic.code, message: diagnostic.message, templateKind: row.kind.rawValue, templateID: row.id,
            templateName: row.name, line: diagnostic.line, column: diagnostic.column,
            sourceLine: sourceLine(source, offset: diagnostic.byteOffset))
    }

    private static func sourceLine(_ source: [UInt8], offset: Int) -> String {
        let clamped = min(max(offset, 0), source.count)
        var start = clamped
        while start > 0, source[start - 1] != UInt8(ascii: "\n"), source[start - 1] != UInt8(ascii: "\r") { start -= 1 }
        var end = clamped
        while end < source.count, source[end] != UInt8(ascii: "\n"), source[end] != UInt8(ascii: "\r") { end += 1 }
        return String(decoding: source[start..<end], as: UTF8.self)
    }
}
