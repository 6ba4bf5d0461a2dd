import LabSystem
import SASL

/// Masks every word of a command line about to be published that is the password of a user in
/// the sandbox's sasldb. A learner may type a password at the prompt by mistake, or put it in
/// `setenv` or `echo`, where no command-specific rule can see it. Each word is checked against
/// each user's salted verifier, so the store needs no plaintext for this.
enum KnownPasswordMasker {
    /// The shortest word that is checked. Shorter words are too common to mask, and each check
    /// costs a PBKDF2 computation.
    static let minimumLength = 4
    /// Lines with more words than this are checked only in their first words, which bounds
    /// the cost of a long pasted line.
    static let maximumWords = 32

    static func mask(_ line: String, sandbox: Sandbox) -> String {
        guard let database = try? SASLStore(sandbox: sandbox).load(), !database.users.isEmpty
        else { return line }
        let verifiers = database.users.compactMap {
            database.secrets(user: $0.user, realm: $0.realm)?.passwordVerifier
        }
        guard !verifiers.isEmpty else { return line }

        var masked = line
        var checked = 0
        for word in candidateWords(in: line) where checked < maximumWords {
            checked += 1
            let bytes = Array(word.utf8)
            if verifiers.contains(where: { $0.verify(bytes) }) {
                masked = masked.replacingOccurrences(of: word, with: CommandLineMasker.mask)
            }
        }
        return masked
    }

    /// Splits the line into words without the quotes and shell punctuation around them.
    private static func candidateWords(in line: String) -> [String] {
        let separators: Set<Character> = [" ", "\t", "'", "\"", "`", "|", ";", ">", "<", "=", "\\"]
        var words = Set<String>()
        for word in line.split(whereSeparator: { separators.contains($0) }) {
            let text = String(word)
            if text.count >= minimumLength, text != CommandLineMasker.mask { words.insert(text) }
        }
        return words.sorted { $0.count > $1.count }
    }
}
