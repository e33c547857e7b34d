/// Best-of-N timing with `ContinuousClock`: the fastest run is the one least disturbed by the
/// other processes on a shared machine, so it is the figure that is comparable between runs.
public enum Stopwatch {
    /// Runs `body` `runs` times and returns the shortest duration in seconds.
    public static func best(runs: Int, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<max(1, runs) {
            let elapsed = clock.measure(body)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
        }
        return best
    }
}
