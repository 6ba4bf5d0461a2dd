// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "maillab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "maillab", targets: ["maillab"])
    ],
    targets: [
        .target(
            name: "CCurses",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        .target(
            name: "COpenSSL",
            linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]
        ),
        .target(name: "CLinux"),
        .target(name: "SASL", dependencies: ["COpenSSL"]),
        .target(name: "MailProtocol", dependencies: ["SASL"]),
        .target(name: "MailServer", dependencies: ["MailProtocol", "COpenSSL", "CLinux"]),
        .target(name: "LabSystem", dependencies: ["SASL", "MailProtocol"]),
        .target(
            name: "LabShell", dependencies: ["LabSystem", "SASL", "MailProtocol", "COpenSSL"]),
        .target(name: "Course", dependencies: ["LabSystem", "MailProtocol", "COpenSSL"]),
        .target(name: "LabUI"),
        .target(name: "CursesTerminal", dependencies: ["CCurses", "LabUI"]),
        .executableTarget(
            name: "maillab",
            dependencies: [
                "SASL", "MailProtocol", "MailServer", "LabSystem", "LabShell", "Course",
                "LabUI", "CursesTerminal",
            ]
        ),
        .testTarget(name: "SASLTests", dependencies: ["SASL"]),
        .testTarget(name: "MailProtocolTests", dependencies: ["MailProtocol", "SASL"]),
        .testTarget(name: "MailServerTests", dependencies: ["MailServer", "MailProtocol", "SASL"]),
        .testTarget(name: "LabSystemTests", dependencies: ["LabSystem"]),
        .testTarget(name: "LabShellTests", dependencies: ["LabShell", "LabSystem", "SASL"]),
        .testTarget(name: "CourseTests", dependencies: ["Course", "LabSystem", "MailProtocol"]),
        .testTarget(name: "LabUITests", dependencies: ["LabUI"], exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["maillab"]),
    ]
)
