import Foundation
import Glibc

let environment = ProcessInfo.processInfo.environment
let arguments = Array(CommandLine.arguments.dropFirst())
let fallbackLanguage = Language.fromEnvironment(environment)

do {
    let invocation = try Invocation.parse(arguments)
    exit(Commands.run(invocation, environment: environment))
} catch {
    FileHandle.standardError.write(Data("maillab: \(error.message(fallbackLanguage))\n".utf8))
    exit(2)
}
