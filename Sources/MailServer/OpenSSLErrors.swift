import COpenSSL

/// OpenSSL's error queue of the current thread.
enum OpenSSLErrorQueue {
    /// Removes and returns the queued errors, oldest first, with their reason codes.
    static func drain() -> [(line: String, reason: Int32)] {
        var errors: [(line: String, reason: Int32)] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            guard code != 0 else { break }
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            errors.append((text, ERR_GET_REASON(code)))
        }
        return errors
    }

    static func drainLines() -> [String] {
        drain().map(\.line)
    }

    static func clear() {
        ERR_clear_error()
    }
}
