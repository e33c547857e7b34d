/// A variable modifier (Docs/Templates.md#modifiers), applied left to right when a binding is resolved.
enum Modifier: UInt8, Sendable, Hashable {
    case lower, upper, title, capitalize, slug, aAn, trim

    init?(name: some Collection<UInt8>) {
        switch String(decoding: name, as: UTF8.self) {
        case "lower": self = .lower
        case "upper": self = .upper
        case "title": self = .title
        case "capitalize": self = .capitalize
        case "slug": self = .slug
        case "a_an": self = .aAn
        case "trim": self = .trim
        default: return nil
        }
    }

    func apply(_ s: String) -> String {
        switch self {
        case .lower: return s.lowercased()
        case .upper: return s.uppercased()
        case .capitalize:
            guard let first = s.unicodeScalars.first else { return s }
            return first.properties.titlecaseMapping + String(s.unicodeScalars.dropFirst())
        case .title:
            var out = ""
            var atWordStart = true
            for scalar in s.unicodeScalars {
                if scalar.properties.isWhitespace {
                    atWordStart = true
                    out.unicodeScalars.append(scalar)
                } else if atWordStart {
                    atWordStart = false
                    out += scalar.properties.titlecaseMapping
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            return out
        case .slug:
            var bytes: [UInt8] = []
            var pendingDash = false
            for b in s.lowercased().utf8 {
                if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
                    if pendingDash && !bytes.isEmpty { bytes.append(45) }
                    pendingDash = false
                    bytes.append(b)
                } else {
                    pendingDash = true
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        case .aAn:
            return (Self.takesAn(s) ? "an " : "a ") + s
        case .trim:
            let scalars = s.unicodeScalars
            guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
            return String(scalars[start...end])
        }
    }

    /// A heuristic (documented as such): "an" before a vowel letter, with a few common English
    /// exceptions for a silent h ("hour", "honest") and a consonant-sounding vowel ("unit", "one", "euro").
    static func takesAn(_ s: String) -> Bool {
        let word = String(s.drop(while: { !$0.isLetter && !$0.isNumber })).lowercased()
        for prefix in ["hour", "honest", "honor", "honour", "heir"] where word.hasPrefix(prefix) { return true }
        for prefix in ["uni", "use", "usu", "uti", "eu", "one", "once", "ur"] where word.hasPrefix(prefix) {
            return false
        }
        guard let first = word.unicodeScalars.first else { return false }
        return "aeiou".unicodeScalars.contains(first)
    }
}
