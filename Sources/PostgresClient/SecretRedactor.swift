import Foundation

/// Scrubs passwords out of text that may echo a connection string (libpq's parse and connect errors).
struct SecretRedactor: Sendable {
    private let secrets: [String]
    private let connectionString: String

    init(secrets: [String], connectionString: String = "") {
        // Longest first, so a password that contains another candidate is replaced whole.
        self.secrets = Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
        self.connectionString = connectionString
    }

    /// `text` with the raw connection string (when it holds a secret) and every secret replaced by `***`.
    func redact(_ text: String) -> String {
        var result = text
        if !secrets.isEmpty, !connectionString.isEmpty {
            result = result.replacingOccurrences(of: connectionString, with: "<connection string>")
        }
        for secret in secrets {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }
}

extension PostgresConfiguration {
    /// A best-effort guess at the password in a raw connection string, used only to scrub messages
    /// about strings libpq could not parse (for parsed strings libpq's own result is used). Returns the
    /// raw and the percent-decoded form for URIs.
    static func passwordCandidates(in connectionString: String) -> [String] {
        var found: [String] = []
        for scheme in ["postgresql://", "postgres://"] where connectionString.hasPrefix(scheme) {
            let rest = connectionString.dropFirst(scheme.count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            guard let at = authority.lastIndex(of: "@") else { return found }
            let userInfo = authority[..<at]
            guard let colon = userInfo.firstIndex(of: ":") else { return found }
            let password = String(userInfo[userInfo.index(after: colon)...])
            found.append(password)
            if let decoded = password.removingPercentEncoding { found.append(decoded) }
            return found.filter { !$0.isEmpty }
        }
        // key=value form: password = value | password = 'quoted value'
        var searchStart = connectionString.startIndex
        while let range = connectionString.range(of: "password", range: searchStart..<connectionString.endIndex) {
            searchStart = range.upperBound
            var index = range.upperBound
            let text = connectionString
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            guard index < text.endIndex, text[index] == "=" else { continue }
            index = text.index(after: index)
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            guard index < text.endIndex else { continue }
            var value = ""
            if text[index] == "'" {
                index = text.index(after: index)
                while index < text.endIndex, text[index] != "'" {
                    if text[index] == "\\", text.index(after: index) < text.endIndex { index = text.index(after: index) }
                    value.append(text[index])
                    index = text.index(after: index)
                }
            } else {
                while index < text.endIndex, !text[index].isWhitespace {
                    value.append(text[index])
                    index = text.index(after: index)
                }
            }
            if !value.isEmpty { found.append(value) }
        }
        return found
    }
}
