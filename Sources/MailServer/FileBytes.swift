import Glibc

/// Reads a whole file with open(2) and read(2), so that a failure carries its `errno`.
func readFileBytes(atPath path: String) -> Result<[UInt8], SystemCallFailure> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(SystemCallFailure(name: "open", errno: errno)) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            return .failure(SystemCallFailure(name: "read", errno: errno))
        }
        if count == 0 { return .success(bytes) }
        bytes.append(contentsOf: chunk[0..<count])
    }
}

/// A failed system call and its `errno`, for errors that need the text of `strerror`.
struct SystemCallFailure: Error {
    var name: String
    var errno: Int32

    var reason: String { String(cString: strerror(errno)) }
}
