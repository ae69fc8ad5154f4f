import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar {
  private let label: String
  private let enabled: Bool
  private var lastDrawn = -1

  init(label: String) {
    self.label = label
    self.enabled = isatty(2) != 0
  }

  /// Redraws the bar for `done` of `total` (at most once per percent).
  func update(_ done: Int, _ total: Int) {
    guard enabled, total > 0 else { return }
    let percent = done * 100 / total
    guard percent != lastDrawn else { return }
    lastDrawn = percent
    let width = 30
    let filled = done * width / total
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)".utf8))
    if done == total { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
  }
}
