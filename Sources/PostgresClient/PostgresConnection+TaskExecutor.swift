extension PostgresConnection {
    /// The connection's own thread as a task executor. Work that runs statement after statement on
    /// this connection (a job) can prefer it (`Task(executorPreference:)`,
    /// `withTaskExecutorPreference`), so the code between statements runs on the same thread instead
    /// of hopping to the cooperative pool and back at every call. Keep long CPU work off it (child
    /// tasks inherit the preference: give them `globalConcurrentExecutor`).
    public nonisolated var taskExecutor: any TaskExecutor { executor }
}
