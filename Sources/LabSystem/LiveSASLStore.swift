import Foundation
import SASL

/// The sandbox's sasldb as the SMTP server sees it: read again whenever the file changes, as
/// Cyrus SASL opens sasldb at each authentication, so `saslpasswd2` needs no restart.
public final class LiveSASLStore: SASLCredentialStore, @unchecked Sendable {
    private let store: SASLStore
    private let lock = NSLock()
    private var cached = SASLDatabase()  // guarded by lock
    private var cachedStamp: FileStamp?  // guarded by lock

    private struct FileStamp: Equatable {
        var modificationTime: Date
        var size: Int
    }

    public init(store: SASLStore) {
        self.store = store
    }

    public func secrets(user: String, realm: String) -> SASLSecrets? {
        current().secrets(user: user, realm: realm)
    }

    public func realms(ofUser user: String) -> [String] {
        current().realms(ofUser: user)
    }

    private func current() -> SASLDatabase {
        let attributes = try? store.sandbox.attributes(of: store.path)
        let stamp = attributes.map {
            FileStamp(modificationTime: $0.modificationTime, size: $0.size)
        }
        lock.lock()
        defer { lock.unlock() }
        if stamp != cachedStamp {
            // A file that cannot be read or parsed authenticates nobody, as with Cyrus.
            cached = (try? store.load()) ?? SASLDatabase()
            cachedStamp = stamp
        }
        return cached
    }
}
