import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `content-factory` executable (built next to the test bundle) as a subprocess.
struct CommandRunner {
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The executable SwiftPM built for this test run: the test target depends on it, and it lands in
    /// the same products directory as the test bundle.
    static var executableURL: URL {
        let products = Bundle.main.bundleURL.hasDirectoryPath && Bundle.main.bundleURL.pathExtension == "xctest"
            ? Bundle.main.bundleURL.deletingLastPathComponent()
            : Bundle.main.executableURL!.deletingLastPathComponent()
        return products.appendingPathComponent("content-factory")
    }

    /// Runs `arguments` with the test process's environment plus `environment`, with nothing on stdin.
    static func run(_ arguments: [String], environment: [String: String] = [:], removing: [String] = []) throws -> Outcome {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for name in removing { merged.removeValue(forKey: name) }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting so a chatty child cannot block on a full pipe.
        let outData = output.fileHandleForReading.readAllRetryingInterrupts()
        let errData = error.fileHandleForReading.readAllRetryingInterrupts()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       standardOutput: String(decoding: outData, as: UTF8.self),
                       standardError: String(decoding: errData, as: UTF8.self))
    }
}

extension FileHandle {
    /// Everything up to end of file, read with read(2) and retried on EINTR: Foundation's
    /// `readDataToEndOfFile()` traps (a `try!` inside) when a signal interrupts the read, which a
    /// loaded machine running daemons that signal each other does hit.
    func readAllRetryingInterrupts() -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }
}
