/// A condition that did not hold in time (`eventually`).
public struct Timeout: Error, CustomStringConvertible {
    public var description: String
}

/// Polls `condition` every 20 ms until it holds.
///
/// - Throws: `Timeout` naming `what` when it does not hold within `timeout`.
public func eventually(_ what: String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        if ContinuousClock.now > deadline { throw Timeout(description: "timed out after \(timeout) waiting for: \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
