/// One check of `doctor`: what it looked at, and when something is wrong, why it matters and the fix.
package struct DoctorFinding: Sendable, Hashable {
    /// How bad a finding is; only `.problem` makes `doctor` exit 1.
    package enum Status: String, Sendable, Hashable {
        /// As it should be.
        case ok
        /// Worth knowing; does not make doctor fail.
        case note
        /// Wrong: doctor exits 1.
        case problem
    }

    /// The check's short name as printed (`server version`, `schema version`, …).
    package var check: String
    /// Whether the check passed, merits a note, or failed.
    package var status: Status
    /// What was found.
    package var detail: String
    /// Why it matters (problems and notes).
    package var why: String?
    /// What to do (problems and notes).
    package var fix: String?

    /// `why` and `fix` are for notes and problems; an `.ok` finding leaves them nil.
    package init(check: String, status: Status, detail: String, why: String? = nil, fix: String? = nil) {
        self.check = check
        self.status = status
        self.detail = detail
        self.why = why
        self.fix = fix
    }
}
