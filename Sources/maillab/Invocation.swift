import Foundation

/// The learner's language for everything maillab prints.
enum Language: String, Sendable {
    case ja, en

    /// The language named by `LC_ALL`, `LC_MESSAGES` or `LANG`: Japanese for `ja*`, else English.
    static func fromEnvironment(_ environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("ja") ? .ja : .en
        }
        return .en
    }
}

/// A parsed command line.
struct Invocation: Equatable {
    enum Command: Equatable {
        case tui
        case serve
        case shell
        case check
        case report(format: String, output: String?)
        case reset
        case lessons(validatePath: String?)
        case help
        case version
    }

    var command: Command = .tui
    var labDirectory: String?
    var language: Language?
    var smtpPort: Int?
    var imapPort: Int?
    var pop3Port: Int?
    var lessonID = "lesson09"
}

/// A command-line mistake, named with the offending value.
enum UsageError: Error, Equatable {
    case unknownOption(String)
    case missingValue(option: String)
    case invalidPort(option: String, value: String)
    case invalidLanguage(String)
    case invalidFormat(String)
    case unexpectedArgument(String)

    func message(_ language: Language) -> String {
        switch (self, language) {
        case (.unknownOption(let option), .en):
            return "unknown option \(option); run 'maillab --help' for the options"
        case (.unknownOption(let option), .ja):
            return "不明なオプションです: \(option)。'maillab --help' でオプションを確認してください"
        case (.missingValue(let option), .en):
            return "option \(option) needs a value"
        case (.missingValue(let option), .ja):
            return "オプション \(option) には値が必要です"
        case (.invalidPort(let option, let value), .en):
            return "invalid port number for \(option): \(value);"
                + " give a number from 0 (any free port) to 65535"
        case (.invalidPort(let option, let value), .ja):
            return "\(option) のポート番号が不正です: \(value)。0 (空いているポート) から 65535 の数を指定してください"
        case (.invalidLanguage(let value), .en):
            return "invalid language: \(value); use ja or en"
        case (.invalidLanguage(let value), .ja):
            return "言語の指定が不正です: \(value)。ja か en を指定してください"
        case (.invalidFormat(let value), .en):
            return "invalid report format: \(value); use md, html or json"
        case (.invalidFormat(let value), .ja):
            return "レポートの形式が不正です: \(value)。md, html, json のどれかを指定してください"
        case (.unexpectedArgument(let value), .en):
            return "unexpected argument: \(value); run 'maillab --help' for the usage"
        case (.unexpectedArgument(let value), .ja):
            return "余分な引数です: \(value)。'maillab --help' で使い方を確認してください"
        }
    }
}

extension Invocation {
    /// Parses the arguments after the program name.
    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var invocation = Invocation()
        var commandSeen = false
        var reportFormat = "md"
        var reportOutput: String?
        var validatePath: String?
        var index = 0

        func value(for option: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw .missingValue(option: option) }
            return arguments[index]
        }

        func port(for option: String) throws(UsageError) -> Int {
            let text = try value(for: option)
            guard let number = Int(text), (0...65535).contains(number) else {
                throw .invalidPort(option: option, value: text)
            }
            return number
        }

        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--help", "-h":
                invocation.command = .help
                return invocation
            case "--version":
                invocation.command = .version
                return invocation
            case "--lab-dir":
                invocation.labDirectory = try value(for: argument)
            case "--lang":
                let text = try value(for: argument)
                guard let language = Language(rawValue: text) else {
                    throw .invalidLanguage(text)
                }
                invocation.language = language
            case "--smtp-port":
                invocation.smtpPort = try port(for: argument)
            case "--imap-port":
                invocation.imapPort = try port(for: argument)
            case "--pop3-port":
                invocation.pop3Port = try port(for: argument)
            case "--format":
                reportFormat = try value(for: argument)
                guard ["md", "html", "json"].contains(reportFormat) else {
                    throw .invalidFormat(reportFormat)
                }
            case "-o", "--output":
                reportOutput = try value(for: argument)
            case "serve", "shell", "check", "report", "reset", "lessons":
                guard !commandSeen else { throw .unexpectedArgument(argument) }
                commandSeen = true
                switch argument {
                case "serve": invocation.command = .serve
                case "shell": invocation.command = .shell
                case "check": invocation.command = .check
                case "report": invocation.command = .report(format: "md", output: nil)
                case "reset": invocation.command = .reset
                default: invocation.command = .lessons(validatePath: nil)
                }
            case "validate" where invocation.command == .lessons(validatePath: nil):
                validatePath = index + 1 < arguments.count ? try value(for: argument) : ""
            default:
                if argument.hasPrefix("-") { throw .unknownOption(argument) }
                throw .unexpectedArgument(argument)
            }
            index += 1
        }

        if case .report = invocation.command {
            invocation.command = .report(format: reportFormat, output: reportOutput)
        } else if reportOutput != nil || reportFormat != "md" {
            throw .unexpectedArgument(reportOutput ?? "--format")
        }
        if let validatePath {
            invocation.command = .lessons(validatePath: validatePath)
        }
        return invocation
    }
}
