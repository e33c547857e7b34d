import CLibPQ
import Foundation

/// Holds the `PGcancel` of the current backend so any thread can ask the server to cancel the running
/// statement (Swift task cancellation handlers run on whatever thread cancelled the task).
///
/// `PQcancel` itself is documented thread-safe; freeing the `PGcancel` while another thread uses it is
/// not, hence the lock.
final class QueryCanceller: @unchecked Sendable {
    // Invariant: `cancel` is read, replaced and freed only with `lock` held; the pointer it holds was
    // returned by `PQgetCancel` and is freed exactly once (in `replace` or `deinit`).
    private let lock = NSLock()
    private var cancel: OpaquePointer?

    init() {}

    deinit {
        if let cancel { PQfreeCancel(cancel) }
    }

    /// Installs the cancel object for a new backend (or `nil` when disconnected), freeing the old one.
    func replace(with connection: OpaquePointer?) {
        let fresh = connection.flatMap { PQgetCancel($0) }
        lock.lock()
        let old = cancel
        cancel = fresh
        lock.unlock()
        if let old { PQfreeCancel(old) }
    }

    /// Sends a cancel request for whatever the backend is running, on a short-lived thread of its own:
    /// `PQcancel` opens a new connection to the server and blocks, and the caller is typically a task on
    /// the cooperative pool that must not block. Best effort: a request that arrives when the backend is
    /// idle does nothing.
    func requestCancel() {
        Thread.detachNewThread { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard let cancel else { return }
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &buffer, Int32(buffer.count))
        }
    }
}
