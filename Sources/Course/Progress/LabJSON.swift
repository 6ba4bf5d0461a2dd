import Foundation

/// The JSON coding of the lab folder's own files.
enum LabJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }

    static func load<Value: Decodable>(
        _ type: Value.Type, from url: URL
    ) throws(LabFileError) -> Value? {
        guard let data = try AtomicFile.read(url) else { return nil }
        do {
            return try decoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw LabFileError(path: url.path, problem: .corrupt(describe(error)))
        } catch {
            throw LabFileError(path: url.path, problem: .corrupt(error.localizedDescription))
        }
    }

    static func save<Value: Encodable>(_ value: Value, to url: URL) throws(LabFileError) {
        let data: Data
        do {
            data = try encoder().encode(value)
        } catch {
            throw LabFileError(
                path: url.path, problem: .writeFailed(call: "encode", reason: "\(error)"))
        }
        try AtomicFile.write(data + Data("\n".utf8), to: url)
    }

    /// Describes a decoding error in one line: what is wrong and at which field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { key in
                key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
            }
            let joined = keys.joined()
            return joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
        }
        switch error {
        case .dataCorrupted(let context):
            let location = path(context)
            return location.isEmpty ? "not valid JSON" : "invalid value at \(location)"
        case .keyNotFound(let key, let context):
            let location = path(context)
            return
                "missing field \(location.isEmpty ? key.stringValue : location + "." + key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        @unknown default:
            return "unreadable"
        }
    }
}
