import Foundation

/// Files the commands write (the training curve of `--log`): checked before any work, and
/// written with a message that says what is wrong in words.
enum OutputFile {
  /// Throws when `path` cannot be a file to write: a directory, a missing folder, or a
  /// folder without write permission.
  static func checkWritable(_ path: String, option: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      if isDirectory.boolValue {
        throw CommandFailure("\(option) '\(path)' is a directory; give a file path such as \((path as NSString).appendingPathComponent("curve.csv"))")
      }
      guard access(path, W_OK) == 0 else { throw CommandFailure("\(option) '\(path)': the file exists and cannot be written (\(String(cString: strerror(errno))))") }
      return
    }
    let folder = (path as NSString).deletingLastPathComponent
    let parent = folder.isEmpty ? "." : folder
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw CommandFailure("\(option) '\(path)': the folder '\(parent)' does not exist")
    }
    guard access(parent, W_OK) == 0 else {
      throw CommandFailure("\(option) '\(path)': the folder '\(parent)' cannot be written (\(String(cString: strerror(errno))))")
    }
  }

  /// Writes `text` to `path`; returns the problem in words, or nil on success.
  static func write(_ text: String, to path: String) -> String? {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { return "cannot open the file for writing (\(String(cString: strerror(errno))))" }
    defer { close(descriptor) }
    let bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
      let written = bytes[done...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 { return "cannot write the file (\(String(cString: strerror(errno))))" }
      done += written
    }
    return nil
  }
}
