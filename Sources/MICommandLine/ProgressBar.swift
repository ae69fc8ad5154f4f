import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a
/// terminal. Safe to update from several threads (estimators report from worker threads).
final class ProgressBar: @unchecked Sendable {
  private let label: String
  private let enabled: Bool
  private let lock = NSLock()
  private var lastDrawn = -1

  init(label: String) {
    self.label = label
    self.enabled = isatty(2) != 0
  }

  /// Whether the bar is drawn at all.
  var isShown: Bool { enabled }

  /// Redraws the bar for `done` of `total` steps.
  func update(_ done: Int, _ total: Int) {
    guard total > 0 else { return }
    update(fraction: Double(done) / Double(total), detail: "\(done)/\(total)")
  }

  /// Redraws the bar for a fraction done (at most once per percent).
  func update(fraction: Double, detail: String? = nil) {
    guard enabled else { return }
    let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
    lock.lock()
    defer { lock.unlock() }
    guard percent != lastDrawn else { return }
    lastDrawn = percent
    let width = 30
    let filled = percent * width / 100
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    FileHandle.standardError.write(Data("\r\(label) \(bar) \(detail ?? "\(percent)%")".utf8))
    if percent == 100 { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
  }

  /// Erases the bar.
  func clear() {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }
}
