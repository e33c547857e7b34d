import Foundation

/// A job's `filters` (its spec) cannot be used. Permanent: retrying the job will not help.
public struct JobSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A stable identifier, e.g. `unknown_key`.
        public let rawValue: String
        /// Creates a code.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw code, as written into messages.
        public var description: String { rawValue }

        /// `filters` is not valid JSON or not an object.
        public static let malformed = Code("malformed_filters")
        /// A key the spec does not define (a typo must not be ignored silently).
        public static let unknownKey = Code("unknown_key")
        /// A value of the wrong JSON type.
        public static let wrongType = Code("wrong_type")
        /// A value of the right type but outside what is allowed.
        public static let invalidValue = Code("invalid_value")
        /// Neither `filters.campaign_id` nor a `campaign_id` column names a campaign.
        public static let missingCampaign = Code("missing_campaign")
    }

    /// The kind of problem.
    public var code: Code
    /// The job whose spec this is, when known.
    public var jobID: UUID?
    /// The offending key as a path inside `filters`, e.g. `geo.min_population`; empty for the whole spec.
    public var key: String
    /// A human explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, key: String, message: String, jobID: UUID? = nil) {
        self.code = code
        self.key = key
        self.message = message
        self.jobID = jobID
    }

    /// `job <id>: filters.<key>: <message>`.
    public var description: String {
        let job = jobID.map { "job \($0.uuidString.lowercased()): " } ?? ""
        let field = key.isEmpty ? "filters" : "filters.\(key)"
        return "\(job)\(field): \(message)"
    }
}
