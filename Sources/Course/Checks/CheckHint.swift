/// The hint the learner sees for a check (F6): the check's hint from `checks.json`, followed by
/// the reason of its current failure when it has one.
public enum CheckHint {
    public static func text(for check: CheckDefinition, result: CheckResult?) -> LocalizedText {
        guard let result, result.state == .failed else { return check.hint }
        return LocalizedText(
            ja: check.hint.ja + "\n\n" + result.reason.ja,
            en: check.hint.en + "\n\n" + result.reason.en)
    }
}
