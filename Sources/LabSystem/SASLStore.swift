import SASL

/// The sasldb file of the sandbox, which `saslpasswd2` writes and the SMTP server reads.
public struct SASLStore: Sendable {
    /// Where Cyrus SASL keeps its users when `sasldb_path` does not say otherwise.
    public static let defaultPath = "/etc/sasldb2"
    /// The mode `saslpasswd2` gives a new sasldb (observed with Debian's sasl2-bin 2.1.28).
    public static let fileMode: UInt16 = 0o640

    public var sandbox: Sandbox
    /// The sandbox path of the file.
    public var path: String

    public init(sandbox: Sandbox, path: String = SASLStore.defaultPath) {
        self.sandbox = sandbox
        self.path = path
    }

    /// Reads the users; a missing file is an empty database, as Cyrus SASL treats it.
    public func load() throws(SASLStoreError) -> SASLDatabase {
        let bytes: [UInt8]
        do {
            bytes = try sandbox.readFile(path)
        } catch .notFound {
            return SASLDatabase()
        } catch {
            throw .file(error)
        }
        do {
            return try SASLDatabase(serialized: bytes)
        } catch {
            throw .corrupt(path: path, error: error)
        }
    }

    /// Writes the users atomically; a new file gets mode 0640.
    public func save(_ database: SASLDatabase) throws(SASLStoreError) {
        do {
            try sandbox.writeFile(path, contents: database.serialized(), mode: SASLStore.fileMode)
        } catch {
            throw .file(error)
        }
    }

    /// Loads, changes and saves the database, and returns what `change` returns.
    @discardableResult
    public func update<Result>(
        _ change: (inout SASLDatabase) -> Result
    ) throws(SASLStoreError) -> Result {
        var database = try load()
        let result = change(&database)
        try save(database)
        return result
    }
}

/// Why the sasldb could not be read or written.
public enum SASLStoreError: Error, Equatable, Sendable {
    case file(SandboxError)
    /// The file exists and is not a sasldb the lab wrote.
    case corrupt(path: String, error: SASLDatabaseError)

    /// The problem in English for the log and for the tools' messages.
    public var message: String {
        switch self {
        case .file(let error):
            return error.message
        case .corrupt(let path, let error):
            return "\(path): not a valid sasldb (\(error))"
        }
    }
}
