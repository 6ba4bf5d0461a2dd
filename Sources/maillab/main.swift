import Foundation
import Glibc

let environment = ProcessInfo.processInfo.environment
let arguments = Array(CommandLine.arguments.dropFirst())
let fallbackLanguage = Language.fromEnvironment(environment)

do {
    let invocation = try Invocation.parse(arguments)
    if invocation.command == .serve {
        // Block the stop signals before any thread exists, so that every thread inherits the
        // mask and `serve` takes them with sigwait instead of a handler.
        var stopSignals = Commands.stopSignalSet()
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
    }
    let status = Commands.run(invocation, environment: environment)
    if invocation.command == .tui {
        // The lab shells' threads still block in reads that never return. Everything that
        // matters is written and the terminal is restored, so leave without running exit
        // handlers and destructors that could race those threads.
        fflush(nil)
        _exit(status)
    }
    exit(status)
} catch {
    FileHandle.standardError.write(Data("maillab: \(error.message(fallbackLanguage))\n".utf8))
    exit(2)
}
