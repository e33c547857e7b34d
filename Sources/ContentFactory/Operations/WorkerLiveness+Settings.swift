extension WorkerLiveness {
    /// Liveness with the bounds both systemd's watchdog and `/healthz` use: an idle slot goes round
    /// at least every poll interval, the heartbeat ticks every heartbeat interval; each gets slack.
    package func isAlive(settings: QueueSettings, now: ContinuousClock.Instant = .now) -> Bool {
        isAlive(slotBound: settings.pollInterval * 2 + .seconds(1),
                heartbeatBound: settings.heartbeatInterval * 3 + .seconds(1), now: now)
    }
}
