import Spintax
import Synchronization

/// Parsed templates by source text and declared variables, so a daemon running many jobs of one
/// campaign parses each fragment once. Parsing is a pure function of those two, so a hit is exactly
/// what a parse would give. Bounded: emptied when it reaches `capacity` entries.
final class TemplateCache: Sendable {
    private struct Key: Hashable {
        var text: String
        var names: [String]
    }

    let capacity: Int
    private let entries = Mutex<[Key: ParseResult]>([:])

    init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    /// The strict parse of `text` against `names` (sorted, as `VariableSchema` takes them).
    func parse(_ text: String, names: [String], options: ParseOptions) -> ParseResult {
        let key = Key(text: text, names: names)
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let result = Template.parse(Array(text.utf8), options: options)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = result
        }
        return result
    }
}
