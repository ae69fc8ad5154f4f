import Foundation

/// Appends JSON lines to the results file from several threads, one whole line at a time.
final class ResultWriter: @unchecked Sendable {
  private let handle: FileHandle
  private let lock = NSLock()
  private(set) var failedCount = 0
  private(set) var failure: String?

  init(path: String) throws {
    if !FileManager.default.fileExists(atPath: path) {
      guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CommandFailure("cannot create \(path)") }
    }
    guard let handle = FileHandle(forWritingAtPath: path) else { throw CommandFailure("cannot open \(path) for writing") }
    handle.seekToEndOfFile()
    self.handle = handle
  }

  deinit { try? handle.close() }

  func append(_ record: [String: Any]) {
    lock.lock()
    defer { lock.unlock() }
    if record["status"] as? String == "failed" { failedCount += 1 }
    do {
      var data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
      data.append(0x0A)
      try handle.write(contentsOf: data)
    } catch {
      failure = failure ?? "\(error)"
    }
  }
}

/// A counter shared by the worker threads.
final class RunCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  /// Adds one and returns the new value.
  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
}
