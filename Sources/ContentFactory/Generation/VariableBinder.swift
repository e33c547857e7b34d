import Foundation
import Spintax

/// Builds the variables of one article from its geo row, persona, variant and the job's constants
/// (Docs/Templates.md#variables-a-job-binds). Names match case-insensitively; the job's `filters.variables` win over the
/// built-in names they collide with.
struct VariableBinder: Sendable {
    /// Variables that come from each dimension, for attributing an unbound variable to its row.
    static let geoNames = ["City", "County", "State", "State_Code", "State_Abbr", "Population"]
    static let avatarNames = ["Avatar", "Wealth_Cluster", "Pain_Point"]
    static let variantNames = ["Variant", "Prompt_Modifier"]

    let data: CampaignData
    private let constants: [String: String]
    private let overridden: Set<String>
    /// Every name the job binds (declared schema for E004), canonical spellings, sorted.
    let declaredNames: [String]
    /// `Avatar_K` names from every persona's demographics.
    private let demographicNames: [String]

    init(data: CampaignData, spec: JobSpec, createdAt: Date) {
        self.data = data
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var constants: [String: String] = [
            "Site_Name": data.site.name,
            "Site_Url": data.site.url ?? "",
            "Campaign_Name": data.campaign.name,
            "Year": String(calendar.component(.year, from: createdAt)),
        ]
        let folded = Set(spec.variables.keys.map { $0.lowercased() })
        constants = constants.filter { !folded.contains($0.key.lowercased()) }
        for (name, value) in spec.variables { constants[name] = value }
        self.constants = Dictionary(constants.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.overridden = folded

        var demographic: [String] = []
        var seen = Set<String>()
        for avatar in data.avatars {
            for (key, _) in avatar.demographics {
                let name = "Avatar_" + key
                if seen.insert(name.lowercased()).inserted { demographic.append(name) }
            }
        }
        self.demographicNames = demographic

        var names: [String] = []
        var seenNames = Set<String>()
        for name in Self.geoNames + Self.avatarNames + Self.variantNames + demographic + constants.keys.sorted() {
            // `constants` still has canonical spellings here.
            let key = name.lowercased()
            if overridden.contains(key) && !spec.variables.keys.contains(name) { continue }
            if seenNames.insert(key).inserted { names.append(name) }
        }
        self.declaredNames = names.sorted()
    }

    /// The variables of the article at these coordinates, keyed by lowercased name (names match
    /// ASCII case-insensitively). A `nil` dimension binds a placeholder (`"x"`) to each of its names,
    /// so that pre-flight can check one dimension's rows alone. `painPoint` picks the persona's pain
    /// point (one per article, so every section speaks of the same one); `nil` binds the whole list.
    func values(geo: Int?, avatar: Int?, variant: Int?, painPoint: Int? = nil) -> (values: [String: String], lists: [String: [String]]) {
        var values = constants
        var lists: [String: [String]] = [:]
        func set(_ name: String, _ value: String?) {
            let key = name.lowercased()
            guard !overridden.contains(key) else { return }
            values[key] = value ?? ""
        }

        if let geo {
            let row = data.geo[geo]
            set("City", row.city)
            set("County", row.county)
            set("State", row.state)
            set("State_Code", row.stateCode)
            set("State_Abbr", row.stateCode)
            set("Population", row.population.map(Self.groupedDigits))
        } else {
            for name in Self.geoNames { set(name, "x") }
        }

        if let avatar {
            if data.avatars.isEmpty {
                for name in Self.avatarNames + demographicNames { set(name, nil) }
            } else {
                let persona = data.avatars[avatar]
                set("Avatar", persona.baseName)
                set("Wealth_Cluster", persona.wealthCluster)
                if let painPoint, !persona.painPoints.isEmpty {
                    set("Pain_Point", persona.painPoints[painPoint % persona.painPoints.count])
                } else if persona.painPoints.count > 1, !overridden.contains("pain_point") {
                    lists["pain_point"] = persona.painPoints
                } else {
                    set("Pain_Point", persona.painPoints.first)
                }
                for name in demographicNames { set(name, nil) }
                for (key, value) in persona.demographics { set("Avatar_" + key, value) }
            }
        } else {
            for name in Self.avatarNames + demographicNames { set(name, "x") }
        }

        if let variant {
            let row = data.variants.isEmpty ? nil : data.variants[variant]
            set("Variant", row?.name)
            set("Prompt_Modifier", row?.promptModifier)
        } else {
            for name in Self.variantNames { set(name, "x") }
        }
        return (values, lists)
    }

    /// As `values`, as a `Binding` holding every variable.
    func binding(geo: Int?, avatar: Int?, variant: Int?) -> Binding {
        let (values, lists) = values(geo: geo, avatar: avatar, variant: variant)
        return Binding(values: values, lists: lists)
    }

    /// `1234567` → `1,234,567`.
    static func groupedDigits(_ number: Int64) -> String {
        let digits = String(number.magnitude)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return number < 0 ? "-" + grouped : grouped
    }
}
