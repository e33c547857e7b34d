/// The process exit codes of `content-factory`, documented in the README and relied on by the systemd
/// unit (`RestartPreventExitStatus=78`).
enum ExitStatus: Int32 {
    /// Everything went as asked.
    case success = 0
    /// A runtime failure: the database was unreachable, a query failed, a template had errors.
    case failure = 1
    /// The command line was malformed.
    case usage = 2
    /// The configuration is wrong (malformed URL, bad credentials, bad setting): restarting will not help.
    case configuration = 78
}
