/// Where a setting's effective value came from; each overrides the one before it.
package enum SettingSource: String, Sendable, Hashable, Comparable {
    case `default`, file, env, flag

    private var rank: Int {
        switch self {
        case .default: 0
        case .file: 1
        case .env: 2
        case .flag: 3
        }
    }

    /// Orders by precedence: default < file < env < flag.
    package static func < (lhs: SettingSource, rhs: SettingSource) -> Bool { lhs.rank < rhs.rank }
}
