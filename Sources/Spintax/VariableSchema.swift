/// The declared variable names of a campaign, matched ASCII case-insensitively.
public struct VariableSchema: Sendable {
    /// The names as declared, in declaration order.
    public let names: [String]
    /// ASCII-lowercased name → declared spelling.
    let canonicalByKey: [String: String]

    /// Creates a schema.
    /// - Throws: ``SpintaxError/Code/invalidSchema`` when two names differ only in case, or a name is
    ///   not an identifier (`[A-Za-z_][A-Za-z0-9_]*`).
    public init(names: [String]) throws(SpintaxError) {
        var map: [String: String] = [:]
        for name in names {
            guard Self.isIdentifier(name) else {
                throw SpintaxError(code: .invalidSchema, message: "'\(name)' is not a valid variable name")
            }
            let key = asciiLowercased(name)
            if let other = map[key], other != name {
                throw SpintaxError(
                    code: .invalidSchema, message: "variables '\(other)' and '\(name)' differ only in case")
            }
            map[key] = name
        }
        self.names = names
        self.canonicalByKey = map
    }

    /// The declared spelling of `name`, if declared (ASCII case-insensitively).
    public func canonicalName(for name: String) -> String? {
        canonicalByKey[asciiLowercased(name)]
    }

    /// The declared name closest to `name` by edit distance, if that distance is at most 2.
    func suggestion(for name: String) -> String? {
        let key = Array(asciiLowercased(name).utf8)
        var best: (distance: Int, name: String)?
        for declared in names {
            let d = editDistance(key, Array(asciiLowercased(declared).utf8), limit: 2)
            if d <= 2, best == nil || d < best!.distance { best = (d, declared) }
        }
        return best?.name
    }

    static func isIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, isIdentStart(first) else { return false }
        return bytes.allSatisfy(isIdentContinue)
    }
}

/// Levenshtein distance, cut short once every path exceeds `limit` (returns `limit + 1` then).
func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        current[0] = i
        var rowMin = current[0]
        for j in 1...max(b.count, 1) where !b.isEmpty {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            rowMin = min(rowMin, current[j])
        }
        if rowMin > limit { return limit + 1 }
        swap(&previous, &current)
    }
    return a.isEmpty ? b.count : previous[b.count]
}

func asciiLowercased(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return s }
    return String(unsafeUninitializedCapacity: s.utf8.count) { buffer in
        var i = 0
        for b in s.utf8 {
            buffer[i] = b >= 65 && b <= 90 ? b + 32 : b
            i += 1
        }
        return i
    }
}

@inline(__always) func isIdentStart(_ b: UInt8) -> Bool {
    (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
}

@inline(__always) func isIdentContinue(_ b: UInt8) -> Bool {
    isIdentStart(b) || (b >= 48 && b <= 57)
}
