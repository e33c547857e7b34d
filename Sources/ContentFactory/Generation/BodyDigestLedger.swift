import Spintax
import Synchronization

/// The last line of the job's distinctness guarantee: a 128-bit digest of every body this process
/// writes for the job (16 bytes per article). The plan makes bodies distinct; a repeat here means a
/// template renders two keys the same way (duplicate alternatives, W102).
final class BodyDigestLedger: Sendable {
    private let digests: Mutex<DigestSet>

    /// - Parameter expectedCount: the job's article count (sizes the table; capped at 2^20 up front).
    init(expectedCount: Int) {
        self.digests = Mutex(DigestSet(expectedCount: min(max(expectedCount, 1), 1 << 20)))
    }

    /// Records the bodies' digests.
    ///
    /// - Throws: `GenerationError` (`.collision`) naming both articles when a body repeats an earlier one.
    func record(_ batch: RenderedBatch) throws(GenerationError) {
        let collision: DigestSet.Collision? = digests.withLock { set in
            for article in batch.articles {
                // A batch written again after a rolled-back attempt meets its own digests.
                if let collision = set.insert(digest: article.contentDigest, index: UInt64(article.sequence)),
                   collision.firstIndex != collision.secondIndex {
                    return collision
                }
            }
            return nil
        }
        if let collision {
            throw GenerationError(.collision, "\(collision): a template is ambiguous (duplicate alternatives, W102)")
        }
    }
}
