import Foundation

/// A job's `filters` (its spec) cannot be used. Permanent: retrying the job will not help.
package struct JobSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; extensible. The raw values are snake_case, unlike the `E_…` codes: an
    /// `E_SPEC` failure carries one as its diagnostic's code in `work_log`, so their text stays
    /// (Docs/Architecture.md#errors).
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable string, e.g. `unknown_key`.
        package let rawValue: String
        /// Creates a code from its stable string.
        package init(rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        package var description: String { rawValue }

        /// `filters` is not valid JSON or not an object.
        package static let malformed = Code(rawValue: "malformed_filters")
        /// A key the spec does not define (a typo must not be ignored silently).
        package static let unknownKey = Code(rawValue: "unknown_key")
        /// A value of the wrong JSON type.
        package static let wrongType = Code(rawValue: "wrong_type")
        /// A value of the right type but outside what is allowed.
        package static let invalidValue = Code(rawValue: "invalid_value")
        /// Neither `filters.campaign_id` nor a `campaign_id` column names a campaign.
        package static let missingCampaign = Code(rawValue: "missing_campaign")
    }

    /// The kind of problem.
    package var code: Code
    /// The job whose spec this is, when known.
    package var jobID: UUID?
    /// The offending key as a path inside `filters`, e.g. `geo.min_population`; empty for the whole spec.
    package var key: String
    /// A human explanation.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, key: String, message: String, jobID: UUID? = nil) {
        self.code = code
        self.key = key
        self.message = message
        self.jobID = jobID
    }

    /// `job <id>: filters.<key>: <message>`.
    package var description: String {
        let job = jobID.map { "job \($0.uuidString.lowercased()): " } ?? ""
        let field = key.isEmpty ? "filters" : "filters.\(key)"
        return "\(job)\(field): \(message)"
    }
}
