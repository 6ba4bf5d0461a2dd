import Foundation
import Testing

@testable import MailServer

@Suite("TLS server context")
struct TLSServerContextTests {
    let fixture = TLSFixture.shared

    @Test("2048-bit key and certificate load")
    func validPair() throws {
        let context = try TLSServerContext(
            certificateFile: fixture.certificate, keyFile: fixture.key)
        #expect(context.keyBits == 2048)
    }

    @Test("key and certificate in one file load")
    func combinedFile() throws {
        let context = try TLSServerContext(
            certificateFile: fixture.combined, keyFile: fixture.combined)
        #expect(context.keyBits == 2048)
    }

    @Test("1024-bit key is too small")
    func weakKey() throws {
        do {
            _ = try TLSServerContext(
                certificateFile: fixture.weakCertificate, keyFile: fixture.weakKey)
            Issue.record("a 1024-bit key loaded")
        } catch {
            guard case .keyTooSmall(let path, let bits, let errors) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == fixture.weakKey)
            #expect(bits == 1024)
            #expect(errors.contains { $0.contains("ee key too small") })
            #expect(
                error.postfixWarnings.last
                    == "warning: cannot get RSA private key from file \"\(fixture.weakKey)\":"
                    + " disabling TLS support")
            #expect(
                error.postfixWarnings.first?.hasPrefix("warning: TLS library problem: ") == true)
        }
    }

    @Test("1024-bit key loads at security level 1")
    func weakKeyAtLevelOne() throws {
        let context = try TLSServerContext(
            certificateFile: fixture.weakCertificate, keyFile: fixture.weakKey, securityLevel: 1)
        #expect(context.keyBits == 1024)
    }

    @Test("key of another certificate is a mismatch")
    func mismatchedKey() throws {
        do {
            _ = try TLSServerContext(
                certificateFile: fixture.certificate, keyFile: fixture.otherKey)
            Issue.record("a mismatched key loaded")
        } catch {
            guard case .keyMismatch(let certificatePath, let keyPath, let errors) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(certificatePath == fixture.certificate)
            #expect(keyPath == fixture.otherKey)
            #expect(errors.contains { $0.contains("key values mismatch") })
        }
    }

    @Test("garbage key file is invalid")
    func garbageKey() throws {
        do {
            _ = try TLSServerContext(certificateFile: fixture.certificate, keyFile: fixture.garbage)
            Issue.record("a garbage key loaded")
        } catch {
            guard case .invalidPrivateKey(let path, let errors) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == fixture.garbage)
            #expect(!errors.isEmpty)
        }
    }

    @Test("garbage certificate file is invalid")
    func garbageCertificate() throws {
        do {
            _ = try TLSServerContext(certificateFile: fixture.garbage, keyFile: fixture.key)
            Issue.record("a garbage certificate loaded")
        } catch {
            guard case .invalidCertificate(let path, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == fixture.garbage)
            #expect(
                error.postfixWarnings.last
                    == "warning: cannot get RSA certificate from file \"\(fixture.garbage)\":"
                    + " disabling TLS support")
        }
    }

    @Test("missing key file is unreadable")
    func missingKey() throws {
        let missing = fixture.folder.appendingPathComponent("absent.key").path
        #expect(
            throws: TLSContextError.unreadableFile(
                role: .privateKey, path: missing, reason: "No such file or directory")
        ) {
            try TLSServerContext(certificateFile: fixture.certificate, keyFile: missing)
        }
    }

    @Test("directory as key file is unreadable")
    func directoryAsKey() throws {
        let folder = fixture.folder.path
        #expect(
            throws: TLSContextError.unreadableFile(
                role: .privateKey, path: folder, reason: "Is a directory")
        ) {
            try TLSServerContext(certificateFile: fixture.certificate, keyFile: folder)
        }
    }
}
