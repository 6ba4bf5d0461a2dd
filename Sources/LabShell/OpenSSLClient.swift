struct OpenSSLClient {
    let context: CommandContext
    func run(_ arguments: [String]) -> Int32 { 1 }
}
